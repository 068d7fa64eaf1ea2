/**
 * Elicitation (spec 2025-11-25: client/elicitation): form mode with a restricted JSON Schema of
 * primitive fields (SEP-1330 enum shapes, SEP-1034 defaults), URL mode, the result, and
 * `notifications/elicitation/complete`.
 */
import { z } from "zod";
import { NotificationParamsSchema, ResultSchema, TaskAugmentedRequestParamsSchema } from "./base.js";

const described = { title: z.string().optional(), description: z.string().optional() };

/** A string field. */
export const StringSchemaSchema = z.looseObject({
  type: z.literal("string"),
  ...described,
  minLength: z.int().optional(),
  maxLength: z.int().optional(),
  format: z.enum(["email", "uri", "date", "date-time"]).optional(),
  default: z.string().optional(),
});
/** A string field. */
export type StringSchema = z.infer<typeof StringSchemaSchema>;

/** A number or integer field. */
export const NumberSchemaSchema = z.looseObject({
  type: z.enum(["number", "integer"]),
  ...described,
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  default: z.number().optional(),
});
/** A number or integer field. */
export type NumberSchema = z.infer<typeof NumberSchemaSchema>;

/** A boolean field. */
export const BooleanSchemaSchema = z.looseObject({
  type: z.literal("boolean"),
  ...described,
  default: z.boolean().optional(),
});
/** A boolean field. */
export type BooleanSchema = z.infer<typeof BooleanSchemaSchema>;

/** Single choice from plain values (`enum`). */
export const UntitledSingleSelectEnumSchemaSchema = z.looseObject({
  type: z.literal("string"),
  ...described,
  enum: z.array(z.string()),
  default: z.string().optional(),
});
/** Single choice from plain values. */
export type UntitledSingleSelectEnumSchema = z.infer<typeof UntitledSingleSelectEnumSchemaSchema>;

const TitledOption = z.looseObject({ const: z.string(), title: z.string() });

/** Single choice from titled values (`oneOf` of `{ const, title }`). */
export const TitledSingleSelectEnumSchemaSchema = z.looseObject({
  type: z.literal("string"),
  ...described,
  oneOf: z.array(TitledOption),
  default: z.string().optional(),
});
/** Single choice from titled values. */
export type TitledSingleSelectEnumSchema = z.infer<typeof TitledSingleSelectEnumSchemaSchema>;

/** Multiple choice from plain values (`items.enum`). */
export const UntitledMultiSelectEnumSchemaSchema = z.looseObject({
  type: z.literal("array"),
  ...described,
  minItems: z.int().optional(),
  maxItems: z.int().optional(),
  items: z.looseObject({ type: z.literal("string"), enum: z.array(z.string()) }),
  default: z.array(z.string()).optional(),
});
/** Multiple choice from plain values. */
export type UntitledMultiSelectEnumSchema = z.infer<typeof UntitledMultiSelectEnumSchemaSchema>;

/** Multiple choice from titled values (`items.anyOf` of `{ const, title }`). */
export const TitledMultiSelectEnumSchemaSchema = z.looseObject({
  type: z.literal("array"),
  ...described,
  minItems: z.int().optional(),
  maxItems: z.int().optional(),
  items: z.looseObject({ anyOf: z.array(TitledOption) }),
  default: z.array(z.string()).optional(),
});
/** Multiple choice from titled values. */
export type TitledMultiSelectEnumSchema = z.infer<typeof TitledMultiSelectEnumSchemaSchema>;

/** The deprecated titled enum (`enum` + `enumNames`), still accepted in 2025-11-25. */
export const LegacyTitledEnumSchemaSchema = z.looseObject({
  type: z.literal("string"),
  ...described,
  enum: z.array(z.string()),
  enumNames: z.array(z.string()).optional(),
  default: z.string().optional(),
});
/** The deprecated titled enum. */
export type LegacyTitledEnumSchema = z.infer<typeof LegacyTitledEnumSchemaSchema>;

/** A single-select enum. */
export const SingleSelectEnumSchemaSchema = z.union([
  TitledSingleSelectEnumSchemaSchema,
  UntitledSingleSelectEnumSchemaSchema,
]);
/** A single-select enum. */
export type SingleSelectEnumSchema = z.infer<typeof SingleSelectEnumSchemaSchema>;

