#!/usr/bin/env node
// The `mcp` command: a thin entry point; the logic lives in cli/run-cli.ts (tested in-process too).
import { runCli } from "./cli/run-cli.js";
import { VERSION } from "./index.js";

runCli(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  },
  VERSION,
).then((code) => {
  // Exit explicitly once the output is flushed: idle keep-alive sockets must not hold the CLI open.
  process.stdout.write("", () => process.exit(code));
});
