/**
 * Tools (spec 2025-11-25: server/tools): definitions with input/output JSON Schemas, annotations,
 * icons and `execution.taskSupport`; `tools/list` and `tools/call`.
 */
import { z } from "zod";
import {
  IconSchema,
  MetaSchema,
  PaginatedRequestParamsSchema,
  PaginatedResultSchema,
  ResultSchema,
  TaskAugmentedRequestParamsSchema,
} from "./base.js";
import { ContentBlockSchema } from "./content.js";
import { OpenObject, SchemaMap } from "./open.js";

/** The JSON Schema of a tool's input or output: an object schema (other keywords are kept). */
export const ToolJsonSchemaSchema = z.looseObject({
  $schema: z.string().optional(),
  type: z.literal("object"),
  properties: SchemaMap.optional(),
  required: z.array(z.string()).optional(),
});
/** The JSON Schema of a tool's input or output. */
export type ToolJsonSchema = z.infer<typeof ToolJsonSchemaSchema>;

/** Hints about a tool's behaviour. Clients must not trust them from untrusted servers. */
export const ToolAnnotationsSchema = z.looseObject({
  title: z.string().optional(),
  readOnlyHint: z.boolean().optional(),
  destructiveHint: z.boolean().optional(),
  idempotentHint: z.boolean().optional(),
  openWorldHint: z.boolean().optional(),
});
/** Hints about a tool's behaviour. */
export type ToolAnnotations = z.infer<typeof ToolAnnotationsSchema>;

/** How a tool may be executed: `taskSupport` says whether it can or must run as a task. */
export const ToolExecutionSchema = z.looseObject({
  taskSupport: z.enum(["forbidden", "optional", "required"]).optional(),
});
/** How a tool may be executed. */
export type ToolExecution = z.infer<typeof ToolExecutionSchema>;

/**
 * A tool definition.
 *
 * @example
 * ```ts
 * const tool = ToolSchema.parse({ name: "add", inputSchema: { type: "object", properties: { a: { type: "number" } } } });
 * ```
 */
export const ToolSchema = z.looseObject({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  inputSchema: ToolJsonSchemaSchema,
  outputSchema: ToolJsonSchemaSchema.optional(),
  annotations: ToolAnnotationsSchema.optional(),
  execution: ToolExecutionSchema.optional(),
  icons: z.array(IconSchema).optional(),
  _meta: MetaSchema.optional(),
});
/** A tool definition. */
export type Tool = z.infer<typeof ToolSchema>;

/** Params of `tools/list`. */
export const ListToolsRequestParamsSchema = PaginatedRequestParamsSchema;
/** Params of `tools/list`. */
export type ListToolsRequestParams = z.infer<typeof ListToolsRequestParamsSchema>;

/** Result of `tools/list`. */
export const ListToolsResultSchema = PaginatedResultSchema.extend({ tools: z.array(ToolSchema) });
/** Result of `tools/list`. */
export type ListToolsResult = z.infer<typeof ListToolsResultSchema>;

/**
 * Params of `tools/call`; `task` asks for task execution (2025-11-25).
 *
 * @example
 * ```ts
 * const { name, arguments: args } = CallToolRequestParamsSchema.parse(message.params);
 * ```
 */
export const CallToolRequestParamsSchema = TaskAugmentedRequestParamsSchema.extend({
  name: z.string(),
  arguments: OpenObject.optional(),
});
/** Params of `tools/call`. */
export type CallToolRequestParams = z.infer<typeof CallToolRequestParamsSchema>;

/**
 * Result of `tools/call`: content blocks, optional structured content, `isError` for tool errors.
 *
 * @example
 * ```ts
 * const result: CallToolResult = { content: [{ type: "text", text: "3" }], structuredContent: { sum: 3 } };
 * CallToolResultSchema.parse(result);
 * ```
 */
export const CallToolResultSchema = ResultSchema.extend({
  content: z.array(ContentBlockSchema),
  structuredContent: OpenObject.optional(),
  isError: z.boolean().optional(),
});
/** Result of `tools/call`. */
export type CallToolResult = z.infer<typeof CallToolResultSchema>;
