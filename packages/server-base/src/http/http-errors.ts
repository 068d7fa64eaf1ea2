/**
 * HTTP-level failures answered with a JSON-RPC error body (spec: the body "MAY comprise a JSON-RPC
 * error response that has no id"), so a client library can show the reason.
 */
import { ErrorCode } from "@mcp/protocol";

/**
 * A `Response` with `status` and a JSON-RPC error without an id.
 *
 * @example
 * ```ts
 * return jsonRpcErrorResponse(404, ErrorCode.InvalidRequest, "Session not found");
 * ```
 */
export function jsonRpcErrorResponse(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ jsonrpc: "2.0", error: { code, message } }), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** Standard answers, one per HTTP rule, so every route says the same thing for the same fault. */
export const httpError = {
  forbidden: (reason: string) => jsonRpcErrorResponse(403, ErrorCode.InvalidRequest, reason),
  methodNotAllowed: (allow: string) =>
    jsonRpcErrorResponse(405, ErrorCode.InvalidRequest, "Method not allowed", { allow }),
  notAcceptable: (message: string) => jsonRpcErrorResponse(406, ErrorCode.InvalidRequest, message),
  unsupportedMediaType: () =>
    jsonRpcErrorResponse(
      415,
      ErrorCode.InvalidRequest,
      "Unsupported Media Type: Content-Type must be application/json",
    ),
  payloadTooLarge: (limit: number) =>
    jsonRpcErrorResponse(413, ErrorCode.InvalidRequest, `Request body larger than ${limit} bytes`),
  parseError: () => jsonRpcErrorResponse(400, ErrorCode.ParseError, "Parse error: invalid JSON"),
  badRequest: (message: string) => jsonRpcErrorResponse(400, ErrorCode.InvalidRequest, message),
  sessionNotFound: () => jsonRpcErrorResponse(404, ErrorCode.InvalidRequest, "Session not found"),
  conflict: (message: string) => jsonRpcErrorResponse(409, ErrorCode.InvalidRequest, message),
};

/** Reads a request body as text, stopping at `limit` bytes; `undefined` when it is larger. */
export async function readBodyLimited(request: Request, limit: number): Promise<string | undefined> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) return undefined;
  // With a declared length the HTTP parser already stops at that many bytes: read it in one go
  // (the runtime's fast path). Without one (chunked), count while streaming.
  if (declared !== null) return request.text();
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** What an `Accept` header allows, as MCP cares: JSON and/or an event stream. */
export function parseAccept(accept: string | null): { json: boolean; sse: boolean } {
  if (accept === null || accept.trim() === "") return { json: false, sse: false };
  let json = false;
  let sse = false;
  for (const part of accept.split(",")) {
    const [typeRaw, ...params] = part.trim().split(";");
    const type = (typeRaw ?? "").trim().toLowerCase();
    // "q=0" means "not acceptable" (RFC 9110 section 12.4.2).
    if (params.some((p) => /^\s*q\s*=\s*0(?:\.0{0,3})?\s*$/i.test(p))) continue;
    if (type === "*/*") {
      json = true;
      sse = true;
    } else if (type === "application/json" || type === "application/*") json = true;
    else if (type === "text/event-stream" || type === "text/*") sse = true;
  }
  return { json, sse };
}
