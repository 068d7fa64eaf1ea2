/**
 * Content blocks (spec 2025-11-25: server/tools "Tool Result", server/resources, client/sampling):
 * text, image, audio, resource links, embedded resources, and the sampling-only tool_use and
 * tool_result blocks. Unions dispatch on `type` (discriminated), so parsing a block tries one shape.
 */
import { z } from "zod";
import { AnnotationsSchema, IconSchema, MetaSchema } from "./base.js";
import { OpenObject, Uri } from "./open.js";

/** The contents of a resource, with its URI (base of text and blob contents). */
export const ResourceContentsSchema = z.looseObject({
  uri: Uri,
  mimeType: z.string().optional(),
  _meta: MetaSchema.optional(),
});
/** The contents of a resource. */
export type ResourceContents = z.infer<typeof ResourceContentsSchema>;

/** Text contents of a resource. */
export const TextResourceContentsSchema = ResourceContentsSchema.extend({ text: z.string() });
/** Text contents of a resource. */
export type TextResourceContents = z.infer<typeof TextResourceContentsSchema>;

/** Binary contents of a resource, base64 in `blob`. */
export const BlobResourceContentsSchema = ResourceContentsSchema.extend({ blob: z.base64() });
/** Binary contents of a resource. */
export type BlobResourceContents = z.infer<typeof BlobResourceContentsSchema>;

/** Text or blob resource contents (`text` tried first). */
export const ResourceContentsUnionSchema = z.union([TextResourceContentsSchema, BlobResourceContentsSchema]);
/** Text or blob resource contents. */
export type AnyResourceContents = z.infer<typeof ResourceContentsUnionSchema>;

/** Text content. */
export const TextContentSchema = z.looseObject({
  type: z.literal("text"),
  text: z.string(),
  annotations: AnnotationsSchema.optional(),
  _meta: MetaSchema.optional(),
});
/** Text content. */
export type TextContent = z.infer<typeof TextContentSchema>;

/** An image, base64 in `data`. */
export const ImageContentSchema = z.looseObject({
  type: z.literal("image"),
  data: z.base64(),
  mimeType: z.string(),
  annotations: AnnotationsSchema.optional(),
  _meta: MetaSchema.optional(),
});
/** An image. */
export type ImageContent = z.infer<typeof ImageContentSchema>;

/** Audio, base64 in `data`. */
export const AudioContentSchema = z.looseObject({
  type: z.literal("audio"),
  data: z.base64(),
  mimeType: z.string(),
  annotations: AnnotationsSchema.optional(),
  _meta: MetaSchema.optional(),
});
/** Audio. */
export type AudioContent = z.infer<typeof AudioContentSchema>;

/** A resource the server can read, as a listing entry (`resources/list`). */
export const ResourceSchema = z.looseObject({
  uri: Uri,
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  mimeType: z.string().optional(),
  size: z.int().optional(),
  annotations: AnnotationsSchema.optional(),
  icons: z.array(IconSchema).optional(),
  _meta: MetaSchema.optional(),
});
/** A resource the server can read. */
export type Resource = z.infer<typeof ResourceSchema>;

/** A link to a resource, inside tool results or prompt messages. */
export const ResourceLinkSchema = ResourceSchema.extend({ type: z.literal("resource_link") });
/** A link to a resource. */
export type ResourceLink = z.infer<typeof ResourceLinkSchema>;

/** A resource embedded in a message. */
export const EmbeddedResourceSchema = z.looseObject({
  type: z.literal("resource"),
  resource: ResourceContentsUnionSchema,
  annotations: AnnotationsSchema.optional(),
  _meta: MetaSchema.optional(),
});
/** A resource embedded in a message. */
export type EmbeddedResource = z.infer<typeof EmbeddedResourceSchema>;

/**
 * Any content block of tool results and prompt messages.
 *
 * @example
 * ```ts
 * const block = ContentBlockSchema.parse({ type: "image", data: "iVBORw0KGgo=", mimeType: "image/png" });
 * ```
 */
export const ContentBlockSchema = z.discriminatedUnion("type", [
  TextContentSchema,
  ImageContentSchema,
  AudioContentSchema,
  ResourceLinkSchema,
  EmbeddedResourceSchema,
]);
/** Any content block of tool results and prompt messages. */
export type ContentBlock = z.infer<typeof ContentBlockSchema>;

/** A model's request to call a tool, in sampling (2025-11-25). */
export const ToolUseContentSchema = z.looseObject({
  type: z.literal("tool_use"),
  id: z.string(),
  name: z.string(),
  input: OpenObject,
  _meta: MetaSchema.optional(),
});
/** A model's request to call a tool. */
export type ToolUseContent = z.infer<typeof ToolUseContentSchema>;

/** The result of a tool call, sent back to the model in sampling (2025-11-25). */
export const ToolResultContentSchema = z.looseObject({
  type: z.literal("tool_result"),
  toolUseId: z.string(),
  content: z.array(ContentBlockSchema),
  structuredContent: OpenObject.optional(),
  isError: z.boolean().optional(),
  _meta: MetaSchema.optional(),
});
/** The result of a tool call, in sampling. */
export type ToolResultContent = z.infer<typeof ToolResultContentSchema>;

/** A content block of a sampling message. */
export const SamplingMessageContentBlockSchema = z.discriminatedUnion("type", [
  TextContentSchema,
  ImageContentSchema,
  AudioContentSchema,
  ToolUseContentSchema,
  ToolResultContentSchema,
]);
/** A content block of a sampling message. */
export type SamplingMessageContentBlock = z.infer<typeof SamplingMessageContentBlockSchema>;
