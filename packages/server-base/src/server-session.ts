import {
  type ClientCapabilities,
  type CreateMessageRequestParams,
  type CreateMessageResult,
  type ElicitResult,
  ErrorCode,
  type Implementation,
  type InitializeResult,
  type JsonRpcPeer,
  type ListRootsResult,
  type LoggingLevel,
  ProtocolError,
  type RequestId,
  type RequestOptions,
  type ServerCapabilities,
  type Task,
  type Transport,
} from "@mcp/protocol";
import type { ElicitParams } from "./context.js";
import { ServerError } from "./errors.js";
import { ListChangedCoalescer, type ListKind } from "./list-changed.js";
import { isLevelEnabled } from "./logging.js";
import { TaskManager, type TaskOptions } from "./tasks/task-manager.js";

/** Initialization a session starts with (stateless HTTP, where a request may be a new connection). */
export interface PreInitialized {
  protocolVersion?: string;
  clientCapabilities?: ClientCapabilities;
  clientInfo?: Implementation;
}

/** Options of {@link McpServer.connect}. */
export interface ConnectOptions {
  /** Start already initialized, without an `initialize` exchange. */
  preInitialized?: PreInitialized;
}

/** Internal wiring a session needs from its server. */
export interface SessionHost {
  readonly defaultLogLevel: LoggingLevel;
  readonly listChangedDebounceMs: number;
  readonly taskOptions: TaskOptions;
  detach(session: ServerSession): void;
}

/**
 * One connection to an {@link McpServer}: its negotiated version, the client's capabilities,
 * its log level, resource subscriptions and tasks. Registries are shared by all sessions.
 *
 * @example
 * ```ts
 * const session = await server.connect(transport);
 * session.onclose = () => console.error(`session ${session.id} closed`);
 * if (session.clientCapabilities?.roots) console.error(await session.listRoots());
 * ```
 */
export class ServerSession {
  /** The transport's session id when it has one, else a random UUID. */
  readonly id: string;
  /** The transport's own session id (Streamable HTTP), if any. */
  readonly transportSessionId: string | undefined;
  /** Negotiated protocol version (after `initialize`). */
  protocolVersion: string | undefined;
  /** The client's `clientInfo` (after `initialize`). */
  clientInfo: Implementation | undefined;
  /** The client's declared capabilities (after `initialize`). */
  clientCapabilities: ClientCapabilities | undefined;
  /** Capabilities this server declared to this session. */
  capabilities: ServerCapabilities = {};
  /** Called once when the session ends. */
  onclose?: () => void;

  /** @internal */ readonly subscriptions = new Set<string>();
  /** @internal */ readonly tasks: TaskManager;
  /** @internal */ readonly listChanged: ListChangedCoalescer;
  #initializeAnswered = false;
  #initialized = false;
  #closed = false;
  #logLevel: LoggingLevel;

