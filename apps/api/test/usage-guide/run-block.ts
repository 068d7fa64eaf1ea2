import { execFile } from "node:child_process";
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

// Fixed text: the block and the env file are named by environment variables, never spliced into
// the command line. The block is sourced in this shell so its `export`s survive into `export -p`.
const RUNNER = 'source "$GUIDE_ENV_FILE"\nsource "$GUIDE_BLOCK_FILE"\nexport -p > "$GUIDE_ENV_FILE"\n';

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
    execFile(
      "bash",
      ["-euo", "pipefail", "-c", RUNNER],
      {
        cwd: session.dir,
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: session.dir,
          LANG: "C.UTF-8",
          GUIDE_ENV_FILE: session.envFile,
          GUIDE_BLOCK_FILE: blockFile,
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}
