/**
 * Resources (spec 2025-11-25: server/resources): list, templates, read, subscribe/unsubscribe,
 * `notifications/resources/updated` and `list_changed`.
 */
import { z } from "zod";
import {
  AnnotationsSchema,
  IconSchema,
  MetaSchema,
  NotificationParamsSchema,
  PaginatedRequestParamsSchema,
  PaginatedResultSchema,
  RequestParamsSchema,
  ResultSchema,
} from "./base.js";
import { ResourceContentsUnionSchema, ResourceSchema } from "./content.js";
import { Uri } from "./open.js";

/** A template for resource URIs (RFC 6570). */
export const ResourceTemplateSchema = z.looseObject({
  uriTemplate: z.string(),
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  mimeType: z.string().optional(),
  annotations: AnnotationsSchema.optional(),
  icons: z.array(IconSchema).optional(),
  _meta: MetaSchema.optional(),
});
/** A template for resource URIs. */
export type ResourceTemplate = z.infer<typeof ResourceTemplateSchema>;

/** Params of `resources/list`. */
export const ListResourcesRequestParamsSchema = PaginatedRequestParamsSchema;
/** Params of `resources/list`. */
export type ListResourcesRequestParams = z.infer<typeof ListResourcesRequestParamsSchema>;

/** Result of `resources/list`. */
export const ListResourcesResultSchema = PaginatedResultSchema.extend({
  resources: z.array(ResourceSchema),
});
/** Result of `resources/list`. */
export type ListResourcesResult = z.infer<typeof ListResourcesResultSchema>;

/** Params of `resources/templates/list`. */
export const ListResourceTemplatesRequestParamsSchema = PaginatedRequestParamsSchema;
/** Params of `resources/templates/list`. */
export type ListResourceTemplatesRequestParams = z.infer<typeof ListResourceTemplatesRequestParamsSchema>;

/** Result of `resources/templates/list`. */
export const ListResourceTemplatesResultSchema = PaginatedResultSchema.extend({
  resourceTemplates: z.array(ResourceTemplateSchema),
});
/** Result of `resources/templates/list`. */
export type ListResourceTemplatesResult = z.infer<typeof ListResourceTemplatesResultSchema>;

/** Params naming one resource by URI (read, subscribe, unsubscribe). */
export const ResourceRequestParamsSchema = RequestParamsSchema.extend({ uri: Uri });
/** Params naming one resource by URI. */
export type ResourceRequestParams = z.infer<typeof ResourceRequestParamsSchema>;

/** Params of `resources/read`. */
export const ReadResourceRequestParamsSchema = ResourceRequestParamsSchema;
/** Params of `resources/read`. */
export type ReadResourceRequestParams = z.infer<typeof ReadResourceRequestParamsSchema>;

/**
 * Result of `resources/read`.
 *
 * @example
 * ```ts
 * ReadResourceResultSchema.parse({ contents: [{ uri: "file:///a.txt", mimeType: "text/plain", text: "hi" }] });
 * ```
 */
export const ReadResourceResultSchema = ResultSchema.extend({
  contents: z.array(ResourceContentsUnionSchema),
});
/** Result of `resources/read`. */
export type ReadResourceResult = z.infer<typeof ReadResourceResultSchema>;

/** Params of `resources/subscribe`. */
export const SubscribeRequestParamsSchema = ResourceRequestParamsSchema;
/** Params of `resources/subscribe`. */
export type SubscribeRequestParams = z.infer<typeof SubscribeRequestParamsSchema>;

/** Params of `resources/unsubscribe`. */
export const UnsubscribeRequestParamsSchema = ResourceRequestParamsSchema;
/** Params of `resources/unsubscribe`. */
export type UnsubscribeRequestParams = z.infer<typeof UnsubscribeRequestParamsSchema>;

/** Params of `notifications/resources/updated`. */
export const ResourceUpdatedNotificationParamsSchema = NotificationParamsSchema.extend({
  uri: Uri,
});
/** Params of `notifications/resources/updated`. */
export type ResourceUpdatedNotificationParams = z.infer<typeof ResourceUpdatedNotificationParamsSchema>;
