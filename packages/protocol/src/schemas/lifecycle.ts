/**
 * Lifecycle and base utilities (spec 2025-11-25: basic/lifecycle, basic/utilities/ping,
 * cancellation, progress; server/utilities/logging): capabilities, initialize, initialized, ping,
 * cancelled, progress, logging.
 */
import { z } from "zod";
import { ProgressTokenSchema, RequestIdSchema } from "../jsonrpc.js";
import { ImplementationSchema, NotificationParamsSchema, RequestParamsSchema, ResultSchema } from "./base.js";
import { OpenObject } from "./open.js";

/**
 * Capabilities a client declares in `initialize`.
 *
 * @example
 * ```ts
 * const capabilities: ClientCapabilities = { roots: { listChanged: true }, elicitation: { form: {}, url: {} } };
 * ```
 */
export const ClientCapabilitiesSchema = z.looseObject({
  experimental: z.record(z.string(), OpenObject).optional(),
  roots: z.looseObject({ listChanged: z.boolean().optional() }).optional(),
  sampling: z.looseObject({ context: OpenObject.optional(), tools: OpenObject.optional() }).optional(),
  elicitation: z.looseObject({ form: OpenObject.optional(), url: OpenObject.optional() }).optional(),
  tasks: z
    .looseObject({
      list: OpenObject.optional(),
      cancel: OpenObject.optional(),
      requests: z
        .looseObject({
          sampling: z.looseObject({ createMessage: OpenObject.optional() }).optional(),
          elicitation: z.looseObject({ create: OpenObject.optional() }).optional(),
        })
        .optional(),
    })
    .optional(),
});
/** Capabilities a client declares. */
export type ClientCapabilities = z.infer<typeof ClientCapabilitiesSchema>;

/** Capabilities a server declares in its `initialize` result. */
export const ServerCapabilitiesSchema = z.looseObject({
  experimental: z.record(z.string(), OpenObject).optional(),
  logging: OpenObject.optional(),
  completions: OpenObject.optional(),
  prompts: z.looseObject({ listChanged: z.boolean().optional() }).optional(),
  resources: z
    .looseObject({ subscribe: z.boolean().optional(), listChanged: z.boolean().optional() })
    .optional(),
  tools: z.looseObject({ listChanged: z.boolean().optional() }).optional(),
  tasks: z
    .looseObject({
      list: OpenObject.optional(),
      cancel: OpenObject.optional(),
      requests: z
        .looseObject({ tools: z.looseObject({ call: OpenObject.optional() }).optional() })
        .optional(),
    })
    .optional(),
});
/** Capabilities a server declares. */
export type ServerCapabilities = z.infer<typeof ServerCapabilitiesSchema>;

/** Params of `initialize`. */
export const InitializeRequestParamsSchema = RequestParamsSchema.extend({
  protocolVersion: z.string(),
  capabilities: ClientCapabilitiesSchema,
  clientInfo: ImplementationSchema,
});
/** Params of `initialize`. */
export type InitializeRequestParams = z.infer<typeof InitializeRequestParamsSchema>;

/**
 * Result of `initialize`.
 *
 * @example
 * ```ts
 * const init = InitializeResultSchema.parse(response.result);
 * if (init.capabilities.tools) await listTools();
 * ```
 */
export const InitializeResultSchema = ResultSchema.extend({
  protocolVersion: z.string(),
  capabilities: ServerCapabilitiesSchema,
  serverInfo: ImplementationSchema,
  instructions: z.string().optional(),
});
/** Result of `initialize`. */
export type InitializeResult = z.infer<typeof InitializeResultSchema>;

/** Params of `notifications/cancelled`. `requestId` is optional in 2025-11-25 (task cancellation uses tasks/cancel). */
export const CancelledNotificationParamsSchema = NotificationParamsSchema.extend({
  requestId: RequestIdSchema.optional(),
  reason: z.string().optional(),
});
/** Params of `notifications/cancelled`. */
export type CancelledNotificationParams = z.infer<typeof CancelledNotificationParamsSchema>;

/** Params of `notifications/progress`. */
export const ProgressNotificationParamsSchema = NotificationParamsSchema.extend({
  progressToken: ProgressTokenSchema,
  progress: z.number(),
  total: z.number().optional(),
  message: z.string().optional(),
});
/** Params of `notifications/progress`. */
export type ProgressNotificationParams = z.infer<typeof ProgressNotificationParamsSchema>;

/** Syslog severities (RFC 5424), lowest first. */
export const LoggingLevelSchema = z.enum([
  "debug",
  "info",
  "notice",
  "warning",
  "error",
  "critical",
  "alert",
  "emergency",
]);
/** A syslog severity. */
export type LoggingLevel = z.infer<typeof LoggingLevelSchema>;

/** Params of `logging/setLevel`. */
export const SetLevelRequestParamsSchema = RequestParamsSchema.extend({ level: LoggingLevelSchema });
/** Params of `logging/setLevel`. */
export type SetLevelRequestParams = z.infer<typeof SetLevelRequestParamsSchema>;

/** Params of `notifications/message`. */
export const LoggingMessageNotificationParamsSchema = NotificationParamsSchema.extend({
  level: LoggingLevelSchema,
  logger: z.string().optional(),
  data: z.unknown(),
});
/** Params of `notifications/message`. */
export type LoggingMessageNotificationParams = z.infer<typeof LoggingMessageNotificationParamsSchema>;
