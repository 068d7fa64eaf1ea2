import {
  type Implementation,
  JsonRpcPeer,
  LATEST_PROTOCOL_VERSION,
  type LoggingLevel,
  type ServerCapabilities,
  type Transport,
} from "@mcp/protocol";
import type { ListKind } from "./list-changed.js";
import type { PromptConfig, PromptHandler, RegisteredPrompt } from "./registry/prompts.js";
import { PromptEntry } from "./registry/prompts.js";
import { Registry, type RegistryItem } from "./registry/registry.js";
import {
  type ReadResourceCallback,
  type ReadTemplateCallback,
  type RegisteredResource,
  type RegisteredResourceTemplate,
  ResourceEntry,
  type ResourceMetadata,
  type ResourceTemplateEntry,
  type ResourceTemplateMetadata,
  ResourceTemplateEntry as TemplateEntry,
} from "./registry/resources.js";
import { type RegisteredTool, type ToolConfig, ToolEntry, type ToolHandler } from "./registry/tools.js";
import type { ObjectSchemaInput } from "./schema/object-schema.js";
import { type ConnectOptions, ServerSession, type SessionHost } from "./server-session.js";
import { installSessionHandlers } from "./session-handlers.js";
import type { TaskOptions } from "./tasks/task-manager.js";

/** Options of {@link McpServer}. */
export interface McpServerOptions {
  /** Sent in the initialize result. */
  instructions?: string;
  /** Items per page of every list; default 100. */
  pageSize?: number;
  /** Merged over the capabilities computed from what is registered. */
  capabilities?: ServerCapabilities;
  /** Coalescing window of `list_changed` notifications in ms; default 0 (next macrotask). */
  listChangedDebounceMs?: number;
  /** Minimum level sent before the client calls `logging/setLevel`; default "info". */
  defaultLogLevel?: LoggingLevel;
  /** Task retention and polling. */
  tasks?: TaskOptions;
  /** Called when a session's client sends `notifications/roots/list_changed`. */
  onRootsListChanged?: (session: ServerSession) => void;
  /** Problems that belong to no request (malformed frames, transport errors). */
  onerror?: (error: Error, session: ServerSession) => void;
}

/**
 * An MCP server: tools, resources, resource templates and prompts registered once and shared by
 * every session; `connect()` serves one transport (stdio, one Streamable HTTP session, ...).
 *
 * @example
 * ```ts
 * const server = new McpServer({ name: "demo", version: "1.0.0" });
 * server.registerTool("echo", { inputSchema: { text: z.string() } }, ({ text }) => ({
 *   content: [{ type: "text", text }],
 * }));
 * await server.connect(transport);
 * ```
 */
export class McpServer {
  readonly info: Implementation;
  readonly options: Readonly<McpServerOptions>;
  /** @internal */ readonly tools: Registry<ToolEntry>;
  /** @internal */ readonly resources: Registry<ResourceEntry>;
  /** @internal */ readonly templates: Registry<ResourceTemplateEntry>;
  /** @internal */ readonly prompts: Registry<PromptEntry>;
  /** @internal */ readonly pageSize: number;
  readonly #sessions = new Set<ServerSession>();
  readonly #host: SessionHost;

