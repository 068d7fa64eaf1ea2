/**
 * Whole JSON-RPC messages per method, named as in the 2025-11-25 schema.json (`CallToolRequest`,
 * `ProgressNotification`, ...), and the client/server unions. Request and notification unions are
 * discriminated on `method`, so a message is checked against one shape only.
 */
import { z } from "zod";
import { JSONRPC_VERSION, RequestIdSchema } from "../jsonrpc.js";
import {
  EmptyResultSchema,
  NotificationParamsSchema,
  PaginatedRequestParamsSchema,
  RequestParamsSchema,
  ResultSchema,
} from "./base.js";
import {
  ElicitationCompleteNotificationParamsSchema,
  ElicitRequestParamsSchema,
  ElicitRequestURLParamsSchema,
  ElicitResultSchema,
} from "./elicitation.js";
import {
  CancelledNotificationParamsSchema,
  InitializeRequestParamsSchema,
  InitializeResultSchema,
  LoggingMessageNotificationParamsSchema,
  ProgressNotificationParamsSchema,
  SetLevelRequestParamsSchema,
} from "./lifecycle.js";
import {
  CompleteRequestParamsSchema,
  CompleteResultSchema,
  GetPromptRequestParamsSchema,
  GetPromptResultSchema,
  ListPromptsResultSchema,
} from "./prompts.js";
import {
  ListResourcesResultSchema,
  ListResourceTemplatesResultSchema,
  ReadResourceRequestParamsSchema,
  ReadResourceResultSchema,
  ResourceUpdatedNotificationParamsSchema,
  SubscribeRequestParamsSchema,
  UnsubscribeRequestParamsSchema,
} from "./resources.js";
import { ListRootsResultSchema } from "./roots.js";
import { CreateMessageRequestParamsSchema, CreateMessageResultSchema } from "./sampling.js";
import {
  CancelTaskResultSchema,
  GetTaskPayloadResultSchema,
  GetTaskResultSchema,
  ListTasksResultSchema,
  TaskIdParamsSchema,
  TaskStatusNotificationParamsSchema,
} from "./tasks.js";
import { CallToolRequestParamsSchema, CallToolResultSchema, ListToolsResultSchema } from "./tools.js";

const jsonrpc = z.literal(JSONRPC_VERSION);

function request<M extends string, P extends z.ZodType>(method: M, params: P) {
  return z.looseObject({ jsonrpc, id: RequestIdSchema, method: z.literal(method), params });
}

function notification<M extends string, P extends z.ZodType>(method: M, params: P) {
  return z.looseObject({ jsonrpc, method: z.literal(method), params });
}

/** A paginated list request of any method. */
export const PaginatedRequestSchema = z.looseObject({
  jsonrpc,
  id: RequestIdSchema,
  method: z.string(),
  params: PaginatedRequestParamsSchema.optional(),
});
/** A paginated list request. */
export type PaginatedRequest = z.infer<typeof PaginatedRequestSchema>;

