/**
 * The method tables without schemas: for every request and notification of MCP 2025-11-25, which
 * side may send it, the capability it needs, the version that introduced it and its spec section.
 * Zod-free, so the core entry can route, check capabilities and negotiate without loading any
 * schema; `methods.ts` pairs each entry with its zod schemas.
 */
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

/** One entry of {@link REQUEST_METHOD_INFO}: everything about a request method but its schemas. */
export interface RequestMethodInfo {
  sender: Side | "both";
  capability?: CapabilityRequirement;
  /** Accepts `params.task` and then answers with a `CreateTaskResult`. */
  taskAugmentable?: boolean;
  since: ProtocolVersion;
  /** Path of the section in the 2025-11-25 specification. */
  section: string;
}

/** One entry of {@link NOTIFICATION_METHOD_INFO}: everything about a notification but its schema. */
export interface NotificationMethodInfo {
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
 * Every request method of MCP 2025-11-25 without its schemas (who sends it, the capability it
 * needs, since when it exists): what the zod-free core needs. `REQUEST_METHODS` adds the schemas.
 *
 * @example
 * ```ts
 * const { sender, capability } = REQUEST_METHOD_INFO["tools/call"]; // sender: "client"
 * ```
 */
export const REQUEST_METHOD_INFO = {
  initialize: {
    sender: "client",
    since: "2024-11-05",
    section: "basic/lifecycle",
  },
  ping: {
    sender: "both",
    since: "2024-11-05",
    section: "basic/utilities/ping",
  },
  "resources/list": {
    sender: "client",
    capability: server("resources"),
    since: "2024-11-05",
    section: "server/resources",
  },
  "resources/templates/list": {
    sender: "client",
    capability: server("resources"),
    since: "2024-11-05",
    section: "server/resources",
  },
  "resources/read": {
    sender: "client",
    capability: server("resources"),
    since: "2024-11-05",
    section: "server/resources",
  },
  "resources/subscribe": {
    sender: "client",
    capability: server("resources", "subscribe"),
    since: "2024-11-05",
    section: "server/resources",
  },
  "resources/unsubscribe": {
    sender: "client",
    capability: server("resources", "subscribe"),
    since: "2024-11-05",
    section: "server/resources",
  },
  "prompts/list": {
    sender: "client",
    capability: server("prompts"),
    since: "2024-11-05",
    section: "server/prompts",
  },
  "prompts/get": {
    sender: "client",
    capability: server("prompts"),
    since: "2024-11-05",
    section: "server/prompts",
  },
  "tools/list": {
    sender: "client",
    capability: server("tools"),
    since: "2024-11-05",
    section: "server/tools",
  },
  "tools/call": {
    sender: "client",
    capability: server("tools"),
    taskAugmentable: true,
    since: "2024-11-05",
    section: "server/tools",
  },
  "logging/setLevel": {
    sender: "client",
    capability: server("logging"),
    since: "2024-11-05",
    section: "server/utilities/logging",
  },
  "completion/complete": {
    sender: "client",
    capability: server("completions"),
    since: "2024-11-05",
    section: "server/utilities/completion",
  },
  "sampling/createMessage": {
    sender: "server",
    capability: client("sampling"),
    taskAugmentable: true,
    since: "2024-11-05",
    section: "client/sampling",
  },
  "roots/list": {
    sender: "server",
    capability: client("roots"),
    since: "2024-11-05",
    section: "client/roots",
  },
  "elicitation/create": {
    sender: "server",
    capability: client("elicitation"),
    taskAugmentable: true,
    since: "2025-06-18",
    section: "client/elicitation",
  },
  "tasks/get": {
    sender: "both",
    capability: receiver("tasks"),
    since: "2025-11-25",
    section: "basic/utilities/tasks",
  },
  "tasks/result": {
    sender: "both",
    capability: receiver("tasks"),
    since: "2025-11-25",
    section: "basic/utilities/tasks",
  },
  "tasks/list": {
    sender: "both",
    capability: receiver("tasks", "list"),
    since: "2025-11-25",
    section: "basic/utilities/tasks",
  },
  "tasks/cancel": {
    sender: "both",
    capability: receiver("tasks", "cancel"),
    since: "2025-11-25",
    section: "basic/utilities/tasks",
  },
} as const satisfies Record<string, RequestMethodInfo>;

/**
 * Every notification method of MCP 2025-11-25 without its schema. `NOTIFICATION_METHODS` adds it.
 *
 * @example
 * ```ts
 * NOTIFICATION_METHOD_INFO["notifications/tools/list_changed"].capability; // { side: "server", path: ["tools", "listChanged"] }
 * ```
 */
export const NOTIFICATION_METHOD_INFO = {
  "notifications/initialized": {
    sender: "client",
    since: "2024-11-05",
    section: "basic/lifecycle",
  },
  "notifications/cancelled": {
    sender: "both",
    since: "2024-11-05",
    section: "basic/utilities/cancellation",
  },
  "notifications/progress": {
    sender: "both",
    since: "2024-11-05",
    section: "basic/utilities/progress",
  },
  "notifications/message": {
    sender: "server",
    capability: server("logging"),
    since: "2024-11-05",
    section: "server/utilities/logging",
  },
  "notifications/resources/list_changed": {
    sender: "server",
    capability: server("resources", "listChanged"),
    since: "2024-11-05",
    section: "server/resources",
  },
  "notifications/resources/updated": {
    sender: "server",
    capability: server("resources", "subscribe"),
    since: "2024-11-05",
    section: "server/resources",
  },
  "notifications/prompts/list_changed": {
    sender: "server",
    capability: server("prompts", "listChanged"),
    since: "2024-11-05",
    section: "server/prompts",
  },
  "notifications/tools/list_changed": {
    sender: "server",
    capability: server("tools", "listChanged"),
    since: "2024-11-05",
    section: "server/tools",
  },
  "notifications/roots/list_changed": {
    sender: "client",
    capability: client("roots", "listChanged"),
    since: "2024-11-05",
    section: "client/roots",
  },
  "notifications/elicitation/complete": {
    sender: "server",
    capability: client("elicitation", "url"),
    since: "2025-11-25",
    section: "client/elicitation",
  },
  "notifications/tasks/status": {
    sender: "both",
    since: "2025-11-25",
    section: "basic/utilities/tasks",
  },
} as const satisfies Record<string, NotificationMethodInfo>;

type RequestMap = typeof REQUEST_METHOD_INFO;
type NotificationMap = typeof NOTIFICATION_METHOD_INFO;

/** Any request method name. */
export type RequestMethod = keyof RequestMap;
/** Any notification method name. */
export type NotificationMethod = keyof NotificationMap;

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

// Set lookups rather than `Object.hasOwn` on the tables: every request sent and every response
// received asks several times (capability check, result validation), and `Object.hasOwn` on a
// table of ~25 members cost several times more (counted with valgrind, docs/decisions.md).
const REQUEST_METHOD_NAMES: ReadonlySet<string> = new Set(Object.keys(REQUEST_METHOD_INFO));
const NOTIFICATION_METHOD_NAMES: ReadonlySet<string> = new Set(Object.keys(NOTIFICATION_METHOD_INFO));

/**
 * True when `method` is a request method of 2025-11-25 (own keys only, so `"constructor"` is not).
 *
 * @example
 * ```ts
 * isRequestMethod("tools/call"); // true
 * ```
 */
export function isRequestMethod(method: string): method is RequestMethod {
  return REQUEST_METHOD_NAMES.has(method);
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
  return NOTIFICATION_METHOD_NAMES.has(method);
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
    ? REQUEST_METHOD_INFO[method]
    : isNotificationMethod(method)
      ? NOTIFICATION_METHOD_INFO[method]
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
    ? REQUEST_METHOD_INFO[method]
    : isNotificationMethod(method)
      ? NOTIFICATION_METHOD_INFO[method]
      : undefined;
  return spec !== undefined && spec.since <= version;
}
