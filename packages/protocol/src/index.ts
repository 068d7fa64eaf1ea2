/**
 * Public API of @mcp/protocol: the MCP wire format. Everything exported here is public and named
 * one by one (no `export *`); anything not listed is internal. Groups: errors, JSON-RPC envelope,
 * protocol versions and features, transport contract, every MCP 2025-11-25 schema (named after
 * the definitions of the official schema.json, with a `Schema` suffix), the typed method map with
 * its validation and capability helpers, and the JSON-RPC peer (owned by the client engineer).
 * Everything of the zod-free `@mcp/protocol/core` entry (`src/core.ts`) is exported here too.
 */

export type {
  AssertCanSendOptions,
  ResolvedCapability,
} from "./capabilities.js";
export {
  assertCanSend,
  hasCapability,
  requiredCapabilities,
} from "./capabilities.js";
export type { ErrorCodeValue, LocalErrorCodeValue, WireError } from "./errors.js";
export {
  ErrorCode,
  isLocalError,
  isProtocolError,
  LocalError,
  LocalErrorCode,
  ProtocolError,
  resourceNotFoundError,
  toWireError,
  unsupportedProtocolVersionError,
  urlElicitationRequiredError,
} from "./errors.js";
export type { ProtocolFeatures } from "./features.js";
export {
  compareProtocolVersions,
  protocolFeatures,
} from "./features.js";
export type { NdjsonDecoderOptions, NdjsonFrame, NdjsonLine } from "./framing.js";
export {
  DEFAULT_MAX_MESSAGE_BYTES,
  encodeNdjson,
  encodeNdjsonLine,
  NdjsonDecoder,
  NdjsonLineDecoder,
} from "./framing.js";
export type {
  Cursor,
  JSONRPCErrorObject,
  JSONRPCErrorResponse,
  JSONRPCMessage,
  JSONRPCNotification,
  JSONRPCRequest,
  JSONRPCResponse,
  JSONRPCResultResponse,
  ProgressToken,
  RequestId,
} from "./jsonrpc.js";
export {
  CursorSchema,
  decodeJSONRPCMessage,
  ErrorSchema,
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  JSONRPC_VERSION,
  JSONRPCErrorObjectSchema,
  JSONRPCErrorResponseSchema,
  JSONRPCMessageSchema,
  JSONRPCNotificationSchema,
  JSONRPCRequestSchema,
  JSONRPCResponseSchema,
  JSONRPCResultResponseSchema,
  ProgressTokenSchema,
  parseJSONRPCMessage,
  RequestIdSchema,
} from "./jsonrpc.js";
export type {
  CapabilityRequirement,
  ClientNotificationMethod,
  ClientRequestMethod,
  NotificationMethod,
  NotificationMethodSpec,
  NotificationParamsOf,
  ParamsOf,
  RequestMethod,
  RequestMethodFor,
  RequestMethodSpec,
  ResultOf,
  ServerNotificationMethod,
  ServerRequestMethod,
  Side,
  TaskAugmentableMethod,
} from "./methods.js";
export {
  canSend,
  isMethodAvailable,
  isNotificationMethod,
  isRequestMethod,
  NOTIFICATION_METHODS,
  REQUEST_METHODS,
} from "./methods.js";
export type {
  Annotations,
  BaseMetadata,
  EmptyResult,
  Icon,
  Icons,
  Implementation,
  Meta,
  Notification,
  NotificationParams,
  PaginatedRequestParams,
  PaginatedResult,
  RelatedTaskMetadata,
  Request,
  RequestMeta,
  RequestParams,
  Result,
  Role,
  TaskAugmentedRequestParams,
  TaskMetadata,
} from "./schemas/base.js";
export {
  AnnotationsSchema,
  BaseMetadataSchema,
  EmptyResultSchema,
  IconSchema,
  IconsSchema,
  ImplementationSchema,
  MetaSchema,
  NotificationParamsSchema,
  NotificationSchema,
  PaginatedRequestParamsSchema,
  PaginatedResultSchema,
  RelatedTaskMetadataSchema,
  RequestMetaSchema,
  RequestParamsSchema,
  RequestSchema,
  ResultSchema,
  RoleSchema,
  TaskAugmentedRequestParamsSchema,
  TaskMetadataSchema,
} from "./schemas/base.js";
export type {
  AnyResourceContents,
  AudioContent,
  BlobResourceContents,
  ContentBlock,
  EmbeddedResource,
  ImageContent,
  Resource,
  ResourceContents,
  ResourceLink,
  SamplingMessageContentBlock,
  TextContent,
  TextResourceContents,
  ToolResultContent,
  ToolUseContent,
} from "./schemas/content.js";
export {
  AudioContentSchema,
  BlobResourceContentsSchema,
  ContentBlockSchema,
  EmbeddedResourceSchema,
  ImageContentSchema,
  ResourceContentsSchema,
  ResourceContentsUnionSchema,
  ResourceLinkSchema,
  ResourceSchema,
  SamplingMessageContentBlockSchema,
  TextContentSchema,
  TextResourceContentsSchema,
  ToolResultContentSchema,
  ToolUseContentSchema,
} from "./schemas/content.js";
export type {
  BooleanSchema,
  ElicitationCompleteNotificationParams,
  ElicitRequestFormParams,
  ElicitRequestParams,
  ElicitRequestURLParams,
  ElicitResult,
  EnumSchema,
  LegacyTitledEnumSchema,
  MultiSelectEnumSchema,
  NumberSchema,
  PrimitiveSchemaDefinition,
  SingleSelectEnumSchema,
  StringSchema,
  TitledMultiSelectEnumSchema,
  TitledSingleSelectEnumSchema,
  UntitledMultiSelectEnumSchema,
  UntitledSingleSelectEnumSchema,
} from "./schemas/elicitation.js";
export {
  BooleanSchemaSchema,
  ElicitationCompleteNotificationParamsSchema,
  ElicitRequestFormParamsSchema,
  ElicitRequestParamsSchema,
  ElicitRequestURLParamsSchema,
  ElicitResultSchema,
  EnumSchemaSchema,
  LegacyTitledEnumSchemaSchema,
  MultiSelectEnumSchemaSchema,
  NumberSchemaSchema,
  PrimitiveSchemaDefinitionSchema,
  SingleSelectEnumSchemaSchema,
  StringSchemaSchema,
  TitledMultiSelectEnumSchemaSchema,
  TitledSingleSelectEnumSchemaSchema,
  UntitledMultiSelectEnumSchemaSchema,
  UntitledSingleSelectEnumSchemaSchema,
} from "./schemas/elicitation.js";
export type {
  CancelledNotificationParams,
  ClientCapabilities,
  InitializeRequestParams,
  InitializeResult,
  LoggingLevel,
  LoggingMessageNotificationParams,
  ProgressNotificationParams,
  ServerCapabilities,
  SetLevelRequestParams,
} from "./schemas/lifecycle.js";
export {
  CancelledNotificationParamsSchema,
  ClientCapabilitiesSchema,
  InitializeRequestParamsSchema,
  InitializeResultSchema,
  LoggingLevelSchema,
  LoggingMessageNotificationParamsSchema,
  ProgressNotificationParamsSchema,
  ServerCapabilitiesSchema,
  SetLevelRequestParamsSchema,
} from "./schemas/lifecycle.js";
export type {
  CallToolRequest,
  CancelledNotification,
  CancelTaskRequest,
  ClientNotification,
  ClientRequest,
  ClientResult,
  CompleteRequest,
  CreateMessageRequest,
  ElicitationCompleteNotification,
  ElicitRequest,
  GetPromptRequest,
  GetTaskPayloadRequest,
  GetTaskRequest,
  InitializedNotification,
  InitializeRequest,
  ListPromptsRequest,
  ListResourcesRequest,
  ListResourceTemplatesRequest,
  ListRootsRequest,
  ListTasksRequest,
  ListToolsRequest,
  LoggingMessageNotification,
  PaginatedRequest,
  PingRequest,
  ProgressNotification,
  PromptListChangedNotification,
  ReadResourceRequest,
  ResourceListChangedNotification,
  ResourceUpdatedNotification,
  RootsListChangedNotification,
  ServerNotification,
  ServerRequest,
  ServerResult,
  SetLevelRequest,
  SubscribeRequest,
  TaskStatusNotification,
  ToolListChangedNotification,
  UnsubscribeRequest,
  URLElicitationRequiredError,
} from "./schemas/messages.js";
export {
  CallToolRequestSchema,
  CancelledNotificationSchema,
  CancelTaskRequestSchema,
  ClientNotificationSchema,
  ClientRequestSchema,
  ClientResultSchema,
  CompleteRequestSchema,
  CreateMessageRequestSchema,
  ElicitationCompleteNotificationSchema,
  ElicitRequestSchema,
  GetPromptRequestSchema,
  GetTaskPayloadRequestSchema,
  GetTaskRequestSchema,
  InitializedNotificationSchema,
  InitializeRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListRootsRequestSchema,
  ListTasksRequestSchema,
  ListToolsRequestSchema,
  LoggingMessageNotificationSchema,
  PaginatedRequestSchema,
  PingRequestSchema,
  ProgressNotificationSchema,
  PromptListChangedNotificationSchema,
  ReadResourceRequestSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  RootsListChangedNotificationSchema,
  ServerNotificationSchema,
  ServerRequestSchema,
  ServerResultSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  TaskStatusNotificationSchema,
  ToolListChangedNotificationSchema,
  UnsubscribeRequestSchema,
  URLElicitationRequiredErrorSchema,
} from "./schemas/messages.js";
export {
  isReservedMetaKey,
  isValidMetaKey,
  META_KEYS,
} from "./schemas/meta.js";
export type {
  CompleteRequestParams,
  CompleteResult,
  GetPromptRequestParams,
  GetPromptResult,
  ListPromptsRequestParams,
  ListPromptsResult,
  Prompt,
  PromptArgument,
  PromptMessage,
  PromptReference,
  ResourceTemplateReference,
} from "./schemas/prompts.js";
export {
  CompleteRequestParamsSchema,
  CompleteResultSchema,
  GetPromptRequestParamsSchema,
  GetPromptResultSchema,
  ListPromptsRequestParamsSchema,
  ListPromptsResultSchema,
  PromptArgumentSchema,
  PromptMessageSchema,
  PromptReferenceSchema,
  PromptSchema,
  ResourceTemplateReferenceSchema,
} from "./schemas/prompts.js";
export type {
  ListResourcesRequestParams,
  ListResourcesResult,
  ListResourceTemplatesRequestParams,
  ListResourceTemplatesResult,
  ReadResourceRequestParams,
  ReadResourceResult,
  ResourceRequestParams,
  ResourceTemplate,
  ResourceUpdatedNotificationParams,
  SubscribeRequestParams,
  UnsubscribeRequestParams,
} from "./schemas/resources.js";
export {
  ListResourcesRequestParamsSchema,
  ListResourcesResultSchema,
  ListResourceTemplatesRequestParamsSchema,
  ListResourceTemplatesResultSchema,
  ReadResourceRequestParamsSchema,
  ReadResourceResultSchema,
  ResourceRequestParamsSchema,
  ResourceTemplateSchema,
  ResourceUpdatedNotificationParamsSchema,
  SubscribeRequestParamsSchema,
  UnsubscribeRequestParamsSchema,
} from "./schemas/resources.js";
export type {
  ListRootsRequestParams,
  ListRootsResult,
  Root,
} from "./schemas/roots.js";
export {
  ListRootsRequestParamsSchema,
  ListRootsResultSchema,
  RootSchema,
} from "./schemas/roots.js";
export type {
  CreateMessageRequestParams,
  CreateMessageResult,
  ModelHint,
  ModelPreferences,
  SamplingMessage,
  ToolChoice,
} from "./schemas/sampling.js";
export {
  CreateMessageRequestParamsSchema,
  CreateMessageResultSchema,
  ModelHintSchema,
  ModelPreferencesSchema,
  SamplingMessageSchema,
  ToolChoiceSchema,
} from "./schemas/sampling.js";
export type {
  CancelTaskResult,
  CreateTaskResult,
  GetTaskPayloadResult,
  GetTaskResult,
  ListTasksRequestParams,
  ListTasksResult,
  Task,
  TaskIdParams,
  TaskStatus,
  TaskStatusNotificationParams,
} from "./schemas/tasks.js";
export {
  CancelTaskResultSchema,
  CreateTaskResultSchema,
  GetTaskPayloadResultSchema,
  GetTaskResultSchema,
  ListTasksRequestParamsSchema,
  ListTasksResultSchema,
  TaskIdParamsSchema,
  TaskSchema,
  TaskStatusNotificationParamsSchema,
  TaskStatusSchema,
} from "./schemas/tasks.js";
export type {
  CallToolRequestParams,
  CallToolResult,
  ListToolsRequestParams,
  ListToolsResult,
  Tool,
  ToolAnnotations,
  ToolExecution,
  ToolJsonSchema,
} from "./schemas/tools.js";
export {
  CallToolRequestParamsSchema,
  CallToolResultSchema,
  ListToolsRequestParamsSchema,
  ListToolsResultSchema,
  ToolAnnotationsSchema,
  ToolExecutionSchema,
  ToolJsonSchemaSchema,
  ToolSchema,
} from "./schemas/tools.js";
export type {
  LinkedTransportPairOptions,
  MessageExtra,
  Transport,
  TransportSendOptions,
} from "./transport.js";
export { createLinkedTransportPair } from "./transport.js";
export type { ValidationIssue } from "./validate.js";
export {
  parseNotificationParams,
  parseRequestParams,
  parseResult,
} from "./validate.js";
export type { ProtocolVersion } from "./version.js";
export {
  DEFAULT_NEGOTIATED_PROTOCOL_VERSION,
  isSupportedProtocolVersion,
  LATEST_PROTOCOL_VERSION,
  negotiateProtocolVersion,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "./version.js";

// --- peer: owned by the client engineer ---
// Imported, then exported, so Biome's export sorting keeps this block in its own chunk.
import {
  JsonRpcPeer,
  type JsonRpcPeerOptions,
  type NotificationHandler,
  type Progress,
  type RequestContext,
  type RequestHandler,
  type RequestOptions,
} from "./peer/index.js";

export type {
  JsonRpcPeerOptions,
  NotificationHandler,
  Progress,
  RequestContext,
  RequestHandler,
  RequestOptions,
};
export { JsonRpcPeer };
// --- end peer ---

// The zod-free core (`@mcp/protocol/core`) additions: method tables without schemas and the
// compiled-first validators. The rest of core is exported above from the same modules.
export type { Validated } from "./compiled-validation.js";
export {
  isPending,
  validateNotificationParams,
  validateRequestParams,
  validateResult,
} from "./compiled-validation.js";
export { VERSION } from "./core.js";
export type { NotificationMethodInfo, RequestMethodInfo } from "./method-info.js";
export { NOTIFICATION_METHOD_INFO, REQUEST_METHOD_INFO } from "./method-info.js";
