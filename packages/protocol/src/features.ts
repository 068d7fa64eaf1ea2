/**
 * What each negotiated protocol version allows, read from the official schema.json of each
 * version. A side that negotiated an older version must not send what that version lacks (e.g. no
 * `structuredContent` to a 2025-03-26 client, no tasks before 2025-11-25).
 */
import { SUPPORTED_PROTOCOL_VERSIONS } from "./version.js";

/** Feature flags of one protocol version. */
export interface ProtocolFeatures {
  /** JSON-RPC batches: only 2025-03-26 (added there, removed in 2025-06-18). */
  jsonRpcBatching: boolean;
  /** `Tool.annotations` (2025-03-26). */
  toolAnnotations: boolean;
  /** `AudioContent` (2025-03-26). */
  audioContent: boolean;
  /** The `completions` server capability (2025-03-26; before, completion had no capability). */
  completionsCapability: boolean;
  /** `message` in `notifications/progress` (2025-03-26). */
  progressMessage: boolean;
  /** Streamable HTTP transport (2025-03-26); 2024-11-05 used HTTP+SSE. */
  streamableHttp: boolean;
  /** `outputSchema` and `structuredContent` (2025-06-18). */
  structuredToolOutput: boolean;
  /** `elicitation/create` form mode (2025-06-18). */
  elicitation: boolean;
  /** `resource_link` content blocks (2025-06-18). */
  resourceLinks: boolean;
  /** `title` on tools, prompts, resources, implementations (2025-06-18). */
  titles: boolean;
  /** `context.arguments` in `completion/complete` (2025-06-18). */
  completionContext: boolean;
  /** The `MCP-Protocol-Version` HTTP header is required (2025-06-18). */
  protocolVersionHeader: boolean;
  /** `_meta` on content, resources, prompts, tools, roots (2025-06-18). */
  metaOnObjects: boolean;
  /** URL-mode elicitation and `notifications/elicitation/complete` (2025-11-25). */
  urlElicitation: boolean;
  /** Titled/multi-select enums (SEP-1330) and field defaults (SEP-1034) in elicitation (2025-11-25). */
  elicitationEnumsAndDefaults: boolean;
  /** `tools` and `toolChoice` in `sampling/createMessage`, tool_use/tool_result blocks (2025-11-25). */
  samplingTools: boolean;
  /** Tasks: task-augmented requests, `tasks/*`, `notifications/tasks/status` (2025-11-25, experimental). */
  tasks: boolean;
  /** `icons` on tools, prompts, resources, implementations (2025-11-25). */
  icons: boolean;
  /** `Tool.execution.taskSupport` (2025-11-25). */
  toolExecution: boolean;
  /** `description` and `websiteUrl` on `Implementation` (2025-11-25). */
  implementationDescription: boolean;
}

const ORDER: Record<string, number> = {
  "2024-11-05": 0,
  "2025-03-26": 1,
  "2025-06-18": 2,
  "2025-11-25": 3,
};

/**
 * The features a negotiated version allows. Throws `RangeError` for a version we do not support.
 *
 * @example
 * ```ts
 * if (protocolFeatures(negotiated).structuredToolOutput) result.structuredContent = data;
 * ```
 */
export function protocolFeatures(version: string): ProtocolFeatures {
  const rank = ORDER[version];
  if (rank === undefined) {
    throw new RangeError(
      `Unsupported protocol version ${JSON.stringify(version)}; supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(", ")}`,
    );
  }
  const since2503 = rank >= 1;
  const since2506 = rank >= 2;
  const since2511 = rank >= 3;
  return {
    jsonRpcBatching: rank === 1,
    toolAnnotations: since2503,
    audioContent: since2503,
    completionsCapability: since2503,
    progressMessage: since2503,
    streamableHttp: since2503,
    structuredToolOutput: since2506,
    elicitation: since2506,
    resourceLinks: since2506,
    titles: since2506,
    completionContext: since2506,
    protocolVersionHeader: since2506,
    metaOnObjects: since2506,
    urlElicitation: since2511,
    elicitationEnumsAndDefaults: since2511,
    samplingTools: since2511,
    tasks: since2511,
    icons: since2511,
    toolExecution: since2511,
    implementationDescription: since2511,
  };
}

/**
 * Compares two supported versions by date: negative when `a` is older than `b`.
 *
 * @example
 * ```ts
 * compareProtocolVersions("2025-06-18", "2025-11-25") < 0; // true
 * ```
 */
export function compareProtocolVersions(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
