/**
 * Public API of `@mcp/protocol/core`: the MCP wire format without zod. Importing it loads no zod
 * schema and not zod itself: errors, the JSON-RPC envelope check, stdio framing, version
 * negotiation, the transport contract, the method tables without their schemas, capability
 * checks, the JSON-RPC peer, and validation through validators compiled from the zod schemas at
 * build time, which load the schemas only when a value is invalid or beyond what they can prove.
 * Every MCP message type is exported as a type. Everything here is also exported by the root
 * entry `@mcp/protocol` (same objects), which adds the zod schemas and the sync `parse*`
 * functions. Named one by one (no `export *`).
 */

export type { AssertCanSendOptions, ResolvedCapability } from "./capabilities.js";
export { assertCanSend, hasCapability, requiredCapabilities } from "./capabilities.js";
export type { Validated } from "./compiled-validation.js";
export {
  isPending,
  validateNotificationParams,
  validateRequestParams,
  validateResult,
} from "./compiled-validation.js";
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
} from "./envelope.js";
export {
  decodeJSONRPCMessage,
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  JSONRPC_VERSION,
  parseJSONRPCMessage,
} from "./envelope.js";
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
export { compareProtocolVersions, protocolFeatures } from "./features.js";
export type { NdjsonDecoderOptions, NdjsonFrame, NdjsonLine } from "./framing.js";
export {
  DEFAULT_MAX_MESSAGE_BYTES,
  encodeNdjson,
  encodeNdjsonLine,
  NdjsonDecoder,
  NdjsonLineDecoder,
} from "./framing.js";
export type {
  CapabilityRequirement,
  ClientNotificationMethod,
  ClientRequestMethod,
  NotificationMethod,
  NotificationMethodInfo,
  RequestMethod,
  RequestMethodFor,
  RequestMethodInfo,
  ServerNotificationMethod,
  ServerRequestMethod,
  Side,
  TaskAugmentableMethod,
} from "./method-info.js";
export {
  canSend,
  isMethodAvailable,
  isNotificationMethod,
  isRequestMethod,
  NOTIFICATION_METHOD_INFO,
  REQUEST_METHOD_INFO,
} from "./method-info.js";
// Types only: erased at run time, so no schema is loaded.
export type { NotificationParamsOf, ParamsOf, ResultOf } from "./methods.js";
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
export { isReservedMetaKey, isValidMetaKey, META_KEYS } from "./schemas/meta.js";
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
export type {
  ListRootsRequestParams,
  ListRootsResult,
  Root,
} from "./schemas/roots.js";
export type {
  CreateMessageRequestParams,
  CreateMessageResult,
  ModelHint,
  ModelPreferences,
  SamplingMessage,
  ToolChoice,
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
export type {
  LinkedTransportPairOptions,
  MessageExtra,
  Transport,
  TransportSendOptions,
} from "./transport.js";
export { createLinkedTransportPair } from "./transport.js";
export type { ValidationIssue } from "./validation-issue.js";
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

/** The package's version, kept in step with package.json. */
export const VERSION = "0.0.0";
