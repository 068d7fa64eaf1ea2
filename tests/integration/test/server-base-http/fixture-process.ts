/**
 * Starts the conformance fixture server (examples/src/conformance-server.ts, built on
 * @mcp/server-base) as a real child process on an ephemeral port, and stops it by its PID.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const examplesDir = resolve(repoRoot, "examples");

export interface FixtureProcess {
  url: URL;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startFixture(): Promise<FixtureProcess> {
  const tsx = createRequire(resolve(examplesDir, "package.json")).resolve("tsx/cli");
  // Own process group (detached) so the tsx wrapper and its node child go down together.
  const child = spawn(process.execPath, [tsx, "--conditions=@mcp/source", "src/conformance-server.ts"], {
    cwd: examplesDir,
    env: { PATH: process.env.PATH ?? "", PORT: "0" },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  const url = await new Promise<URL>((resolveUrl, reject) => {
    let stderr = "";
    const timer = setTimeout(() => reject(new Error(`fixture did not start: ${stderr}`)), 45_000);
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      stderr += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(new URL(match[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`fixture exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null || child.pid === undefined) return resolveStop();
        const timer = setTimeout(() => {
          try {
            process.kill(-(child.pid as number), "SIGKILL");
          } catch {}
        }, 5000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolveStop();
        });
        try {
          process.kill(-(child.pid as number), "SIGTERM");
        } catch {
          clearTimeout(timer);
          resolveStop();
        }
      }),
  };
}
