/**
 * JSON-RPC 2.0 as MCP uses it (spec: basic, "Messages"): the zod schemas of the envelope. The
 * types, the hand-written envelope check and the guards live in the zod-free `envelope.ts` and are
 * re-exported here, so the schemas and the types keep one home for the root entry.
 */
import { z } from "zod";
import { JSONRPC_VERSION } from "./envelope.js";
import { OpenObject } from "./schemas/open.js";

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

/** A request id: a string or an integer, never null (spec: basic, "Requests"). */
export const RequestIdSchema = z.union([z.string(), z.int()]);

/** A progress token (spec: basic/utilities/progress): a string or an integer. */
export const ProgressTokenSchema = z.union([z.string(), z.int()]);

/** An opaque pagination cursor (spec: server/utilities/pagination). */
export const CursorSchema = z.string();

const ParamsObjectSchema = OpenObject;

/** A request that expects a response. Unknown members are kept. */
export const JSONRPCRequestSchema = z.looseObject({
  jsonrpc: z.literal(JSONRPC_VERSION),
  id: RequestIdSchema,
  method: z.string(),
  params: ParamsObjectSchema.optional(),
  result: z.never().optional(),
  error: z.never().optional(),
});

/** A notification, which gets no response. An `id` member makes it invalid. */
export const JSONRPCNotificationSchema = z.looseObject({
  jsonrpc: z.literal(JSONRPC_VERSION),
  method: z.string(),
  params: ParamsObjectSchema.optional(),
  id: z.never().optional(),
  result: z.never().optional(),
  error: z.never().optional(),
});

/** A successful response. `result` is an object; an `error` member makes it invalid. */
export const JSONRPCResultResponseSchema = z.looseObject({
  jsonrpc: z.literal(JSONRPC_VERSION),
  id: RequestIdSchema,
  result: OpenObject,
  error: z.never().optional(),
  method: z.never().optional(),
});
/** The `error` member of an error response. */
export const JSONRPCErrorObjectSchema = z.looseObject({
  code: z.int(),
  message: z.string(),
  data: z.unknown().optional(),
});

/** The schema.json name of {@link JSONRPCErrorObjectSchema} (`Error`; its type is `JSONRPCErrorObject`). */
export const ErrorSchema = JSONRPCErrorObjectSchema;

/**
 * An error response. `id` may be absent when the request's id could not be read (a parse error),
 * as the 2025-11-25 schema allows; it is never null.
 */
export const JSONRPCErrorResponseSchema = z.looseObject({
  jsonrpc: z.literal(JSONRPC_VERSION),
  id: RequestIdSchema.optional(),
  error: JSONRPCErrorObjectSchema,
  result: z.never().optional(),
  method: z.never().optional(),
});

/** A response: a result or an error. */
export const JSONRPCResponseSchema = z.union([JSONRPCResultResponseSchema, JSONRPCErrorResponseSchema]);

/**
 * Any JSON-RPC message as a zod union. On the hot path prefer {@link parseJSONRPCMessage}, which
 * dispatches on the members present and reports the precise fault.
 */
export const JSONRPCMessageSchema = z.union([
  JSONRPCRequestSchema,
  JSONRPCNotificationSchema,
  JSONRPCResultResponseSchema,
  JSONRPCErrorResponseSchema,
]);
