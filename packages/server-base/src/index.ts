/**
 * Public API of @mcp/server-base (runtime-neutral): the `McpServer` registry, its sessions,
 * handler context and result types, and the local error type. stdio lives in
 * `@mcp/server-base/stdio`, the command line in `@mcp/server-base/cli`, HTTP in
 * `@mcp/server-base/http`.
 */

export type { ClientRequestOptions, ElicitParams, HandlerContext, ToolContext } from "./context.js";
export { isServerError, ServerError, type ServerErrorCode } from "./errors.js";
export { LOGGING_LEVELS, type Logger } from "./logging.js";
export { McpServer, type McpServerOptions } from "./mcp-server.js";
export type { CompleteCallback } from "./registry/completions.js";
export type { PromptConfig, PromptHandler, RegisteredPrompt } from "./registry/prompts.js";
export type {
  ReadResourceCallback,
  ReadTemplateCallback,
  RegisteredResource,
  RegisteredResourceTemplate,
  ResourceMetadata,
  ResourceTemplateMetadata,
} from "./registry/resources.js";
export type { RegisteredTool, TaskSupport, ToolConfig, ToolHandler, ToolResult } from "./registry/tools.js";
export type { ObjectSchemaInput } from "./schema/object-schema.js";
export { type ConnectOptions, type PreInitialized, ServerSession } from "./server-session.js";
export { RELATED_TASK_META_KEY, type TaskOptions } from "./tasks/task-manager.js";
export { type TemplateVariables, UriTemplate } from "./uri-template.js";

/** The package's version, kept in step with package.json by the build. */
export const VERSION = "0.0.0";