/** `initialize` (client → server). */
export const InitializeRequestSchema = request("initialize", InitializeRequestParamsSchema);
/** `initialize`. */
export type InitializeRequest = z.infer<typeof InitializeRequestSchema>;
/** `ping` (either side). */
export const PingRequestSchema = request("ping", RequestParamsSchema.optional());
/** `ping`. */
export type PingRequest = z.infer<typeof PingRequestSchema>;
/** `resources/list`. */
export const ListResourcesRequestSchema = request("resources/list", PaginatedRequestParamsSchema.optional());
/** `resources/list`. */
export type ListResourcesRequest = z.infer<typeof ListResourcesRequestSchema>;
/** `resources/templates/list`. */
export const ListResourceTemplatesRequestSchema = request(
  "resources/templates/list",
  PaginatedRequestParamsSchema.optional(),
);
/** `resources/templates/list`. */
export type ListResourceTemplatesRequest = z.infer<typeof ListResourceTemplatesRequestSchema>;
/** `resources/read`. */
export const ReadResourceRequestSchema = request("resources/read", ReadResourceRequestParamsSchema);
/** `resources/read`. */
export type ReadResourceRequest = z.infer<typeof ReadResourceRequestSchema>;
/** `resources/subscribe`. */
export const SubscribeRequestSchema = request("resources/subscribe", SubscribeRequestParamsSchema);
/** `resources/subscribe`. */
export type SubscribeRequest = z.infer<typeof SubscribeRequestSchema>;
/** `resources/unsubscribe`. */
export const UnsubscribeRequestSchema = request("resources/unsubscribe", UnsubscribeRequestParamsSchema);
/** `resources/unsubscribe`. */
export type UnsubscribeRequest = z.infer<typeof UnsubscribeRequestSchema>;
/** `prompts/list`. */
export const ListPromptsRequestSchema = request("prompts/list", PaginatedRequestParamsSchema.optional());
/** `prompts/list`. */
export type ListPromptsRequest = z.infer<typeof ListPromptsRequestSchema>;
/** `prompts/get`. */
export const GetPromptRequestSchema = request("prompts/get", GetPromptRequestParamsSchema);
/** `prompts/get`. */
export type GetPromptRequest = z.infer<typeof GetPromptRequestSchema>;
/** `tools/list`. */
export const ListToolsRequestSchema = request("tools/list", PaginatedRequestParamsSchema.optional());
/** `tools/list`. */
export type ListToolsRequest = z.infer<typeof ListToolsRequestSchema>;
/**
 * `tools/call`.
 *
 * @example
 * ```ts
 * CallToolRequestSchema.parse({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "add", arguments: { a: 1 } } });
 * ```
 */
export const CallToolRequestSchema = request("tools/call", CallToolRequestParamsSchema);
/** `tools/call`. */
export type CallToolRequest = z.infer<typeof CallToolRequestSchema>;
/** `tasks/get`. */
export const GetTaskRequestSchema = request("tasks/get", TaskIdParamsSchema);
/** `tasks/get`. */
export type GetTaskRequest = z.infer<typeof GetTaskRequestSchema>;
/** `tasks/result`. */
export const GetTaskPayloadRequestSchema = request("tasks/result", TaskIdParamsSchema);
/** `tasks/result`. */
export type GetTaskPayloadRequest = z.infer<typeof GetTaskPayloadRequestSchema>;
/** `tasks/cancel`. */
export const CancelTaskRequestSchema = request("tasks/cancel", TaskIdParamsSchema);
/** `tasks/cancel`. */
export type CancelTaskRequest = z.infer<typeof CancelTaskRequestSchema>;
/** `tasks/list`. */
export const ListTasksRequestSchema = request("tasks/list", PaginatedRequestParamsSchema.optional());
/** `tasks/list`. */
export type ListTasksRequest = z.infer<typeof ListTasksRequestSchema>;
/** `logging/setLevel`. */
export const SetLevelRequestSchema = request("logging/setLevel", SetLevelRequestParamsSchema);
/** `logging/setLevel`. */
export type SetLevelRequest = z.infer<typeof SetLevelRequestSchema>;
/** `completion/complete`. */
export const CompleteRequestSchema = request("completion/complete", CompleteRequestParamsSchema);
/** `completion/complete`. */
export type CompleteRequest = z.infer<typeof CompleteRequestSchema>;
/** `sampling/createMessage` (server → client). */
export const CreateMessageRequestSchema = request("sampling/createMessage", CreateMessageRequestParamsSchema);
/** `sampling/createMessage`. */
export type CreateMessageRequest = z.infer<typeof CreateMessageRequestSchema>;
/** `roots/list` (server → client). */
export const ListRootsRequestSchema = request("roots/list", RequestParamsSchema.optional());
/** `roots/list`. */
export type ListRootsRequest = z.infer<typeof ListRootsRequestSchema>;
/** `elicitation/create` (server → client). */
export const ElicitRequestSchema = request("elicitation/create", ElicitRequestParamsSchema);
/** `elicitation/create`. */
export type ElicitRequest = z.infer<typeof ElicitRequestSchema>;

