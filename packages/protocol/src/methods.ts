/**
 * The typed method map: for every request and notification of MCP 2025-11-25, its params and
 * result schemas, which side may send it, the capability it needs, the version that introduced
 * it, and its spec section. Validation helpers look the method up first and run one schema, never
 * a union of every message.
 */
import type { z } from "zod";
import {
  EmptyResultSchema,
  NotificationParamsSchema,
  PaginatedRequestParamsSchema,
  RequestParamsSchema,
} from "./schemas/base.js";
import {
  ElicitationCompleteNotificationParamsSchema,
  ElicitRequestParamsSchema,
  ElicitResultSchema,
} from "./schemas/elicitation.js";
import {
  CancelledNotificationParamsSchema,
  InitializeRequestParamsSchema,
  InitializeResultSchema,
  LoggingMessageNotificationParamsSchema,
  ProgressNotificationParamsSchema,
  SetLevelRequestParamsSchema,
} from "./schemas/lifecycle.js";
import {
  CompleteRequestParamsSchema,
  CompleteResultSchema,
  GetPromptRequestParamsSchema,
  GetPromptResultSchema,
  ListPromptsResultSchema,
} from "./schemas/prompts.js";
import {
  ListResourcesResultSchema,
  ListResourceTemplatesResultSchema,
  ReadResourceRequestParamsSchema,
  ReadResourceResultSchema,
  ResourceUpdatedNotificationParamsSchema,
  SubscribeRequestParamsSchema,
  UnsubscribeRequestParamsSchema,
} from "./schemas/resources.js";
import { ListRootsResultSchema } from "./schemas/roots.js";
import { CreateMessageRequestParamsSchema, CreateMessageResultSchema } from "./schemas/sampling.js";
import {
  CancelTaskResultSchema,
  GetTaskPayloadResultSchema,
  GetTaskResultSchema,
  ListTasksResultSchema,
  TaskIdParamsSchema,
  TaskStatusNotificationParamsSchema,
} from "./schemas/tasks.js";
import { CallToolRequestParamsSchema, CallToolResultSchema, ListToolsResultSchema } from "./schemas/tools.js";
import type { ProtocolVersion } from "./version.js";

/** A side of an MCP connection. */
export type Side = "client" | "server";

/**
 * A capability a method needs: `path` inside the capabilities of `side`. `"receiver"` means
 * whichever side receives the message (tasks work in both directions).
 */
export interface CapabilityRequirement {
  side: Side | "receiver";
  path: readonly string[];
}

/** One entry of {@link REQUEST_METHODS}. */
export interface RequestMethodSpec {
  params: z.ZodType;
  result: z.ZodType;
  sender: Side | "both";
  capability?: CapabilityRequirement;
  /** Accepts `params.task` and then answers with a `CreateTaskResult`. */
  taskAugmentable?: boolean;
  since: ProtocolVersion;
  /** Path of the section in the 2025-11-25 specification. */
  section: string;
}

/** One entry of {@link NOTIFICATION_METHODS}. */
export interface NotificationMethodSpec {
  params: z.ZodType;
  sender: Side | "both";
  capability?: CapabilityRequirement;
  since: ProtocolVersion;
  section: string;
}

// Generic so the map keeps each path as a literal tuple, which `RequestMethodFor` reads.
const server = <const P extends readonly string[]>(...path: P) => ({ side: "server" as const, path });
const client = <const P extends readonly string[]>(...path: P) => ({ side: "client" as const, path });
const receiver = <const P extends readonly string[]>(...path: P) => ({
  side: "receiver" as const,
  path,
});

/**
 * Every request method of MCP 2025-11-25.
 *
 * @example
 * ```ts
 * const { params, result, sender } = REQUEST_METHODS["tools/call"]; // sender: "client"
 * ```
 */
