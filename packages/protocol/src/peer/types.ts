/**
 * Option and context shapes of {@link JsonRpcPeer} (shared contract between the client and the
 * server engineers; see docs/decisions.md, "Client").
 */
import type { RequestId } from "../envelope.js";
import type { MessageExtra } from "../transport.js";

/** What a progress notification carried, as handed to `onProgress`. */
export interface Progress {
  progress: number;
  total?: number;
  message?: string;
}

/** Per-request options of {@link JsonRpcPeer.request}. */
export interface RequestOptions {
  /** Aborting sends `notifications/cancelled` to the other side and rejects the request. */
  signal?: AbortSignal;
  /** Time without a response before the request fails; the peer's `defaultTimeoutMs` when omitted. */
  timeoutMs?: number;
  /** Restart the timeout whenever a progress notification for this request arrives. */
  resetTimeoutOnProgress?: boolean;
  /** Upper bound on the whole request, progress or not. */
  maxTotalTimeoutMs?: number;
  /** Called for each `notifications/progress`; setting it adds a `progressToken` to `_meta`. */
  onProgress?: (progress: Progress) => void;
  /** The incoming request this one belongs to (server -> client requests inside a handler). */
  relatedRequestId?: RequestId;
}

/** What a request handler receives besides its params. */
export interface RequestContext {
  /** The id of the request being handled. */
  requestId: RequestId;
  /** Aborted when the other side sends `notifications/cancelled` or the connection closes. */
  signal: AbortSignal;
  /** The request's `params._meta`, if any. */
  meta?: Record<string, unknown>;
  /** Transport details of the request (session id, HTTP headers, auth). */
  extra?: MessageExtra;
  /** Sends a notification related to this request (Streamable HTTP routes it to its stream). */
  sendNotification(method: string, params?: Record<string, unknown>): Promise<void>;
  /** Sends a request related to this one (sampling, elicitation, roots from a server handler). */
  sendRequest(
    method: string,
    params?: Record<string, unknown>,
    options?: RequestOptions,
  ): Promise<Record<string, unknown>>;
  /** Sends `notifications/progress`; a no-op when the request carried no `progressToken`. */
  reportProgress(progress: number, total?: number, message?: string): Promise<void>;
}

/** Options of the {@link JsonRpcPeer} constructor. */
export interface JsonRpcPeerOptions {
  /** Timeout of a request without `timeoutMs`; 60 000 ms when omitted. */
  defaultTimeoutMs?: number;
}
