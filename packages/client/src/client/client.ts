/**
 * The MCP client (spec 2025-11-25, negotiating down to 2024-11-05): the initialize handshake,
 * capability checks before sending, typed helpers for every client-to-server request, handlers
 * for the server's requests (sampling, elicitation, roots) and events for its notifications.
 * Request correlation, timeouts, progress and cancellation come from `JsonRpcPeer`.
 */
import {
  assertCanSend,
  type CallToolRequestParams,
  type CallToolResult,
  type CancelTaskResult,
  type ClientCapabilities,
  type CompleteRequestParams,
  type CompleteResult,
  type CreateTaskResult,
  ErrorCode,
  type GetPromptRequestParams,
  type GetPromptResult,
  type GetTaskResult,
  type Implementation,
  type InitializeResult,
  isRequestMethod,
  JsonRpcPeer,
  LATEST_PROTOCOL_VERSION,
  type ListPromptsResult,
  type ListResourcesResult,
  type ListResourceTemplatesResult,
  type ListTasksResult,
  type ListToolsResult,
  LocalError,
  LocalErrorCode,
  type LoggingLevel,
  type Prompt,
  ProtocolError,
  type ReadResourceRequestParams,
  type ReadResourceResult,
  type RequestContext,
  type RequestOptions,
  type Resource,
  type ResourceTemplate,
  type Root,
  type ServerCapabilities,
  SUPPORTED_PROTOCOL_VERSIONS,
  type Task,
  type TaskMetadata,
  type Tool,
  type Transport,
} from "@mcp/protocol/core";
import type {
  ClientEvents,
  ClientOptions,
  ElicitationHandler,
  ElicitationHandlerOptions,
  RootsHandler,
  SamplingHandler,
} from "./client-types.js";
import { completeFormResult } from "./elicitation-defaults.js";
import { EventListeners } from "./event-listeners.js";
import { compileJsonSchema, type SchemaValidator } from "./json-schema-validator.js";
import { collectAllPages } from "./paginate.js";

type Params = Record<string, unknown>;

// A tool's output schema: compiled in the background from listTools (the validator package loads
// lazily), `validate` set once ready so calls after that need no extra await.
interface ToolOutputValidator {
  ready: Promise<SchemaValidator>;
  validate: SchemaValidator | undefined;
}

/** Options of {@link Client.connect}. */
export interface ConnectOptions {
  /** Aborts the handshake. */
  signal?: AbortSignal;
  /** Timeout of the `initialize` request. */
  timeoutMs?: number;
}

function strip<T extends Params>(value: T): T {
  // Optional parameters left `undefined` by callers are not sent as `null`-ish keys.
  const out: Params = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as T;
}

/**
 * An MCP client over any {@link Transport}.
 *
 * @example
 * ```ts
 * const client = new Client({ name: "my-app", version: "1.0.0" });
 * await client.connect(transport);
 * const tools = await client.listAllTools();
 * const result = await client.callTool({ name: "add", arguments: { a: 1, b: 2 } });
 * await client.close();
 * ```
 */
export class Client {
  /** Called once when the connection closes. */
  onclose?: () => void;
  /** Called for errors that belong to no request (malformed frames, unknown ids, listener bugs). */
  onerror?: (error: Error) => void;

  private readonly peer: JsonRpcPeer;
  private readonly events = new EventListeners<ClientEvents>((error) => this.onerror?.(error));
  private readonly options: ClientOptions;
  private readonly capabilities: ClientCapabilities;
  private initializeResult: InitializeResult | undefined;
  private readonly toolValidators = new Map<string, ToolOutputValidator>();
  private roots: Root[] | undefined;
  private rootsHandler: RootsHandler | undefined;

  constructor(
    readonly clientInfo: Implementation,
    options: ClientOptions = {},
  ) {
    this.options = options;
    this.capabilities = structuredClone(options.capabilities ?? {});
    this.peer = new JsonRpcPeer(
      options.defaultTimeoutMs === undefined ? {} : { defaultTimeoutMs: options.defaultTimeoutMs },
    );
    this.peer.onclose = () => this.onclose?.();
    this.peer.onerror = (error) => this.onerror?.(error);
    this.installNotificationHandlers();
  }

  /** The server's `initialize` result (capabilities, info, instructions, version). */
  get serverInitializeResult(): InitializeResult | undefined {
    return this.initializeResult;
  }

  /** What the server declared it supports; undefined before `connect()`. */
  get serverCapabilities(): ServerCapabilities | undefined {
    return this.initializeResult?.capabilities;
  }

  /** The server's name and version. */
  get serverInfo(): Implementation | undefined {
    return this.initializeResult?.serverInfo;
  }

