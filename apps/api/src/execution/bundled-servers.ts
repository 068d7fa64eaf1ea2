import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The servers shipped with the platform, by the bin name the registry stores as their command. */
export const BUNDLED_SERVERS: Readonly<Record<string, string>> = Object.freeze({
  "mcp-server-calculator": "@mcp/server-calculator",
  "mcp-server-filesystem": "@mcp/server-filesystem",
  "mcp-server-database": "@mcp/server-database",
});

/** An executable and the arguments that come before the server's own. */
export interface ResolvedCommand {
  command: string;
  args: string[];
}

const require = createRequire(import.meta.url);
// When the API itself runs from its TypeScript sources (tests, `tsx` in development), the bundled
// servers run from theirs too, so a stale build of a server never answers for today's code.
const runningFromSource = import.meta.url.endsWith(".ts");

/**
 * How to run a bundled server here: `node <its built bin>`; or, when the API runs from source (or
 * the server was not built), `node --import tsx <its src/cli.ts>` with the workspace's source
 * condition. The registry stores only the bin name, so rows stay valid when the installation moves; and nothing is
 * fetched at run time (no `npx -y`). Returns undefined for a command that is not bundled.
 *
 * @example
 * resolveBundledCommand("mcp-server-calculator"); // { command: "/usr/bin/node", args: [".../dist/cli.js"] }
 */
export function resolveBundledCommand(bin: string): ResolvedCommand | undefined {
  const packageName = BUNDLED_SERVERS[bin];
  if (!packageName) return undefined;
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const root = dirname(manifestPath);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin?: Record<string, string> };
  const built = join(root, manifest.bin?.[bin] ?? "dist/cli.js");
  const source = join(root, "src/cli.ts");
  const fromSource = existsSync(source) && (runningFromSource || !existsSync(built));
  if (!fromSource) {
    if (!existsSync(built))
      throw new Error(`${packageName} is neither built (${built}) nor a source checkout`);
    return { command: process.execPath, args: [built] };
  }
  const tsx = require.resolve("tsx");
  return { command: process.execPath, args: ["--conditions=@mcp/source", "--import", tsx, source] };
}