export const REQUEST_METHODS = {
  initialize: {
    params: InitializeRequestParamsSchema,
    result: InitializeResultSchema,
    sender: "client",
    since: "2024-11-05",
    section: "basic/lifecycle",
  },
  ping: {
    params: RequestParamsSchema.optional(),
    result: EmptyResultSchema,
    sender: "both",
    since: "2024-11-05",
    section: "basic/utilities/ping",
  },
  "resources/list": {
    params: PaginatedRequestParamsSchema.optional(),
    result: ListResourcesResultSchema,
    sender: "client",
    capability: server("resources"),
    since: "2024-11-05",
    section: "server/resources",
  },
  "resources/templates/list": {
    params: PaginatedRequestParamsSchema.optional(),
    result: ListResourceTemplatesResultSchema,
    sender: "client",
    capability: server("resources"),
    since: "2024-11-05",
    section: "server/resources",
  },
  "resources/read": {
    params: ReadResourceRequestParamsSchema,
    result: ReadResourceResultSchema,
    sender: "client",
    capability: server("resources"),
    since: "2024-11-05",
    section: "server/resources",
  },
  "resources/subscribe": {
    params: SubscribeRequestParamsSchema,
    result: EmptyResultSchema,
    sender: "client",
    capability: server("resources", "subscribe"),
    since: "2024-11-05",
    section: "server/resources",
  },
  "resources/unsubscribe": {
    params: UnsubscribeRequestParamsSchema,
    result: EmptyResultSchema,
    sender: "client",
    capability: server("resources", "subscribe"),
    since: "2024-11-05",
    section: "server/resources",
  },
  "prompts/list": {
    params: PaginatedRequestParamsSchema.optional(),
    result: ListPromptsResultSchema,
    sender: "client",
    capability: server("prompts"),
    since: "2024-11-05",
    section: "server/prompts",
  },
  "prompts/get": {
    params: GetPromptRequestParamsSchema,
    result: GetPromptResultSchema,
    sender: "client",
    capability: server("prompts"),
    since: "2024-11-05",
    section: "server/prompts",
  },
  "tools/list": {
    params: PaginatedRequestParamsSchema.optional(),
    result: ListToolsResultSchema,
    sender: "client",
    capability: server("tools"),
    since: "2024-11-05",
    section: "server/tools",
  },
  "tools/call": {
    params: CallToolRequestParamsSchema,
    result: CallToolResultSchema,
    sender: "client",
    capability: server("tools"),
    taskAugmentable: true,
    since: "2024-11-05",
    section: "server/tools",
  },
  "logging/setLevel": {
    params: SetLevelRequestParamsSchema,
    result: EmptyResultSchema,
    sender: "client",
    capability: server("logging"),
    since: "2024-11-05",
    section: "server/utilities/logging",
  },
  "completion/complete": {
    params: CompleteRequestParamsSchema,
    result: CompleteResultSchema,
    sender: "client",
    capability: server("completions"),
    since: "2024-11-05",
    section: "server/utilities/completion",
  },
  "sampling/createMessage": {
    params: CreateMessageRequestParamsSchema,
    result: CreateMessageResultSchema,
    sender: "server",
    capability: client("sampling"),
    taskAugmentable: true,
    since: "2024-11-05",
    section: "client/sampling",
  },
  "roots/list": {
    params: RequestParamsSchema.optional(),
    result: ListRootsResultSchema,
    sender: "server",
    capability: client("roots"),
    since: "2024-11-05",
    section: "client/roots",
  },
  "elicitation/create": {
    params: ElicitRequestParamsSchema,
    result: ElicitResultSchema,
    sender: "server",
    capability: client("elicitation"),
    taskAugmentable: true,
    since: "2025-06-18",
    section: "client/elicitation",
  },
  "tasks/get": {
    params: TaskIdParamsSchema,
    result: GetTaskResultSchema,
    sender: "both",
    capability: receiver("tasks"),
    since: "2025-11-25",
    section: "basic/utilities/tasks",
  },
  "tasks/result": {
    params: TaskIdParamsSchema,
    result: GetTaskPayloadResultSchema,
    sender: "both",
    capability: receiver("tasks"),
    since: "2025-11-25",
    section: "basic/utilities/tasks",
  },
  "tasks/list": {
    params: PaginatedRequestParamsSchema.optional(),
    result: ListTasksResultSchema,
    sender: "both",
    capability: receiver("tasks", "list"),
    since: "2025-11-25",
    section: "basic/utilities/tasks",
  },
  "tasks/cancel": {
    params: TaskIdParamsSchema,
    result: CancelTaskResultSchema,
    sender: "both",
    capability: receiver("tasks", "cancel"),
    since: "2025-11-25",
    section: "basic/utilities/tasks",
  },
} as const satisfies Record<string, RequestMethodSpec>;

