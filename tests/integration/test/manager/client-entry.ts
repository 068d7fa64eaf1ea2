// The client's public entries the manager tests use, in one place.
export { Client } from "@mcp/client";
export {
  createStdioManagedServer,
  isManagerError,
  ManagedServer,
  ManagerErrorCode,
  ServerPool,
  stdioServerFactory,
} from "@mcp/client/manager";
export type { StdioServerParameters } from "@mcp/client/stdio";
export { livingGroupMembers, StdioClientTransport, StdioErrorCode } from "@mcp/client/stdio";
