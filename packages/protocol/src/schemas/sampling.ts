/**
 * Sampling (spec 2025-11-25: client/sampling): `sampling/createMessage`, with tools and toolChoice
 * (2025-11-25), model preferences, and messages whose content is one block or an array of blocks.
 */
import { z } from "zod";
import { MetaSchema, ResultSchema, RoleSchema, TaskAugmentedRequestParamsSchema } from "./base.js";
import { SamplingMessageContentBlockSchema } from "./content.js";
import { ToolSchema } from "./tools.js";

/** A message in a sampling conversation: one content block or several. */
export const SamplingMessageSchema = z.looseObject({
  role: RoleSchema,
  content: z.union([SamplingMessageContentBlockSchema, z.array(SamplingMessageContentBlockSchema)]),
  _meta: MetaSchema.optional(),
});
/** A message in a sampling conversation. */
export type SamplingMessage = z.infer<typeof SamplingMessageSchema>;

/** A hint for model selection. */
export const ModelHintSchema = z.looseObject({ name: z.string().optional() });
/** A hint for model selection. */
export type ModelHint = z.infer<typeof ModelHintSchema>;

/** The server's preferences for model selection; priorities are 0..1. */
export const ModelPreferencesSchema = z.looseObject({
  hints: z.array(ModelHintSchema).optional(),
  costPriority: z.number().min(0).max(1).optional(),
  speedPriority: z.number().min(0).max(1).optional(),
  intelligencePriority: z.number().min(0).max(1).optional(),
});
/** Model preferences. */
export type ModelPreferences = z.infer<typeof ModelPreferencesSchema>;

/** How the model may use the offered tools. */
export const ToolChoiceSchema = z.looseObject({
  mode: z.enum(["auto", "required", "none"]).optional(),
});
/** How the model may use the offered tools. */
export type ToolChoice = z.infer<typeof ToolChoiceSchema>;

/**
 * Params of `sampling/createMessage`.
 *
 * @example
 * ```ts
 * const params: CreateMessageRequestParams = {
 *   messages: [{ role: "user", content: { type: "text", text: "Hi" } }],
 *   maxTokens: 100,
 *   toolChoice: { mode: "auto" },
 * };
 * ```
 */
export const CreateMessageRequestParamsSchema = TaskAugmentedRequestParamsSchema.extend({
  messages: z.array(SamplingMessageSchema),
  modelPreferences: ModelPreferencesSchema.optional(),
  systemPrompt: z.string().optional(),
  includeContext: z.enum(["none", "thisServer", "allServers"]).optional(),
  temperature: z.number().optional(),
  maxTokens: z.int(),
  stopSequences: z.array(z.string()).optional(),
  metadata: z.looseObject({}).optional(),
  tools: z.array(ToolSchema).optional(),
  toolChoice: ToolChoiceSchema.optional(),
});
/** Params of `sampling/createMessage`. */
export type CreateMessageRequestParams = z.infer<typeof CreateMessageRequestParamsSchema>;

/** Result of `sampling/createMessage`. `stopReason` is open (`endTurn`, `stopSequence`, `maxTokens`, `toolUse`, ...). */
export const CreateMessageResultSchema = ResultSchema.extend({
  role: RoleSchema,
  content: z.union([SamplingMessageContentBlockSchema, z.array(SamplingMessageContentBlockSchema)]),
  model: z.string(),
  stopReason: z.string().optional(),
});
/** Result of `sampling/createMessage`. */
export type CreateMessageResult = z.infer<typeof CreateMessageResultSchema>;