/**
 * Every notification method of MCP 2025-11-25.
 *
 * @example
 * ```ts
 * NOTIFICATION_METHODS["notifications/tools/list_changed"].capability; // { side: "server", path: ["tools", "listChanged"] }
 * ```
 */
export const NOTIFICATION_METHODS = {
  "notifications/initialized": {
    params: NotificationParamsSchema.optional(),
    sender: "client",
    since: "2024-11-05",
    section: "basic/lifecycle",
  },
  "notifications/cancelled": {
    params: CancelledNotificationParamsSchema,
    sender: "both",
    since: "2024-11-05",
    section: "basic/utilities/cancellation",
  },
  "notifications/progress": {
    params: ProgressNotificationParamsSchema,
    sender: "both",
    since: "2024-11-05",
    section: "basic/utilities/progress",
  },
  "notifications/message": {
    params: LoggingMessageNotificationParamsSchema,
    sender: "server",
    capability: server("logging"),
    since: "2024-11-05",
    section: "server/utilities/logging",
  },
  "notifications/resources/list_changed": {
    params: NotificationParamsSchema.optional(),
    sender: "server",
    capability: server("resources", "listChanged"),
    since: "2024-11-05",
    section: "server/resources",
  },
  "notifications/resources/updated": {
    params: ResourceUpdatedNotificationParamsSchema,
    sender: "server",
    capability: server("resources", "subscribe"),
    since: "2024-11-05",
    section: "server/resources",
  },
  "notifications/prompts/list_changed": {
    params: NotificationParamsSchema.optional(),
    sender: "server",
    capability: server("prompts", "listChanged"),
    since: "2024-11-05",
    section: "server/prompts",
  },
  "notifications/tools/list_changed": {
    params: NotificationParamsSchema.optional(),
    sender: "server",
    capability: server("tools", "listChanged"),
    since: "2024-11-05",
    section: "server/tools",
  },
  "notifications/roots/list_changed": {
    params: NotificationParamsSchema.optional(),
    sender: "client",
    capability: client("roots", "listChanged"),
    since: "2024-11-05",
    section: "client/roots",
  },
  "notifications/elicitation/complete": {
    params: ElicitationCompleteNotificationParamsSchema,
    sender: "server",
    capability: client("elicitation", "url"),
    since: "2025-11-25",
    section: "client/elicitation",
  },
  "notifications/tasks/status": {
    params: TaskStatusNotificationParamsSchema,
    sender: "both",
    since: "2025-11-25",
    section: "basic/utilities/tasks",
  },
} as const satisfies Record<string, NotificationMethodSpec>;

type RequestMap = typeof REQUEST_METHODS;
type NotificationMap = typeof NOTIFICATION_METHODS;

/** Any request method name. */
export type RequestMethod = keyof RequestMap;
/** Any notification method name. */
export type NotificationMethod = keyof NotificationMap;
/** The params of request method `M` (`undefined` allowed when the spec makes params optional). */
export type ParamsOf<M extends RequestMethod> = z.infer<RequestMap[M]["params"]>;
/** The result of request method `M` (without task augmentation). */
export type ResultOf<M extends RequestMethod> = z.infer<RequestMap[M]["result"]>;
/** The params of notification method `M`. */
export type NotificationParamsOf<M extends NotificationMethod> = z.infer<NotificationMap[M]["params"]>;

