/**
 * Prompts (spec 2025-11-25: server/prompts) and completion (server/utilities/completion).
 */
import { z } from "zod";
import {
  IconSchema,
  MetaSchema,
  PaginatedRequestParamsSchema,
  PaginatedResultSchema,
  RequestParamsSchema,
  ResultSchema,
  RoleSchema,
} from "./base.js";
import { ContentBlockSchema } from "./content.js";

/** An argument a prompt accepts. */
export const PromptArgumentSchema = z.looseObject({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  required: z.boolean().optional(),
});
/** An argument a prompt accepts. */
export type PromptArgument = z.infer<typeof PromptArgumentSchema>;

/** A prompt or prompt template. */
export const PromptSchema = z.looseObject({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  arguments: z.array(PromptArgumentSchema).optional(),
  icons: z.array(IconSchema).optional(),
  _meta: MetaSchema.optional(),
});
/** A prompt or prompt template. */
export type Prompt = z.infer<typeof PromptSchema>;

/** A message of a prompt. */
export const PromptMessageSchema = z.looseObject({
  role: RoleSchema,
  content: ContentBlockSchema,
});
/** A message of a prompt. */
export type PromptMessage = z.infer<typeof PromptMessageSchema>;

/** Params of `prompts/list`. */
export const ListPromptsRequestParamsSchema = PaginatedRequestParamsSchema;
/** Params of `prompts/list`. */
export type ListPromptsRequestParams = z.infer<typeof ListPromptsRequestParamsSchema>;

/** Result of `prompts/list`. */
export const ListPromptsResultSchema = PaginatedResultSchema.extend({
  prompts: z.array(PromptSchema),
});
/** Result of `prompts/list`. */
export type ListPromptsResult = z.infer<typeof ListPromptsResultSchema>;

/** Params of `prompts/get`. */
export const GetPromptRequestParamsSchema = RequestParamsSchema.extend({
  name: z.string(),
  arguments: z.record(z.string(), z.string()).optional(),
});
/** Params of `prompts/get`. */
export type GetPromptRequestParams = z.infer<typeof GetPromptRequestParamsSchema>;

/**
 * Result of `prompts/get`.
 *
 * @example
 * ```ts
 * GetPromptResultSchema.parse({ messages: [{ role: "user", content: { type: "text", text: "Review this" } }] });
 * ```
 */
export const GetPromptResultSchema = ResultSchema.extend({
  description: z.string().optional(),
  messages: z.array(PromptMessageSchema),
});
/** Result of `prompts/get`. */
export type GetPromptResult = z.infer<typeof GetPromptResultSchema>;

/** A reference to a prompt, for completion. */
export const PromptReferenceSchema = z.looseObject({
  type: z.literal("ref/prompt"),
  name: z.string(),
  title: z.string().optional(),
});
/** A reference to a prompt. */
export type PromptReference = z.infer<typeof PromptReferenceSchema>;

/** A reference to a resource template, for completion. */
export const ResourceTemplateReferenceSchema = z.looseObject({
  type: z.literal("ref/resource"),
  uri: z.string(),
});
/** A reference to a resource template. */
export type ResourceTemplateReference = z.infer<typeof ResourceTemplateReferenceSchema>;

/** Params of `completion/complete`. */
export const CompleteRequestParamsSchema = RequestParamsSchema.extend({
  ref: z.discriminatedUnion("type", [PromptReferenceSchema, ResourceTemplateReferenceSchema]),
  argument: z.looseObject({ name: z.string(), value: z.string() }),
  context: z.looseObject({ arguments: z.record(z.string(), z.string()).optional() }).optional(),
});
/** Params of `completion/complete`. */
export type CompleteRequestParams = z.infer<typeof CompleteRequestParamsSchema>;

/** Result of `completion/complete`: at most 100 values. */
export const CompleteResultSchema = ResultSchema.extend({
  completion: z.looseObject({
    values: z.array(z.string()).max(100),
    total: z.int().optional(),
    hasMore: z.boolean().optional(),
  }),
});
/** Result of `completion/complete`. */
export type CompleteResult = z.infer<typeof CompleteResultSchema>;
