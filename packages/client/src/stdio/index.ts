/**
 * Public API of `@mcp/client/stdio` (Node only): the stdio client transport that starts an MCP
 * server as a child process in its own process group, and the helpers it is built from.
 */

export { buildServerEnvironment, DEFAULT_INHERITED_ENV_VARS, getDefaultEnvironment } from "./environment.js";
export type { ProcessExitInfo, StdioErrorCodeValue } from "./errors.js";
export { isStdioProcessError, StdioErrorCode, StdioProcessError } from "./errors.js";
export type { ProcessStat } from "./process-group.js";
export {
  listProcesses,
  livingGroupMembers,
  parseProcStat,
  signalProcessGroup,
  trackedProcessGroups,
} from "./process-group.js";
export { TextRingBuffer } from "./ring-buffer.js";
export type {
  StdioCloseTimeouts,
  StdioServerParameters,
  StdioTransportState,
} from "./stdio-client-transport.js";
export { StdioClientTransport } from "./stdio-client-transport.js";
