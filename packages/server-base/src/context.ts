import type {
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitRequestFormParams,
  ElicitRequestURLParams,
  ElicitResult,
  ListRootsResult,
  RequestId,
  RequestOptions,
} from "@mcp/protocol";
import type { Logger } from "./logging.js";
import type { ServerSession } from "./server-session.js";

/** Elicitation params: form mode when `mode` is omitted. */
export type ElicitParams =
  | (Omit<ElicitRequestFormParams, "mode"> & { mode?: "form" })
  | ElicitRequestURLParams;

/** Options of a server -> client request made from a handler (timeouts, progress, abort). */
export type ClientRequestOptions = Omit<RequestOptions, "relatedRequestId">;

/**
 * What every handler (tool, resource, prompt, completion) receives besides its arguments.
 *
 * @example
 * ```ts
 * server.registerTool("slow", {}, async (_args, ctx) => {
 *   for (let i = 1; i <= 3 && !ctx.signal.aborted; i++) await ctx.reportProgress(i, 3);
 *   await ctx.log.info("done");
 *   return { content: [{ type: "text", text: "ok" }] };
 * });
 * ```
 */
export interface HandlerContext {
  /** Aborted on `notifications/cancelled`, `tasks/cancel` or when the session closes. */
  signal: AbortSignal;
  /** The id of the request being handled. */
  requestId: RequestId;
  /** The session (connection) the request came from. */
  session: ServerSession;
  /** The transport's session id (Streamable HTTP), if any. */
  sessionId?: string;
  /** The request's `params._meta`. */
  meta?: Record<string, unknown>;
  /** Authentication details the transport attached. */
  authInfo?: unknown;
  /** HTTP request details the transport attached. */
  requestInfo?: { headers: Record<string, string> };
  /** Set when the handler runs as a task (task-augmented `tools/call`). */
  task?: { taskId: string };
  /** Log messages to the client, filtered by the session's `logging/setLevel`. */
  log: Logger;
  /** `notifications/progress` for this request; a no-op when it carried no progressToken. */
  reportProgress(progress: number, total?: number, message?: string): Promise<void>;
  /** Sends a notification related to this request. */
  sendNotification(method: string, params?: Record<string, unknown>): Promise<void>;
  /** `sampling/createMessage`; needs the client's `sampling` capability. */
  createMessage(
    params: CreateMessageRequestParams,
    options?: ClientRequestOptions,
  ): Promise<CreateMessageResult>;
  /** `elicitation/create` (form or URL mode); needs the matching `elicitation` capability. */
  elicit(params: ElicitParams, options?: ClientRequestOptions): Promise<ElicitResult>;
  /** `roots/list`; needs the client's `roots` capability. */
  listRoots(options?: ClientRequestOptions): Promise<ListRootsResult>;
}

/** The context of a tool handler (the same interface as every other handler's). */
export type ToolContext = HandlerContext;
