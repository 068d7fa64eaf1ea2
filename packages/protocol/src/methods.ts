/**
 * The typed method map: every entry of the zod-free `method-info.ts` tables (sender, capability,
 * version, spec section) with its params and result schemas. Validation helpers look the method
 * up first and run one schema, never a union of every message.
 */
import type { z } from "zod";
import {
  type CapabilityRequirement,
  NOTIFICATION_METHOD_INFO as N,
  type NotificationMethod,
  REQUEST_METHOD_INFO as R,
  type RequestMethod,
  type Side,
} from "./method-info.js";
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

export type {
  CapabilityRequirement,
  ClientNotificationMethod,
  ClientRequestMethod,
  NotificationMethod,
  RequestMethod,
  RequestMethodFor,
  ServerNotificationMethod,
  ServerRequestMethod,
  Side,
  TaskAugmentableMethod,
} from "./method-info.js";
export { canSend, isMethodAvailable, isNotificationMethod, isRequestMethod } from "./method-info.js";

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

/**
 * Every request method of MCP 2025-11-25 with its params and result schemas.
 *
 * @example
 * ```ts
 * const { params, result, sender } = REQUEST_METHODS["tools/call"]; // sender: "client"
 * ```
 */
export const REQUEST_METHODS = {
  initialize: { ...R["initialize"], params: InitializeRequestParamsSchema, result: InitializeResultSchema },
  ping: { ...R["ping"], params: RequestParamsSchema.optional(), result: EmptyResultSchema },
  "resources/list": {
    ...R["resources/list"],
    params: PaginatedRequestParamsSchema.optional(),
    result: ListResourcesResultSchema,
  },
  "resources/templates/list": {
    ...R["resources/templates/list"],
    params: PaginatedRequestParamsSchema.optional(),
    result: ListResourceTemplatesResultSchema,
  },
  "resources/read": {
    ...R["resources/read"],
    params: ReadResourceRequestParamsSchema,
    result: ReadResourceResultSchema,
  },
  "resources/subscribe": {
    ...R["resources/subscribe"],
    params: SubscribeRequestParamsSchema,
    result: EmptyResultSchema,
  },
  "resources/unsubscribe": {
    ...R["resources/unsubscribe"],
    params: UnsubscribeRequestParamsSchema,
    result: EmptyResultSchema,
  },
  "prompts/list": {
    ...R["prompts/list"],
    params: PaginatedRequestParamsSchema.optional(),
    result: ListPromptsResultSchema,
  },
  "prompts/get": { ...R["prompts/get"], params: GetPromptRequestParamsSchema, result: GetPromptResultSchema },
  "tools/list": {
    ...R["tools/list"],
    params: PaginatedRequestParamsSchema.optional(),
    result: ListToolsResultSchema,
  },
  "tools/call": { ...R["tools/call"], params: CallToolRequestParamsSchema, result: CallToolResultSchema },
  "logging/setLevel": {
    ...R["logging/setLevel"],
    params: SetLevelRequestParamsSchema,
    result: EmptyResultSchema,
  },
  "completion/complete": {
    ...R["completion/complete"],
    params: CompleteRequestParamsSchema,
    result: CompleteResultSchema,
  },
  "sampling/createMessage": {
    ...R["sampling/createMessage"],
    params: CreateMessageRequestParamsSchema,
    result: CreateMessageResultSchema,
  },
  "roots/list": { ...R["roots/list"], params: RequestParamsSchema.optional(), result: ListRootsResultSchema },
  "elicitation/create": {
    ...R["elicitation/create"],
    params: ElicitRequestParamsSchema,
    result: ElicitResultSchema,
  },
  "tasks/get": { ...R["tasks/get"], params: TaskIdParamsSchema, result: GetTaskResultSchema },
  "tasks/result": { ...R["tasks/result"], params: TaskIdParamsSchema, result: GetTaskPayloadResultSchema },
  "tasks/list": {
    ...R["tasks/list"],
    params: PaginatedRequestParamsSchema.optional(),
    result: ListTasksResultSchema,
  },
  "tasks/cancel": { ...R["tasks/cancel"], params: TaskIdParamsSchema, result: CancelTaskResultSchema },
} as const satisfies Record<RequestMethod, RequestMethodSpec>;

/**
 * Every notification method of MCP 2025-11-25 with its params schema.
 *
 * @example
 * ```ts
 * NOTIFICATION_METHODS["notifications/progress"].params; // ProgressNotificationParamsSchema
 * ```
 */
export const NOTIFICATION_METHODS = {
  "notifications/initialized": {
    ...N["notifications/initialized"],
    params: NotificationParamsSchema.optional(),
  },
  "notifications/cancelled": { ...N["notifications/cancelled"], params: CancelledNotificationParamsSchema },
  "notifications/progress": { ...N["notifications/progress"], params: ProgressNotificationParamsSchema },
  "notifications/message": { ...N["notifications/message"], params: LoggingMessageNotificationParamsSchema },
  "notifications/resources/list_changed": {
    ...N["notifications/resources/list_changed"],
    params: NotificationParamsSchema.optional(),
  },
  "notifications/resources/updated": {
    ...N["notifications/resources/updated"],
    params: ResourceUpdatedNotificationParamsSchema,
  },
  "notifications/prompts/list_changed": {
    ...N["notifications/prompts/list_changed"],
    params: NotificationParamsSchema.optional(),
  },
  "notifications/tools/list_changed": {
    ...N["notifications/tools/list_changed"],
    params: NotificationParamsSchema.optional(),
  },
  "notifications/roots/list_changed": {
    ...N["notifications/roots/list_changed"],
    params: NotificationParamsSchema.optional(),
  },
  "notifications/elicitation/complete": {
    ...N["notifications/elicitation/complete"],
    params: ElicitationCompleteNotificationParamsSchema,
  },
  "notifications/tasks/status": {
    ...N["notifications/tasks/status"],
    params: TaskStatusNotificationParamsSchema,
  },
} as const satisfies Record<NotificationMethod, NotificationMethodSpec>;

type RequestMap = typeof REQUEST_METHODS;
type NotificationMap = typeof NOTIFICATION_METHODS;

/** The params of request method `M` (`undefined` allowed when the spec makes params optional). */
export type ParamsOf<M extends RequestMethod> = z.infer<RequestMap[M]["params"]>;
/** The result of request method `M` (without task augmentation). */
export type ResultOf<M extends RequestMethod> = z.infer<RequestMap[M]["result"]>;
/** The params of notification method `M`. */
export type NotificationParamsOf<M extends NotificationMethod> = z.infer<NotificationMap[M]["params"]>;