  /** The server's instructions, if it gave any. */
  get instructions(): string | undefined {
    return this.initializeResult?.instructions;
  }

  /** The negotiated protocol version. */
  get protocolVersion(): string | undefined {
    return this.initializeResult?.protocolVersion;
  }

  /** The capabilities this client declares (or declared) in `initialize`. */
  get clientCapabilities(): ClientCapabilities {
    return this.capabilities;
  }

  /** The transport in use, if connected. */
  get transport(): Transport | undefined {
    return this.peer.currentTransport;
  }

  /**
   * Connects, sends `initialize`, checks the version the server chose and sends
   * `notifications/initialized`. A version outside `supportedProtocolVersions` closes the
   * connection and rejects with `UNSUPPORTED_PROTOCOL_VERSION`.
   */
  async connect(transport: Transport, options: ConnectOptions = {}): Promise<void> {
    await this.peer.connect(transport);
    const supported = this.options.supportedProtocolVersions ?? SUPPORTED_PROTOCOL_VERSIONS;
    const requested = this.options.protocolVersion ?? supported[0] ?? LATEST_PROTOCOL_VERSION;
    try {
      // The peer has checked the result against the initialize result schema already.
      const result = await this.peer.request(
        "initialize",
        { protocolVersion: requested, capabilities: this.capabilities, clientInfo: this.clientInfo },
        strip({ signal: options.signal, timeoutMs: options.timeoutMs }),
      );
      if (!supported.includes(result.protocolVersion)) {
        throw new LocalError(
          LocalErrorCode.UnsupportedProtocolVersion,
          `The server chose protocol version ${result.protocolVersion}, which this client does not support (supported: ${supported.join(", ")})`,
          { data: { requested, received: result.protocolVersion, supported: [...supported] } },
        );
      }
      this.initializeResult = result;
      transport.setProtocolVersion?.(result.protocolVersion);
      await this.peer.notify("notifications/initialized");
    } catch (error) {
      await this.peer.close().catch(() => {});
      throw error;
    }
  }

