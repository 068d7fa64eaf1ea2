/**
 * Building blocks shared by every MCP message of 2025-11-25 (spec: basic, "General fields"):
 * `_meta`, request/notification params, results, pagination, metadata, icons, annotations, task
 * metadata. Objects are loose: unknown fields are kept, never stripped, as the spec allows extras.
 */
import { z } from "zod";
import { CursorSchema, ProgressTokenSchema } from "../jsonrpc.js";
import { OpenObject, Uri } from "./open.js";

/** `_meta`: an open object (spec: basic, "_meta"). See `isValidMetaKey` for key rules. */
export const MetaSchema = OpenObject;
/** `_meta`: an open object. */
export type Meta = z.infer<typeof MetaSchema>;

/** `_meta` of request params: may carry a `progressToken`. */
export const RequestMetaSchema = z.looseObject({ progressToken: ProgressTokenSchema.optional() });
/** `_meta` of request params. */
export type RequestMeta = z.infer<typeof RequestMetaSchema>;

/** Common params of any request. */
export const RequestParamsSchema = z.looseObject({ _meta: RequestMetaSchema.optional() });
/** Common params of any request. */
export type RequestParams = z.infer<typeof RequestParamsSchema>;

/** Common params of any notification. */
export const NotificationParamsSchema = z.looseObject({ _meta: MetaSchema.optional() });
/** Common params of any notification. */
export type NotificationParams = z.infer<typeof NotificationParamsSchema>;

/** A request without the JSON-RPC envelope: `{ method, params? }`. */
export const RequestSchema = z.looseObject({
  method: z.string(),
  params: OpenObject.optional(),
});
/** A request without the JSON-RPC envelope. */
export type Request = z.infer<typeof RequestSchema>;

/** A notification without the JSON-RPC envelope: `{ method, params? }`. */
export const NotificationSchema = z.looseObject({
  method: z.string(),
  params: OpenObject.optional(),
});
/** A notification without the JSON-RPC envelope. */
export type Notification = z.infer<typeof NotificationSchema>;

/**
 * Any result: an open object with an optional `_meta`.
 *
 * @example
 * ```ts
 * ResultSchema.parse({ _meta: { "com.example/trace": "t1" }, anything: true });
 * ```
 */
export const ResultSchema = z.looseObject({ _meta: MetaSchema.optional() });
/** Any result. */
export type Result = z.infer<typeof ResultSchema>;

/** The result of `ping`, `logging/setLevel`, `resources/subscribe`, ...: no fields required. */
export const EmptyResultSchema = ResultSchema;
/** A result with no required fields. */
export type EmptyResult = z.infer<typeof EmptyResultSchema>;

/** Params of a paginated list request (spec: server/utilities/pagination). */
export const PaginatedRequestParamsSchema = RequestParamsSchema.extend({
  cursor: CursorSchema.optional(),
});
/** Params of a paginated list request. */
export type PaginatedRequestParams = z.infer<typeof PaginatedRequestParamsSchema>;

/** A paginated result: `nextCursor` when more pages exist. */
export const PaginatedResultSchema = ResultSchema.extend({ nextCursor: CursorSchema.optional() });
/** A paginated result. */
export type PaginatedResult = z.infer<typeof PaginatedResultSchema>;

/** `name` (programmatic) and `title` (for people) of tools, prompts, resources, implementations. */
export const BaseMetadataSchema = z.looseObject({
  name: z.string(),
  title: z.string().optional(),
});
/** `name` and `title`. */
export type BaseMetadata = z.infer<typeof BaseMetadataSchema>;

/** An icon (spec 2025-11-25: basic, "Icons"). */
export const IconSchema = z.looseObject({
  src: Uri,
  mimeType: z.string().optional(),
  sizes: z.array(z.string()).optional(),
  theme: z.enum(["light", "dark"]).optional(),
});
/** An icon. */
export type Icon = z.infer<typeof IconSchema>;

/** An object that may carry `icons`. */
export const IconsSchema = z.looseObject({ icons: z.array(IconSchema).optional() });
/** An object that may carry `icons`. */
export type Icons = z.infer<typeof IconsSchema>;

/** Name and version of a client or server implementation (`clientInfo`, `serverInfo`). */
export const ImplementationSchema = BaseMetadataSchema.extend({
  version: z.string(),
  description: z.string().optional(),
  icons: z.array(IconSchema).optional(),
  websiteUrl: Uri.optional(),
});
/** Name and version of an implementation. */
export type Implementation = z.infer<typeof ImplementationSchema>;

/** The sender or recipient of messages and data in a conversation. */
export const RoleSchema = z.enum(["user", "assistant"]);
/** `"user"` or `"assistant"`. */
export type Role = z.infer<typeof RoleSchema>;

/** Hints about how to use or display an object (content blocks, resources). */
export const AnnotationsSchema = z.looseObject({
  audience: z.array(RoleSchema).optional(),
  priority: z.number().min(0).max(1).optional(),
  lastModified: z.string().optional(),
});
/** Hints about how to use or display an object. */
export type Annotations = z.infer<typeof AnnotationsSchema>;

/** `params.task` of a task-augmented request (spec 2025-11-25: basic/utilities/tasks). */
export const TaskMetadataSchema = z.looseObject({ ttl: z.int().optional() });
/** `params.task` of a task-augmented request. */
export type TaskMetadata = z.infer<typeof TaskMetadataSchema>;

/** `_meta["io.modelcontextprotocol/related-task"]`: ties a message to a task. */
export const RelatedTaskMetadataSchema = z.looseObject({ taskId: z.string() });
/** The related-task metadata. */
export type RelatedTaskMetadata = z.infer<typeof RelatedTaskMetadataSchema>;

/** Params of a request that may be run as a task. */
export const TaskAugmentedRequestParamsSchema = RequestParamsSchema.extend({
  task: TaskMetadataSchema.optional(),
});
/** Params of a request that may be run as a task. */
export type TaskAugmentedRequestParams = z.infer<typeof TaskAugmentedRequestParamsSchema>;