  constructor(info: Implementation, options: McpServerOptions = {}) {
    this.info = info;
    this.options = options;
    this.pageSize = options.pageSize ?? 100;
    this.tools = new Registry("Tool", () => this.#changed("tools"));
    this.resources = new Registry("Resource", () => this.#changed("resources"));
    this.templates = new Registry("Resource template", () => this.#changed("resources"));
    this.prompts = new Registry("Prompt", () => this.#changed("prompts"));
    this.#host = {
      defaultLogLevel: options.defaultLogLevel ?? "info",
      listChangedDebounceMs: options.listChangedDebounceMs ?? 0,
      taskOptions: options.tasks ?? {},
      detach: (session) => this.#sessions.delete(session),
    };
  }

  /** Open sessions. */
  get sessions(): readonly ServerSession[] {
    return [...this.#sessions];
  }

  /**
   * Registers a tool. Schemas are converted to JSON Schema 2020-12 once, here.
   *
   * @example
   * ```ts
   * server.registerTool(
   *   "add",
   *   { inputSchema: { a: z.number(), b: z.number() }, outputSchema: { result: z.number() } },
   *   ({ a, b }) => ({ structuredContent: { result: a + b } }),
   * );
   * ```
   */
  registerTool<
    In extends ObjectSchemaInput = ObjectSchemaInput,
    Out extends ObjectSchemaInput = ObjectSchemaInput,
  >(name: string, config: ToolConfig<In, Out>, handler: ToolHandler<In, Out>): RegisteredTool {
    const entry = new ToolEntry(name, config, handler as ToolHandler, this.tools as Registry<RegistryItem>);
    this.tools.add(entry);
    return entry;
  }

  /**
   * Registers a static resource.
   *
   * @example
   * ```ts
   * server.registerResource("readme", "docs://readme", { mimeType: "text/markdown" }, (uri) => ({
   *   contents: [{ uri: uri.href, text: "# Hello" }],
   * }));
   * ```
   */
  registerResource(
    name: string,
    uri: string,
    metadata: ResourceMetadata,
    read: ReadResourceCallback,
  ): RegisteredResource {
    const entry = new ResourceEntry(name, uri, metadata, read, this.resources as Registry<RegistryItem>);
    this.resources.add(entry);
    return entry;
  }

  /**
   * Registers an RFC 6570 resource template.
   *
   * @example
   * ```ts
   * server.registerResourceTemplate("user", "users://{id}", { list: () => [] }, (uri, { id }) => ({
   *   contents: [{ uri: uri.href, text: `user ${id}` }],
   * }));
   * ```
   */
  registerResourceTemplate(
    name: string,
    uriTemplate: string,
    metadata: ResourceTemplateMetadata,
    read: ReadTemplateCallback,
  ): RegisteredResourceTemplate {
    const entry = new TemplateEntry(
      name,
      uriTemplate,
      metadata,
      read,
      this.templates as Registry<RegistryItem>,
    );
    this.templates.add(entry);
    return entry;
  }

  /**
   * Registers a prompt.
   *
   * @example
   * ```ts
   * server.registerPrompt("greet", { argsSchema: { name: z.string() } }, ({ name }) => ({
   *   messages: [{ role: "user", content: { type: "text", text: `Greet ${name}` } }],
   * }));
   * ```
   */
  registerPrompt<Args extends ObjectSchemaInput = ObjectSchemaInput>(
    name: string,
    config: PromptConfig<Args>,
    handler: PromptHandler<Args>,
  ): RegisteredPrompt {
    const entry = new PromptEntry(
      name,
      config,
      handler as PromptHandler,
      this.prompts as Registry<RegistryItem>,
    );
    this.prompts.add(entry);
    return entry;
  }

  /**
   * Serves one transport; resolves once the transport started. Each call makes a new session.
   *
   * @example
   * ```ts
   * const [clientSide, serverSide] = createLinkedTransportPair();
   * const session = await server.connect(serverSide);
   * ```
   */
  async connect(transport: Transport, options: ConnectOptions = {}): Promise<ServerSession> {
    const peer = new JsonRpcPeer();
    const session = new ServerSession(peer, transport, this.#host);
    installSessionHandlers(this, session, peer);
    peer.onclose = () => session.handleClosed();
    peer.onerror = (error) => this.options.onerror?.(error, session);
    if (options.preInitialized) {
      const pre = options.preInitialized;
      const protocolVersion = pre.protocolVersion ?? LATEST_PROTOCOL_VERSION;
      session.markInitializeAnswered(
        { protocolVersion, capabilities: this.capabilitiesFor(protocolVersion), serverInfo: this.info },
        pre,
      );
      session.markInitialized();
    }
    this.#sessions.add(session);
    await peer.connect(transport);
    return session;
  }

  /** The capabilities declared to a session of this protocol version. */
  capabilitiesFor(protocolVersion: string): ServerCapabilities {
    const capabilities: ServerCapabilities = { logging: {} };
    if (this.tools.size > 0) capabilities.tools = { listChanged: true };
    if (this.resources.size > 0 || this.templates.size > 0) {
      capabilities.resources = { subscribe: true, listChanged: true };
    }
    if (this.prompts.size > 0) capabilities.prompts = { listChanged: true };
    const completes =
      this.prompts.enabled().some((prompt) => prompt.complete !== undefined) ||
      this.templates.enabled().some((template) => template.complete !== undefined);
    if (completes && protocolVersion >= "2025-03-26") capabilities.completions = {};
    const tasks = this.tools.enabled().some((tool) => tool.taskSupport !== "forbidden");
    if (tasks && protocolVersion >= "2025-11-25") {
      capabilities.tasks = { list: {}, cancel: {}, requests: { tools: { call: {} } } };
    }
    return { ...capabilities, ...this.options.capabilities };
  }

  /** Sends `notifications/resources/updated` to every session subscribed to `uri`. */
  async notifyResourceUpdated(uri: string): Promise<void> {
    const sends = [...this.#sessions]
      .filter((session) => session.subscriptions.has(uri))
      .map((session) => session.notify("notifications/resources/updated", { uri }).catch(() => undefined));
    await Promise.all(sends);
  }

  /** Logs to every session (each filters by its own level). */
  async log(level: LoggingLevel, data: unknown, logger?: string): Promise<void> {
    await Promise.all(
      [...this.#sessions].map((session) => session.log(level, data, logger).catch(() => undefined)),
    );
  }

  /** Closes every session. */
  async close(): Promise<void> {
    await Promise.all([...this.#sessions].map((session) => session.close()));
  }

  #changed(kind: ListKind): void {
    for (const session of this.#sessions) session.announceListChanged(kind);
  }
}