/** A multi-select enum. */
export const MultiSelectEnumSchemaSchema = z.union([
  TitledMultiSelectEnumSchemaSchema,
  UntitledMultiSelectEnumSchemaSchema,
]);
/** A multi-select enum. */
export type MultiSelectEnumSchema = z.infer<typeof MultiSelectEnumSchemaSchema>;

/** Any enum field. Legacy (with `enumNames`) is tried before the plain `enum` shape. */
export const EnumSchemaSchema = z.union([
  TitledSingleSelectEnumSchemaSchema,
  LegacyTitledEnumSchemaSchema.extend({ enumNames: z.array(z.string()) }),
  UntitledSingleSelectEnumSchemaSchema,
  TitledMultiSelectEnumSchemaSchema,
  UntitledMultiSelectEnumSchemaSchema,
]);
/** Any enum field. */
export type EnumSchema = z.infer<typeof EnumSchemaSchema>;

/**
 * Any field of a form. Enum shapes are tried before plain strings, so an `enum` is never read as a
 * free string; the first shape that fits wins and unknown keywords are kept.
 */
export const PrimitiveSchemaDefinitionSchema = z.union([
  EnumSchemaSchema,
  StringSchemaSchema,
  NumberSchemaSchema,
  BooleanSchemaSchema,
]);
/** Any field of a form. */
export type PrimitiveSchemaDefinition = z.infer<typeof PrimitiveSchemaDefinitionSchema>;

/**
 * Params of a form-mode `elicitation/create` (`mode` may be omitted: form is the default).
 *
 * @example
 * ```ts
 * ElicitRequestFormParamsSchema.parse({
 *   message: "Your name?",
 *   requestedSchema: { type: "object", properties: { name: { type: "string", default: "Ada" } }, required: ["name"] },
 * });
 * ```
 */
export const ElicitRequestFormParamsSchema = TaskAugmentedRequestParamsSchema.extend({
  mode: z.literal("form").optional(),
  message: z.string(),
  requestedSchema: z.looseObject({
    $schema: z.string().optional(),
    type: z.literal("object"),
    properties: z.record(z.string(), PrimitiveSchemaDefinitionSchema),
    required: z.array(z.string()).optional(),
  }),
});
/** Params of a form-mode elicitation. */
export type ElicitRequestFormParams = z.infer<typeof ElicitRequestFormParamsSchema>;

/**
 * Params of a URL-mode `elicitation/create` (2025-11-25): the user opens `url` out of band.
 *
 * @example
 * ```ts
 * ElicitRequestURLParamsSchema.parse({ mode: "url", elicitationId: "e1", url: "https://auth.example.com/x", message: "Sign in" });
 * ```
 */
export const ElicitRequestURLParamsSchema = TaskAugmentedRequestParamsSchema.extend({
  mode: z.literal("url"),
  message: z.string(),
  elicitationId: z.string(),
  url: z.url(),
});
/** Params of a URL-mode elicitation. */
export type ElicitRequestURLParams = z.infer<typeof ElicitRequestURLParamsSchema>;

/** Params of `elicitation/create`: URL mode when `mode` is `"url"`, otherwise form mode. */
export const ElicitRequestParamsSchema = z.union([
  ElicitRequestURLParamsSchema,
  ElicitRequestFormParamsSchema,
]);
/** Params of `elicitation/create`. */
export type ElicitRequestParams = z.infer<typeof ElicitRequestParamsSchema>;

/** Result of `elicitation/create`; `content` only with `accept` in form mode. */
export const ElicitResultSchema = ResultSchema.extend({
  action: z.enum(["accept", "decline", "cancel"]),
  content: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]))
    .optional(),
});
/** Result of `elicitation/create`. */
export type ElicitResult = z.infer<typeof ElicitResultSchema>;

/** Params of `notifications/elicitation/complete` (2025-11-25, URL mode). */
export const ElicitationCompleteNotificationParamsSchema = NotificationParamsSchema.extend({
  elicitationId: z.string(),
});
/** Params of `notifications/elicitation/complete`. */
export type ElicitationCompleteNotificationParams = z.infer<
  typeof ElicitationCompleteNotificationParamsSchema
>;