/** `notifications/cancelled` (either side). */
export const CancelledNotificationSchema = notification(
  "notifications/cancelled",
  CancelledNotificationParamsSchema,
);
/** `notifications/cancelled`. */
export type CancelledNotification = z.infer<typeof CancelledNotificationSchema>;
/** `notifications/initialized` (client → server). */
export const InitializedNotificationSchema = notification(
  "notifications/initialized",
  NotificationParamsSchema.optional(),
);
/** `notifications/initialized`. */
export type InitializedNotification = z.infer<typeof InitializedNotificationSchema>;
/** `notifications/progress` (either side). */
export const ProgressNotificationSchema = notification(
  "notifications/progress",
  ProgressNotificationParamsSchema,
);
/** `notifications/progress`. */
export type ProgressNotification = z.infer<typeof ProgressNotificationSchema>;
/** `notifications/tasks/status` (either side). */
export const TaskStatusNotificationSchema = notification(
  "notifications/tasks/status",
  TaskStatusNotificationParamsSchema,
);
/** `notifications/tasks/status`. */
export type TaskStatusNotification = z.infer<typeof TaskStatusNotificationSchema>;
/** `notifications/roots/list_changed` (client → server). */
export const RootsListChangedNotificationSchema = notification(
  "notifications/roots/list_changed",
  NotificationParamsSchema.optional(),
);
/** `notifications/roots/list_changed`. */
export type RootsListChangedNotification = z.infer<typeof RootsListChangedNotificationSchema>;
/** `notifications/resources/list_changed`. */
export const ResourceListChangedNotificationSchema = notification(
  "notifications/resources/list_changed",
  NotificationParamsSchema.optional(),
);
/** `notifications/resources/list_changed`. */
export type ResourceListChangedNotification = z.infer<typeof ResourceListChangedNotificationSchema>;
/** `notifications/resources/updated`. */
export const ResourceUpdatedNotificationSchema = notification(
  "notifications/resources/updated",
  ResourceUpdatedNotificationParamsSchema,
);
/** `notifications/resources/updated`. */
export type ResourceUpdatedNotification = z.infer<typeof ResourceUpdatedNotificationSchema>;
/** `notifications/prompts/list_changed`. */
export const PromptListChangedNotificationSchema = notification(
  "notifications/prompts/list_changed",
  NotificationParamsSchema.optional(),
);
/** `notifications/prompts/list_changed`. */
export type PromptListChangedNotification = z.infer<typeof PromptListChangedNotificationSchema>;
/** `notifications/tools/list_changed`. */
export const ToolListChangedNotificationSchema = notification(
  "notifications/tools/list_changed",
  NotificationParamsSchema.optional(),
);
/** `notifications/tools/list_changed`. */
export type ToolListChangedNotification = z.infer<typeof ToolListChangedNotificationSchema>;
/** `notifications/message` (server → client log message). */
export const LoggingMessageNotificationSchema = notification(
  "notifications/message",
  LoggingMessageNotificationParamsSchema,
);
/** `notifications/message`. */
export type LoggingMessageNotification = z.infer<typeof LoggingMessageNotificationSchema>;
/** `notifications/elicitation/complete` (server → client, 2025-11-25). */
export const ElicitationCompleteNotificationSchema = notification(
  "notifications/elicitation/complete",
  ElicitationCompleteNotificationParamsSchema,
);
/** `notifications/elicitation/complete`. */
export type ElicitationCompleteNotification = z.infer<typeof ElicitationCompleteNotificationSchema>;

