import {
  type CallToolResult,
  type ContentBlock,
  type Icon,
  isProtocolError,
  type Tool,
  type ToolAnnotations,
} from "@mcp/protocol";
import type { z } from "zod";
import type { HandlerContext } from "../context.js";
import { ServerError } from "../errors.js";
import {
  formatIssues,
  type JsonSchemaObject,
  type ObjectSchemaInput,
  type ObjectSchemaOf,
  toJsonSchema,
  toObjectSchema,
} from "../schema/object-schema.js";
import { RegisteredItem, type Registry, type RegistryItem } from "./registry.js";

/** How a tool may be run as a task. */
export type TaskSupport = "forbidden" | "optional" | "required";

/** Everything but the handler of a tool registration. */
export interface ToolConfig<
  In extends ObjectSchemaInput = ObjectSchemaInput,
  Out extends ObjectSchemaInput = ObjectSchemaInput,
> {
  title?: string;
  description?: string;
  /** Arguments: a zod object or raw shape; omitted = no arguments. */
  inputSchema?: In;
  /** Structured output: a zod object or raw shape. */
  outputSchema?: Out;
  annotations?: ToolAnnotations;
  icons?: Icon[];
  execution?: { taskSupport?: TaskSupport };
  _meta?: Record<string, unknown>;
}

type ArgsOf<In> = In extends ObjectSchemaInput ? z.output<ObjectSchemaOf<In>> : Record<string, never>;
type StructuredOf<Out> = Out extends ObjectSchemaInput
  ? z.input<ObjectSchemaOf<Out>>
  : Record<string, unknown>;

/** What a tool handler returns; with an output schema, `content` may be left to the framework. */
export interface ToolResult<Structured = Record<string, unknown>> {
  content?: ContentBlock[];
  structuredContent?: Structured;
  isError?: boolean;
  _meta?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A tool handler: validated arguments in, a result out. */
export type ToolHandler<In = ObjectSchemaInput, Out = ObjectSchemaInput> = (
  args: ArgsOf<In>,
  ctx: HandlerContext,
) => ToolResult<StructuredOf<Out>> | Promise<ToolResult<StructuredOf<Out>>>;

/** The handle {@link McpServer.registerTool} returns. */
export interface RegisteredTool {
  readonly name: string;
  readonly enabled: boolean;
  enable(): void;
  disable(): void;
  remove(): void;
  /** Replaces parts of the configuration (schemas are converted again) and/or the handler. */
  update(changes: ToolConfig & { handler?: ToolHandler }): void;
}

const EMPTY_INPUT: JsonSchemaObject = { type: "object", properties: {} };
const NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;

/** Internal: a tool with its schemas converted once. */
export class ToolEntry extends RegisteredItem implements RegisteredTool {
  readonly key: string;
  definition!: Tool;
  taskSupport: TaskSupport = "forbidden";
  #input: z.ZodObject | undefined;
  #output: z.ZodObject | undefined;
  #config: ToolConfig;
  #handler: ToolHandler;

  constructor(
    readonly name: string,
    config: ToolConfig,
    handler: ToolHandler,
    protected readonly registry: Registry<RegistryItem>,
  ) {
    super();
    if (!NAME_PATTERN.test(name)) {
      throw new ServerError(
        "INVALID_NAME",
        `Tool name "${name}" must be 1-128 characters of A-Z, a-z, 0-9, "_", "-" and "."`,
      );
    }
    this.key = name;
    this.#config = config;
    this.#handler = handler;
    this.#compile();
  }

  update(changes: ToolConfig & { handler?: ToolHandler }): void {
    const { handler, ...config } = changes;
    this.#config = { ...this.#config, ...config };
    if (handler) this.#handler = handler;
    this.#compile();
    this.registry.changed();
  }

  /** Validates arguments, runs the handler, checks and mirrors structured output. */
  async call(rawArgs: Record<string, unknown> | undefined, ctx: HandlerContext): Promise<CallToolResult> {
    let args: Record<string, unknown> = {};
    if (this.#input) {
      const parsed = this.#input.safeParse(rawArgs ?? {});
      if (!parsed.success) {
        return errorResult(`Invalid arguments for tool ${this.name}: ${formatIssues(parsed.error)}`);
      }
      args = parsed.data;
    }
    let result: ToolResult;
    try {
      result = await this.#handler(args as never, ctx);
    } catch (error) {
      // Wire errors (e.g. -32042 URL elicitation required) are meant for the JSON-RPC layer; a
      // cancelled handler gets no response at all; everything else is a tool execution error.
      if (isProtocolError(error) || ctx.signal.aborted) throw error;
      return errorResult(error instanceof Error ? error.message : String(error));
    }
    return this.#finish(result);
  }

  #finish(result: ToolResult): CallToolResult {
    if (typeof result !== "object" || result === null) {
      return errorResult(`Tool ${this.name} returned ${String(result)} instead of a result object`);
    }
    let structured = result.structuredContent;
    if (this.#output && !result.isError) {
      if (structured === undefined) {
        return errorResult(`Tool ${this.name} has an output schema but returned no structuredContent`);
      }
      const parsed = this.#output.safeParse(structured);
      if (!parsed.success) {
        return errorResult(
          `Tool ${this.name} returned output that does not match its outputSchema: ${formatIssues(parsed.error)}`,
        );
      }
      structured = parsed.data;
    }
    const out: CallToolResult = { ...result, content: result.content ?? [] } as CallToolResult;
    if (structured !== undefined) {
      out.structuredContent = structured;
      // Mirrored as text so clients that ignore structuredContent still see it (spec: SHOULD).
      if (result.content === undefined) out.content = [{ type: "text", text: JSON.stringify(structured) }];
    }
    return out;
  }

  #compile(): void {
    const config = this.#config;
    this.#input = config.inputSchema === undefined ? undefined : toObjectSchema(config.inputSchema);
    this.#output = config.outputSchema === undefined ? undefined : toObjectSchema(config.outputSchema);
    this.taskSupport = config.execution?.taskSupport ?? "forbidden";
    const definition: Tool = {
      name: this.name,
      inputSchema: (this.#input ? toJsonSchema(this.#input, "input") : EMPTY_INPUT) as Tool["inputSchema"],
    };
    if (config.title !== undefined) definition.title = config.title;
    if (config.description !== undefined) definition.description = config.description;
    if (this.#output) definition.outputSchema = toJsonSchema(this.#output, "output") as Tool["outputSchema"];
    if (config.annotations !== undefined) definition.annotations = config.annotations;
    if (config.icons !== undefined) definition.icons = config.icons;
    if (config.execution !== undefined) definition.execution = config.execution;
    if (config._meta !== undefined) definition._meta = config._meta;
    this.definition = definition;
  }
}

/** A `CallToolResult` reporting a tool execution error. */
export function errorResult(message: string): CallToolResult {
  return { content: [{ type: "text", text: message }], isError: true };
}
