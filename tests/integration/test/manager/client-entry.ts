// The integration package does not list @mcp/client as a dependency yet (its package.json is not
// ours to change): reach the client's public subpath entries by path until it does. Each line
// names one public entry (src/index.ts, src/stdio/index.ts, src/manager/index.ts).
export { Client } from "../../../../packages/client/src/index.js";
export {
  createStdioManagedServer,
  isManagerError,
  ManagedServer,
  ManagerErrorCode,
  ServerPool,
  stdioServerFactory,
} from "../../../../packages/client/src/manager/index.js";
export type { StdioServerParameters } from "../../../../packages/client/src/stdio/index.js";
export {
  livingGroupMembers,
  StdioClientTransport,
  StdioErrorCode,
} from "../../../../packages/client/src/stdio/index.js";