  constructor(
    /** @internal */ readonly peer: JsonRpcPeer,
    transport: Transport,
    private readonly host: SessionHost,
  ) {
    this.transportSessionId = transport.sessionId;
    this.id = transport.sessionId ?? globalThis.crypto.randomUUID();
    this.#logLevel = host.defaultLogLevel;
    this.tasks = new TaskManager(host.taskOptions, (task) => this.#taskStatus(task));
    this.listChanged = new ListChangedCoalescer(
      (kind) => void this.notify(`notifications/${kind}/list_changed`).catch(() => undefined),
      host.listChangedDebounceMs,
    );
  }

  /** True once the client sent `notifications/initialized` (or the session was pre-initialized). */
  get initialized(): boolean {
    return this.#initialized;
  }

  /** True once the session answered `initialize` (requests are served from then on). */
  get initializeAnswered(): boolean {
    return this.#initializeAnswered;
  }

  /** True after the connection closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The minimum level of log messages sent to this client. */
  get logLevel(): LoggingLevel {
    return this.#logLevel;
  }

  /** @internal */
  markInitializeAnswered(result: InitializeResult, request: PreInitialized): void {
    this.protocolVersion = result.protocolVersion;
    this.capabilities = result.capabilities;
    this.clientCapabilities = request.clientCapabilities ?? {};
    if (request.clientInfo !== undefined) this.clientInfo = request.clientInfo;
    this.#initializeAnswered = true;
  }

  /** @internal */
  markInitialized(): void {
    this.#initialized = true;
  }

  /** @internal */
  setLogLevel(level: LoggingLevel): void {
    this.#logLevel = level;
  }

  /** @internal Announces a list change if this session was told it may get one. */
  announceListChanged(kind: ListKind): void {
    if (!this.#initialized || this.#closed) return;
    const capability = this.capabilities[kind] as { listChanged?: boolean } | undefined;
    if (capability?.listChanged) this.listChanged.schedule(kind);
  }

  /**
   * Sends `notifications/message` when `level` passes the session's `logging/setLevel`.
   *
   * @example
   * ```ts
   * await session.log("warning", { disk: "almost full" }, "storage");
   * ```
   */
  async log(
    level: LoggingLevel,
    data: unknown,
    logger?: string,
    options: { relatedRequestId?: RequestId } = {},
  ): Promise<void> {
    if (this.#closed || !isLevelEnabled(level, this.#logLevel)) return;
    await this.peer.notify(
      "notifications/message",
      { level, data, ...(logger === undefined ? {} : { logger }) },
      options,
    );
  }

  /** Sends any notification to this client. */
  async notify(
    method: string,
    params?: Record<string, unknown>,
    options?: { relatedRequestId?: RequestId },
  ): Promise<void> {
    if (this.#closed) return;
    await this.peer.notify(method, params, options);
  }

  /** `ping` the client. */
  async ping(options?: RequestOptions): Promise<void> {
    await this.peer.request("ping", {}, options);
  }

  /**
   * `sampling/createMessage`; throws `ServerError` `CAPABILITY_NOT_SUPPORTED` when the client
   * did not declare `sampling` (or `sampling.tools` when `params.tools` is set).
   */
  async createMessage(
    params: CreateMessageRequestParams,
    options?: RequestOptions,
  ): Promise<CreateMessageResult> {
    this.#assertCanRequest("sampling/createMessage");
    const sampling = this.clientCapabilities?.sampling;
    if (!sampling) throw missingCapability("sampling", "sampling/createMessage");
    if ((params.tools !== undefined || params.toolChoice !== undefined) && !sampling.tools) {
      throw missingCapability("sampling.tools", "sampling/createMessage with tools");
    }
    return (await this.peer.request("sampling/createMessage", params, options)) as CreateMessageResult;
  }

  /**
   * `elicitation/create` in form mode (default) or URL mode; needs the client's
   * `elicitation.form` (an empty `elicitation: {}` counts as form) or `elicitation.url`.
   */
  async elicit(params: ElicitParams, options?: RequestOptions): Promise<ElicitResult> {
    this.#assertCanRequest("elicitation/create");
    const elicitation = this.clientCapabilities?.elicitation as { form?: object; url?: object } | undefined;
    const mode = params.mode ?? "form";
    if (!elicitation) throw missingCapability("elicitation", "elicitation/create");
    if (mode === "url" && !elicitation.url)
      throw missingCapability("elicitation.url", "URL-mode elicitation");
    if (mode === "form" && !elicitation.form && elicitation.url) {
      throw missingCapability("elicitation.form", "form-mode elicitation");
    }
    return (await this.peer.request(
      "elicitation/create",
      params as Record<string, unknown>,
      options,
    )) as ElicitResult;
  }

  /** `roots/list`; needs the client's `roots` capability. */
  async listRoots(options?: RequestOptions): Promise<ListRootsResult> {
    this.#assertCanRequest("roots/list");
    if (!this.clientCapabilities?.roots) throw missingCapability("roots", "roots/list");
    return (await this.peer.request("roots/list", {}, options)) as ListRootsResult;
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    await this.peer.close();
    this.handleClosed();
  }

  /** @internal */
  handleClosed(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.listChanged.cancel();
    this.tasks.close();
    this.subscriptions.clear();
    this.host.detach(this);
    this.onclose?.();
  }

  #taskStatus(task: Task): void {
    this.notify("notifications/tasks/status", task as Record<string, unknown>).catch(() => undefined);
  }

  #assertCanRequest(method: string): void {
    if (this.#closed) throw new ServerError("SESSION_CLOSED", `Cannot send ${method}: the session is closed`);
    if (!this.#initialized) {
      throw new ServerError(
        "NOT_INITIALIZED",
        `Cannot send ${method} before the client sent notifications/initialized`,
      );
    }
  }
}

function missingCapability(capability: string, what: string): ServerError {
  return new ServerError(
    "CAPABILITY_NOT_SUPPORTED",
    `The client does not support ${what}: it did not declare the "${capability}" capability`,
  );
}

/** -32601 for a method whose capability this server did not declare to the session. */
export function methodNotDeclared(method: string): ProtocolError {
  return new ProtocolError(ErrorCode.MethodNotFound, `Method not found: ${method} (capability not declared)`);
}
