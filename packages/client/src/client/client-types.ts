/**
 * Options, handler and event types of {@link Client}.
 */
import type {
  ClientCapabilities,
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitationCompleteNotificationParams,
  ElicitRequestFormParams,
  ElicitRequestURLParams,
  ElicitResult,
  LoggingMessageNotificationParams,
  RequestContext,
  ResourceUpdatedNotificationParams,
  Root,
  TaskStatusNotificationParams,
} from "@mcp/protocol/core";

/** Options of the {@link Client} constructor. */
export interface ClientOptions {
  /** Capabilities to declare beyond those implied by the handlers set before `connect()`. */
  capabilities?: ClientCapabilities;
  /** Timeout of a request without `timeoutMs`; 60 000 ms when omitted. */
  defaultTimeoutMs?: number;
  /** The version asked for in `initialize`; the newest supported one when omitted. */
  protocolVersion?: string;
  /** The versions this client accepts from the server, newest first. */
  supportedProtocolVersions?: readonly string[];
  /** Validate `structuredContent` against the tool's `outputSchema` (default true). */
  validateToolOutput?: boolean;
}

/** Answers `sampling/createMessage`. */
export type SamplingHandler = (
  params: CreateMessageRequestParams,
  ctx: RequestContext,
) => Promise<CreateMessageResult> | CreateMessageResult;

/** Answers `elicitation/create`; form results get the schema's defaults applied afterwards. */
export type ElicitationHandler = (
  params: ElicitRequestFormParams | ElicitRequestURLParams,
  ctx: RequestContext,
) => Promise<ElicitResult> | ElicitResult;

/** Which elicitation modes a handler supports (declared as the `elicitation` capability). */
export interface ElicitationHandlerOptions {
  form?: boolean;
  url?: boolean;
}

/** Answers `roots/list`. */
export type RootsHandler = (ctx: RequestContext) => Promise<Root[]> | Root[];

/** Events a {@link Client} emits, and what each listener receives. */
export interface ClientEvents {
  toolsListChanged: undefined;
  resourcesListChanged: undefined;
  promptsListChanged: undefined;
  resourceUpdated: ResourceUpdatedNotificationParams;
  loggingMessage: LoggingMessageNotificationParams;
  elicitationComplete: ElicitationCompleteNotificationParams;
  taskStatus: TaskStatusNotificationParams;
}
