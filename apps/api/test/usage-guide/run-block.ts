import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** Where the blocks of one guide run share their state. */
export interface BlockSession {
  /** The working directory of every block (a throwaway directory). */
  dir: string;
  /** The file that carries exported variables from one block to the next. */
  envFile: string;
}

/** What one block printed. */
export interface BlockOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Fixed text: the env file and the block are passed as arguments, never spliced into the
// command line. The block is sourced in this shell so its `export`s survive into `export -p`.
const RUNNER = [
  "__guide_env_file=$1; __guide_block_file=$2; shift 2",
  'source "$__guide_env_file"',
  'source "$__guide_block_file"',
  'export -p > "$__guide_env_file"',
].join("\n");

/**
 * Starts a session whose first block sees `initial` (e.g. MCP_URL and MCP_ADMIN_KEY) exported.
 *
 * @example
 * const session = createBlockSession(dir, { MCP_URL: url, MCP_ADMIN_KEY: key });
 */
export function createBlockSession(dir: string, initial: Record<string, string>): BlockSession {
  const envFile = join(dir, "guide.env");
  // `export -p` quoting, written by bash itself would be nicer, but values here are plain:
  // single-quote them and escape single quotes, which bash reads back exactly.
  const lines = Object.entries(initial).map(
    ([name, value]) => `export ${name}='${value.replaceAll("'", "'\\''")}'`,
  );
  writeFileSync(envFile, `${lines.join("\n")}\n`);
  return { dir, envFile };
}

/**
 * Runs one block with `bash -euo pipefail`, after the variables the earlier blocks exported.
 *
 * @example
 * const { code, stdout } = await runBlock(session, 'curl -s "$MCP_URL/health"', 2);
 */
export function runBlock(
  session: BlockSession,
  script: string,
  index: number,
  timeoutMs = 180_000,
): Promise<BlockOutput> {
  const blockFile = join(session.dir, `block-${index}.sh`);
  writeFileSync(blockFile, `${script}\n`);
  return new Promise((done) => {
    // stdin is /dev/null, not a socket: bash treats a socket on stdin as a remote shell and
    // would read /etc/bash.bashrc, which is not written for `set -u`.
    const child = spawn(
      "bash",
      ["-euo", "pipefail", "-c", RUNNER, "guide-block", session.envFile, blockFile],
      {
        cwd: session.dir,
        stdio: ["ignore", "pipe", "pipe"],
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: session.dir, LANG: "C.UTF-8" },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
