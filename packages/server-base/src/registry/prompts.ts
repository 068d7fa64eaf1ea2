import {
  ErrorCode,
  type GetPromptResult,
  type Icon,
  type Prompt,
  type PromptArgument,
  ProtocolError,
} from "@mcp/protocol";
import type { z } from "zod";
import type { HandlerContext } from "../context.js";
import {
  formatIssues,
  type ObjectSchemaInput,
  type ObjectSchemaOf,
  toObjectSchema,
} from "../schema/object-schema.js";
import type { CompleteCallback } from "./completions.js";
import { RegisteredItem, type Registry, type RegistryItem } from "./registry.js";

/** Everything but the handler of a prompt registration. */
export interface PromptConfig<Args extends ObjectSchemaInput = ObjectSchemaInput> {
  title?: string;
  description?: string;
  icons?: Icon[];
  _meta?: Record<string, unknown>;
  /** Arguments (prompt arguments are strings on the wire): a zod object or raw shape. */
  argsSchema?: Args;
  /** `completion/complete` callbacks per argument. */
  complete?: Record<string, CompleteCallback>;
}

type PromptArgsOf<Args> = Args extends ObjectSchemaInput
  ? z.output<ObjectSchemaOf<Args>>
  : Record<string, never>;

/** Builds the prompt's messages from validated arguments. */
export type PromptHandler<Args = ObjectSchemaInput> = (
  args: PromptArgsOf<Args>,
  ctx: HandlerContext,
) => GetPromptResult | Promise<GetPromptResult>;

/** The handle {@link McpServer.registerPrompt} returns. */
export interface RegisteredPrompt {
  readonly name: string;
  readonly enabled: boolean;
  enable(): void;
  disable(): void;
  remove(): void;
  update(changes: PromptConfig & { handler?: PromptHandler }): void;
}

/** Internal: a prompt with its argument list derived once from the schema. */
export class PromptEntry extends RegisteredItem implements RegisteredPrompt {
  readonly key: string;
  definition!: Prompt;
  complete: Record<string, CompleteCallback> | undefined;
  #schema: z.ZodObject | undefined;
  #config: PromptConfig;
  #handler: PromptHandler;

  constructor(
    readonly name: string,
    config: PromptConfig,
    handler: PromptHandler,
    protected readonly registry: Registry<RegistryItem>,
  ) {
    super();
    this.key = name;
    this.#config = config;
    this.#handler = handler;
    this.#compile();
  }

  update(changes: PromptConfig & { handler?: PromptHandler }): void {
    const { handler, ...config } = changes;
    this.#config = { ...this.#config, ...config };
    if (handler) this.#handler = handler;
    this.#compile();
    this.registry.changed();
  }

  /** Validates the arguments (-32602 on failure) and runs the handler. */
  async get(rawArgs: Record<string, unknown> | undefined, ctx: HandlerContext): Promise<GetPromptResult> {
    let args: Record<string, unknown> = {};
    if (this.#schema) {
      const parsed = this.#schema.safeParse(rawArgs ?? {});
      if (!parsed.success) {
        throw new ProtocolError(
          ErrorCode.InvalidParams,
          `Invalid arguments for prompt ${this.name}: ${formatIssues(parsed.error)}`,
        );
      }
      args = parsed.data;
    }
    return this.#handler(args as never, ctx);
  }

  #compile(): void {
    const config = this.#config;
    this.#schema = config.argsSchema === undefined ? undefined : toObjectSchema(config.argsSchema);
    this.complete = config.complete;
    const definition: Prompt = { name: this.name };
    if (config.title !== undefined) definition.title = config.title;
    if (config.description !== undefined) definition.description = config.description;
    if (this.#schema) {
      definition.arguments = Object.entries(this.#schema.shape).map(([name, field]) => {
        const argument: PromptArgument = { name };
        const description = (field as z.ZodType).description;
        if (description !== undefined) argument.description = description;
        argument.required = !(field as z.ZodType).safeParse(undefined).success;
        return argument;
      });
    }
    if (config.icons !== undefined) definition.icons = config.icons;
    if (config._meta !== undefined) definition._meta = config._meta;
    this.definition = definition;
  }
}
