/**
 * Capability checks: which capabilities a message needs (from the method map, plus the ones that
 * depend on params: tasks, sampling tools/context, elicitation modes) and whether a side declared
 * them. A request for a capability the receiver lacks is refused before it is sent.
 */
import { LocalError, LocalErrorCode } from "./errors.js";
import {
  type CapabilityRequirement,
  canSend,
  isNotificationMethod,
  isRequestMethod,
  NOTIFICATION_METHOD_INFO,
  REQUEST_METHOD_INFO,
  type Side,
} from "./method-info.js";

/** A capability resolved to a concrete side. */
export interface ResolvedCapability {
  side: Side;
  path: readonly string[];
}

const other = (side: Side): Side => (side === "client" ? "server" : "client");

function field(params: unknown, key: string): unknown {
  return typeof params === "object" && params !== null ? (params as Record<string, unknown>)[key] : undefined;
}

/**
 * The capabilities `sender` needs declared (by itself or by the receiver) to send `method` with
 * `params`. Requests need them on the receiver; notifications such as `list_changed` on the
 * sender. Param-dependent ones: `params.task` needs the receiver's `tasks.requests.*`; sampling
 * `tools` needs `sampling.tools`, `includeContext` other than `none` needs `sampling.context`;
 * URL-mode elicitation needs `elicitation.url`, form mode `elicitation.form`.
 *
 * @example
 * ```ts
 * requiredCapabilities("server", "elicitation/create", { mode: "url", ... });
 * // [{ side: "client", path: ["elicitation", "url"] }]
 * ```
 */
export function requiredCapabilities(sender: Side, method: string, params?: unknown): ResolvedCapability[] {
  const base: CapabilityRequirement | undefined = isRequestMethod(method)
    ? (REQUEST_METHOD_INFO[method] as { capability?: CapabilityRequirement }).capability
    : isNotificationMethod(method)
      ? (NOTIFICATION_METHOD_INFO[method] as { capability?: CapabilityRequirement }).capability
      : undefined;
  const receiver = other(sender);
  const out: ResolvedCapability[] = [];
  const task = field(params, "task") !== undefined;
  switch (method) {
    case "elicitation/create":
      out.push({
        side: "client",
        path: ["elicitation", field(params, "mode") === "url" ? "url" : "form"],
      });
      if (task) out.push({ side: "client", path: ["tasks", "requests", "elicitation", "create"] });
      return out;
    case "sampling/createMessage": {
      out.push({ side: "client", path: ["sampling"] });
      if (field(params, "tools") !== undefined || field(params, "toolChoice") !== undefined) {
        out.push({ side: "client", path: ["sampling", "tools"] });
      }
      const context = field(params, "includeContext");
      if (context === "thisServer" || context === "allServers") {
        out.push({ side: "client", path: ["sampling", "context"] });
      }
      if (task) out.push({ side: "client", path: ["tasks", "requests", "sampling", "createMessage"] });
      return out;
    }
    case "tools/call":
      out.push({ side: "server", path: ["tools"] });
      if (task) out.push({ side: "server", path: ["tasks", "requests", "tools", "call"] });
      return out;
    default:
      if (base !== undefined) {
        out.push({ side: base.side === "receiver" ? receiver : base.side, path: base.path });
      }
      return out;
  }
}

/**
 * True when `capabilities` declares `path` (each step present and not `false`). Form-mode
 * elicitation is also declared by an empty `elicitation: {}` (what 2025-06-18 clients send).
 *
 * @example
 * ```ts
 * hasCapability({ tools: { listChanged: true } }, ["tools", "listChanged"]); // true
 * hasCapability({ elicitation: {} }, ["elicitation", "form"]); // true
 * ```
 */
export function hasCapability(capabilities: object | undefined, path: readonly string[]): boolean {
  if (path.length === 2 && path[0] === "elicitation" && path[1] === "form" && capabilities !== undefined) {
    const elicitation = (capabilities as Record<string, unknown>).elicitation;
    if (typeof elicitation === "object" && elicitation !== null) {
      const declared = elicitation as Record<string, unknown>;
      if (declared.form === undefined && declared.url === undefined) return true;
    }
  }
  let node: unknown = capabilities;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return false;
    node = (node as Record<string, unknown>)[key];
    if (node === undefined || node === false || node === null) return false;
  }
  return true;
}

/** Options of {@link assertCanSend}. */
export interface AssertCanSendOptions {
  /** The side sending. */
  side: Side;
  method: string;
  params?: unknown;
  /** The sender's own declared capabilities. */
  ownCapabilities?: object;
  /** The other side's declared capabilities (from `initialize`). */
  peerCapabilities?: object;
}

/**
 * Throws a `LocalError` when `side` may not send `method` (`METHOD_NOT_ALLOWED`: wrong side or
 * unknown method) or a needed capability is missing (`CAPABILITY_NOT_SUPPORTED`, with
 * `data: { method, side, path }`). Custom methods outside the map are the caller's business:
 * pass only methods of the map.
 *
 * @example
 * ```ts
 * assertCanSend({ side: "client", method: "tools/call", params, peerCapabilities: serverCaps });
 * ```
 */
export function assertCanSend(options: AssertCanSendOptions): void {
  const { side, method, params } = options;
  if (!canSend(side, method)) {
    throw new LocalError(LocalErrorCode.MethodNotAllowed, `A ${side} may not send ${method}`, {
      data: { method, side },
    });
  }
  for (const need of requiredCapabilities(side, method, params)) {
    const declared = need.side === side ? options.ownCapabilities : options.peerCapabilities;
    if (!hasCapability(declared, need.path)) {
      throw new LocalError(
        LocalErrorCode.CapabilityNotSupported,
        `${method} needs the ${need.side} capability ${need.path.join(".")}`,
        { data: { method, side: need.side, path: [...need.path] } },
      );
    }
  }
}