type SentBy<Map, S extends Side> = {
  [M in keyof Map]: Map[M] extends { sender: S | "both" } ? M : never;
}[keyof Map];

/** Request methods a client may send. */
export type ClientRequestMethod = SentBy<RequestMap, "client">;
/** Request methods a server may send. */
export type ServerRequestMethod = SentBy<RequestMap, "server">;
/** Notification methods a client may send. */
export type ClientNotificationMethod = SentBy<NotificationMap, "client">;
/** Notification methods a server may send. */
export type ServerNotificationMethod = SentBy<NotificationMap, "server">;
/** Request methods that accept `params.task`. */
export type TaskAugmentableMethod = {
  [M in RequestMethod]: RequestMap[M] extends { taskAugmentable: true } ? M : never;
}[RequestMethod];

/** True when capabilities type `C` surely declares `path` (each step present, not optional). */
type Declares<C, P extends readonly string[]> = P extends readonly [
  infer Head extends string,
  ...infer Rest extends readonly string[],
]
  ? Head extends keyof C
    ? undefined extends C[Head]
      ? false
      : C[Head] extends false | null
        ? false
        : Declares<C[Head], Rest>
    : false
  : true;

/**
 * The request methods side `S` may send to a peer whose capabilities have type `PeerCapabilities`:
 * the wrong side's methods and those needing a capability the type does not surely declare are
 * excluded, so asking for them is a type error. Useful when the capabilities are known statically
 * (`as const`); with the general `ServerCapabilities` type only capability-free methods remain.
 * Param-dependent capabilities (tasks, sampling tools) are checked at run time only.
 *
 * @example
 * ```ts
 * const caps = { tools: {} } as const;
 * const ok: RequestMethodFor<"client", typeof caps> = "tools/call";
 * // @ts-expect-error the server declared no prompts
 * const no: RequestMethodFor<"client", typeof caps> = "prompts/get";
 * ```
 */
export type RequestMethodFor<S extends Side, PeerCapabilities> = {
  [M in RequestMethod]: RequestMap[M]["sender"] extends S | "both"
    ? RequestMap[M] extends { capability: { path: infer P extends readonly string[] } }
      ? Declares<PeerCapabilities, P> extends true
        ? M
        : never
      : M
    : never;
}[RequestMethod];

/**
 * True when `method` is a request method of 2025-11-25 (own keys only, so `"constructor"` is not).
 *
 * @example
 * ```ts
 * isRequestMethod("tools/call"); // true
 * ```
 */
export function isRequestMethod(method: string): method is RequestMethod {
  return Object.hasOwn(REQUEST_METHODS, method);
}

/**
 * True when `method` is a notification method of 2025-11-25.
 *
 * @example
 * ```ts
 * isNotificationMethod("notifications/progress"); // true
 * ```
 */
export function isNotificationMethod(method: string): method is NotificationMethod {
  return Object.hasOwn(NOTIFICATION_METHODS, method);
}

/**
 * True when `side` may send `method` (request or notification). Unknown methods: false.
 *
 * @example
 * ```ts
 * canSend("client", "sampling/createMessage"); // false
 * ```
 */
export function canSend(side: Side, method: string): boolean {
  const spec = isRequestMethod(method)
    ? REQUEST_METHODS[method]
    : isNotificationMethod(method)
      ? NOTIFICATION_METHODS[method]
      : undefined;
  if (spec === undefined) return false;
  return spec.sender === "both" || spec.sender === side;
}

/**
 * True when `method` exists in the negotiated `version` (e.g. no `elicitation/create` before
 * 2025-06-18, no `tasks/*` before 2025-11-25). Unknown methods: false.
 *
 * @example
 * ```ts
 * isMethodAvailable("elicitation/create", "2025-03-26"); // false
 * ```
 */
export function isMethodAvailable(method: string, version: string): boolean {
  const spec = isRequestMethod(method)
    ? REQUEST_METHODS[method]
    : isNotificationMethod(method)
      ? NOTIFICATION_METHODS[method]
      : undefined;
  return spec !== undefined && spec.since <= version;
}