  /** Closes the connection; in-flight requests reject with `CONNECTION_CLOSED`. */
  async close(): Promise<void> {
    await this.peer.close();
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof ClientEvents>(event: K, listener: (value: ClientEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /**
   * Sends any request after the capability check; the building block of the typed helpers, and
   * the way to call methods outside the spec.
   */
  request<R extends Params = Params>(method: string, params?: Params, options?: RequestOptions): Promise<R> {
    // Not `async`: on the hot path an extra promise and its ticks per call are measurable. Errors
    // of the checks still come back as rejections, never as synchronous throws.
    if (this.initializeResult === undefined) {
      return Promise.reject(
        new LocalError(LocalErrorCode.NotConnected, `Cannot send ${method} before connect() completed`),
      );
    }
    try {
      this.assertCapability(method, params);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.peer.request(method, params, options) as Promise<R>;
  }

  /** Sends any notification. */
  notify(method: string, params?: Params): Promise<void> {
    return this.peer.notify(method, params);
  }

  /** `ping`: resolves when the server answers. */
  async ping(options?: RequestOptions): Promise<void> {
    await this.request("ping", undefined, options);
  }

  /** One page of `tools/list`; remembers each tool's output schema for {@link callTool}. */
  async listTools(params: { cursor?: string } = {}, options?: RequestOptions): Promise<ListToolsResult> {
    const result = await this.request<ListToolsResult>("tools/list", strip(params), options);
    for (const tool of result.tools) this.rememberTool(tool);
    return result;
  }

  /** Every tool, following `nextCursor` to the end. */
  listAllTools(options?: RequestOptions): Promise<Tool[]> {
    return collectAllPages(
      (cursor) => this.listTools(strip({ cursor }), options),
      (page) => page.tools,
    );
  }

  /**
   * `tools/call`. When the tool's `outputSchema` is known (from `listTools`), a successful result
   * must carry `structuredContent` that matches it, or the call rejects with `INVALID_MESSAGE`.
   * A tool error (`isError: true`) resolves; it is the tool's answer, not a protocol failure.
   */
  async callTool(params: CallToolRequestParams, options?: RequestOptions): Promise<CallToolResult> {
    const result = await this.request<CallToolResult>("tools/call", params, options);
    const output = this.toolValidators.get(params.name);
    if (output !== undefined && result.isError !== true) {
      this.checkToolOutput(params.name, result, output.validate ?? (await output.ready));
    }
    return result;
  }

  /** Every resource, following `nextCursor` to the end. */
  listAllResources(options?: RequestOptions): Promise<Resource[]> {
    return collectAllPages(
      (cursor) => this.listResources(strip({ cursor }), options),
      (page) => page.resources,
    );
  }

  /** One page of `resources/list`. */
  listResources(params: { cursor?: string } = {}, options?: RequestOptions): Promise<ListResourcesResult> {
    return this.request("resources/list", strip(params), options);
  }

  /** One page of `resources/templates/list`. */
  listResourceTemplates(
    params: { cursor?: string } = {},
    options?: RequestOptions,
  ): Promise<ListResourceTemplatesResult> {
    return this.request("resources/templates/list", strip(params), options);
  }

  /** Every resource template, following `nextCursor` to the end. */
  listAllResourceTemplates(options?: RequestOptions): Promise<ResourceTemplate[]> {
    return collectAllPages(
      (cursor) => this.listResourceTemplates(strip({ cursor }), options),
      (page) => page.resourceTemplates,
    );
  }

  /** `resources/read`. */
  readResource(params: ReadResourceRequestParams, options?: RequestOptions): Promise<ReadResourceResult> {
    return this.request("resources/read", params, options);
  }

  /** `resources/subscribe`: `resourceUpdated` events follow for that URI. */
  async subscribeResource(params: { uri: string }, options?: RequestOptions): Promise<void> {
    await this.request("resources/subscribe", params, options);
  }

  /** `resources/unsubscribe`. */
  async unsubscribeResource(params: { uri: string }, options?: RequestOptions): Promise<void> {
    await this.request("resources/unsubscribe", params, options);
  }

  /** One page of `prompts/list`. */
  listPrompts(params: { cursor?: string } = {}, options?: RequestOptions): Promise<ListPromptsResult> {
    return this.request("prompts/list", strip(params), options);
  }

  /** Every prompt, following `nextCursor` to the end. */
  listAllPrompts(options?: RequestOptions): Promise<Prompt[]> {
    return collectAllPages(
      (cursor) => this.listPrompts(strip({ cursor }), options),
      (page) => page.prompts,
    );
  }

  /** `prompts/get`. */
  getPrompt(params: GetPromptRequestParams, options?: RequestOptions): Promise<GetPromptResult> {
    return this.request("prompts/get", params, options);
  }

  /** `completion/complete`. */
  complete(params: CompleteRequestParams, options?: RequestOptions): Promise<CompleteResult> {
    return this.request("completion/complete", params, options);
  }

  /** `logging/setLevel`: the server sends `loggingMessage` events at this level and above. */
  async setLoggingLevel(level: LoggingLevel, options?: RequestOptions): Promise<void> {
    await this.request("logging/setLevel", { level }, options);
  }

  /**
   * Tasks (experimental): `tools/call` as a task. Resolves with the created task at once; poll
   * {@link getTask} and fetch the outcome with {@link getTaskResult}.
   */
  async callToolAsTask(
    params: CallToolRequestParams,
    task: TaskMetadata = {},
    options?: RequestOptions,
  ): Promise<CreateTaskResult> {
    return this.request("tools/call", { ...params, task }, options);
  }

  /** Tasks (experimental): `tasks/get`. */
  getTask(taskId: string, options?: RequestOptions): Promise<GetTaskResult> {
    return this.request("tasks/get", { taskId }, options);
  }

  /** Tasks (experimental): `tasks/result`, the outcome of the task's request (waits until done). */
  getTaskResult<R extends Params = CallToolResult>(taskId: string, options?: RequestOptions): Promise<R> {
    return this.request<R>("tasks/result", { taskId }, options);
  }

  /** Tasks (experimental): one page of `tasks/list`. */
  listTasks(params: { cursor?: string } = {}, options?: RequestOptions): Promise<ListTasksResult> {
    return this.request("tasks/list", strip(params), options);
  }

  /** Tasks (experimental): every task, following `nextCursor` to the end. */
  listAllTasks(options?: RequestOptions): Promise<Task[]> {
    return collectAllPages(
      (cursor) => this.listTasks(strip({ cursor }), options),
      (page) => page.tasks,
    );
  }

  /** Tasks (experimental): `tasks/cancel`. */
  cancelTask(taskId: string, options?: RequestOptions): Promise<CancelTaskResult> {
    return this.request("tasks/cancel", { taskId }, options);
  }

  /**
   * Answers the server's `sampling/createMessage`. Set before `connect()` to declare the
   * `sampling` capability.
   */
  setSamplingHandler(handler: SamplingHandler): void {
    this.capabilities.sampling ??= {};
    // The peer validates the params of MCP requests before a handler runs (-32602 otherwise).
    this.peer.setRequestHandler("sampling/createMessage", (params, ctx) => handler(params, ctx));
  }

  /**
   * Answers the server's `elicitation/create`. Form results get the requested schema's defaults
   * and are validated against it. Set before `connect()` to declare the `elicitation` capability
   * (form mode by default; `{ url: true }` adds URL mode).
   */
  setElicitationHandler(
    handler: ElicitationHandler,
    modes: ElicitationHandlerOptions = { form: true },
  ): void {
    const form = modes.form ?? true;
    const url = modes.url ?? false;
    this.capabilities.elicitation = { ...(form ? { form: {} } : {}), ...(url ? { url: {} } : {}) };
    // The peer validates the params of MCP requests before a handler runs (-32602 otherwise).
    this.peer.setRequestHandler("elicitation/create", async (request, ctx) => {
      const isUrl = request.mode === "url";
      if ((isUrl && !url) || (!isUrl && !form)) {
        throw new ProtocolError(
          ErrorCode.InvalidParams,
          `This client does not support ${isUrl ? "URL" : "form"}-mode elicitation`,
        );
      }
      const result = await handler(request, ctx);
      if (isUrl || !("requestedSchema" in request)) return result;
      return completeFormResult(request.requestedSchema, result);
    });
  }

  /**
   * Sets the roots the server may ask for with `roots/list`. Set before `connect()` to declare
   * the `roots` capability; later calls send `notifications/roots/list_changed`.
   */
  async setRoots(roots: Root[] | RootsHandler): Promise<void> {
    if (typeof roots === "function") {
      this.rootsHandler = roots;
      this.roots = undefined;
    } else {
      this.roots = [...roots];
      this.rootsHandler = undefined;
    }
    const declared = this.capabilities.roots !== undefined;
    this.capabilities.roots = { listChanged: true };
    this.peer.setRequestHandler("roots/list", async (_params, ctx: RequestContext) => ({
      roots: this.rootsHandler ? await this.rootsHandler(ctx) : (this.roots ?? []),
    }));
    if (declared && this.initializeResult !== undefined) {
      await this.peer.notify("notifications/roots/list_changed");
    }
  }

  private assertCapability(method: string, params: Params | undefined): void {
    // Methods outside the spec are the caller's business; the server answers -32601 if unknown.
    if (!isRequestMethod(method)) return;
    // completion had no capability before 2025-03-26; such servers are asked and may say -32601.
    if (method === "completion/complete" && this.protocolVersion === "2024-11-05") return;
    assertCanSend({
      side: "client",
      method,
      params,
      ownCapabilities: this.capabilities,
      peerCapabilities: this.serverCapabilities,
    });
  }

  private rememberTool(tool: Tool): void {
    if (this.options.validateToolOutput === false) return;
    if (tool.outputSchema === undefined) {
      this.toolValidators.delete(tool.name);
      return;
    }
    const output: ToolOutputValidator = {
      ready: compileJsonSchema(tool.outputSchema),
      validate: undefined,
    };
    // A load failure is reported by the call that awaits `ready`; here it must not go unhandled.
    output.ready.then(
      (validate) => {
        output.validate = validate;
      },
      () => {},
    );
    this.toolValidators.set(tool.name, output);
  }

  private checkToolOutput(name: string, result: CallToolResult, validate: SchemaValidator): void {
    if (result.structuredContent === undefined) {
      throw new LocalError(
        LocalErrorCode.InvalidMessage,
        `Tool ${name} declares an outputSchema but returned no structuredContent`,
        { data: { tool: name } },
      );
    }
    const check = validate(result.structuredContent);
    if (!check.valid) {
      throw new LocalError(
        LocalErrorCode.InvalidMessage,
        `Tool ${name} returned structuredContent that does not match its outputSchema: ${check.errors.join("; ")}`,
        { data: { tool: name, errors: check.errors, result } },
      );
    }
  }

  private installNotificationHandlers(): void {
    const on = (method: string, emit: (params: Params) => void) =>
      this.peer.setNotificationHandler(method, (params) => emit(params));
    on("notifications/tools/list_changed", () => {
      // The cached output schemas may be stale now; they are refreshed by the next listTools.
      this.toolValidators.clear();
      this.events.emit("toolsListChanged", undefined);
    });
    on("notifications/resources/list_changed", () => this.events.emit("resourcesListChanged", undefined));
    on("notifications/prompts/list_changed", () => this.events.emit("promptsListChanged", undefined));
    on("notifications/resources/updated", (p) =>
      this.events.emit("resourceUpdated", p as ClientEvents["resourceUpdated"]),
    );
    on("notifications/message", (p) =>
      this.events.emit("loggingMessage", p as ClientEvents["loggingMessage"]),
    );
    on("notifications/elicitation/complete", (p) =>
      this.events.emit("elicitationComplete", p as ClientEvents["elicitationComplete"]),
    );
    on("notifications/tasks/status", (p) => this.events.emit("taskStatus", p as ClientEvents["taskStatus"]));
  }
}
