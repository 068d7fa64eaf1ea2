/**
 * Public API of `@mcp/server-base/cli` (Node only): `runServerCli()`, the command line every
 * server built on the base shares.
 */
export {
  type CliOption,
  type ParsedCli,
  type RunningCli,
  type RunServerCliOptions,
  runServerCli,
} from "./run-server-cli.js";