/**
 * Any request a client sends.
 *
 * @example
 * ```ts
 * const request = ClientRequestSchema.parse(message); // narrowed on request.method
 * ```
 */
export const ClientRequestSchema = z.discriminatedUnion("method", [
  InitializeRequestSchema,
  PingRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  ListPromptsRequestSchema,
  GetPromptRequestSchema,
  ListToolsRequestSchema,
  CallToolRequestSchema,
  GetTaskRequestSchema,
  GetTaskPayloadRequestSchema,
  CancelTaskRequestSchema,
  ListTasksRequestSchema,
  SetLevelRequestSchema,
  CompleteRequestSchema,
]);
/** Any request a client sends. */
export type ClientRequest = z.infer<typeof ClientRequestSchema>;

/** Any request a server sends. */
export const ServerRequestSchema = z.discriminatedUnion("method", [
  PingRequestSchema,
  GetTaskRequestSchema,
  GetTaskPayloadRequestSchema,
  CancelTaskRequestSchema,
  ListTasksRequestSchema,
  CreateMessageRequestSchema,
  ListRootsRequestSchema,
  ElicitRequestSchema,
]);
/** Any request a server sends. */
export type ServerRequest = z.infer<typeof ServerRequestSchema>;

/** Any notification a client sends. */
export const ClientNotificationSchema = z.discriminatedUnion("method", [
  CancelledNotificationSchema,
  InitializedNotificationSchema,
  ProgressNotificationSchema,
  TaskStatusNotificationSchema,
  RootsListChangedNotificationSchema,
]);
/** Any notification a client sends. */
export type ClientNotification = z.infer<typeof ClientNotificationSchema>;

/** Any notification a server sends. */
export const ServerNotificationSchema = z.discriminatedUnion("method", [
  CancelledNotificationSchema,
  ProgressNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  PromptListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
  TaskStatusNotificationSchema,
  LoggingMessageNotificationSchema,
  ElicitationCompleteNotificationSchema,
]);
/** Any notification a server sends. */
export type ServerNotification = z.infer<typeof ServerNotificationSchema>;

/**
 * Any result a client sends. Results carry no method, so this is a plain union (specific shapes
 * first, the open `Result` last); to validate a result, use `parseResult(method, ...)` instead.
 */
export const ClientResultSchema = z.union([
  GetTaskResultSchema,
  CancelTaskResultSchema,
  ListTasksResultSchema,
  CreateMessageResultSchema,
  ListRootsResultSchema,
  ElicitResultSchema,
  GetTaskPayloadResultSchema,
  EmptyResultSchema,
]);
/** Any result a client sends. */
export type ClientResult = z.infer<typeof ClientResultSchema>;

/** Any result a server sends (see {@link ClientResultSchema} about unions of results). */
export const ServerResultSchema = z.union([
  InitializeResultSchema,
  ListResourcesResultSchema,
  ListResourceTemplatesResultSchema,
  ReadResourceResultSchema,
  ListPromptsResultSchema,
  GetPromptResultSchema,
  ListToolsResultSchema,
  CallToolResultSchema,
  GetTaskResultSchema,
  CancelTaskResultSchema,
  ListTasksResultSchema,
  CompleteResultSchema,
  GetTaskPayloadResultSchema,
  ResultSchema,
]);
/** Any result a server sends. */
export type ServerResult = z.infer<typeof ServerResultSchema>;

/** The -32042 error response: the client must complete these URL-mode elicitations first. */
export const URLElicitationRequiredErrorSchema = z.looseObject({
  jsonrpc,
  id: RequestIdSchema.optional(),
  error: z.looseObject({
    code: z.literal(-32042),
    message: z.string(),
    data: z.looseObject({ elicitations: z.array(ElicitRequestURLParamsSchema) }),
  }),
});
/** The -32042 error response. */
export type URLElicitationRequiredError = z.infer<typeof URLElicitationRequiredErrorSchema>;
