// The MCP request handlers of one session, installed on its JsonRpcPeer. The peer validates
// params with the protocol's method map before these run; these add the lifecycle rules,
// capability checks and the dispatch to the server's registries.
import {
  type CallToolResult,
  type CompleteResult,
  ErrorCode,
  type InitializeResult,
  type JsonRpcPeer,
  type LoggingLevel,
  negotiateProtocolVersion,
  type RequestContext as PeerRequestContext,
  ProtocolError,
  type Resource,
  resourceNotFoundError,
  type ServerCapabilities,
} from "@mcp/protocol";
import { RequestHandlerContext } from "./handler-context.js";
import type { McpServer } from "./mcp-server.js";
import { InvalidCursorError, paginate } from "./pagination.js";
import { complete } from "./registry/completions.js";
import { methodNotDeclared, type ServerSession } from "./server-session.js";

type Params = Record<string, unknown>;
type Handler = (params: Params, ctx: PeerRequestContext) => Promise<Record<string, unknown>>;

// Served before initialization (spec: lifecycle). Everything else waits for `initialize`.
const ALWAYS_ALLOWED = new Set(["initialize", "ping"]);

function invalidParams(message: string): ProtocolError {
  return new ProtocolError(ErrorCode.InvalidParams, message);
}

function page<T>(items: readonly T[], params: Params, pageSize: number, keyOf: (item: T) => string) {
  try {
    const cursor = typeof params.cursor === "string" ? params.cursor : undefined;
    return paginate(items, { cursor, pageSize, keyOf });
  } catch (error) {
    if (error instanceof InvalidCursorError) throw invalidParams(error.message);
    throw error;
  }
}

function withCursor<K extends string, T>(key: K, items: T[], nextCursor: string | undefined) {
  return (nextCursor === undefined ? { [key]: items } : { [key]: items, nextCursor }) as Record<K, T[]> & {
    nextCursor?: string;
  };
}

function parseUrl(uri: string): URL {
  try {
    return new URL(uri);
  } catch {
    throw invalidParams(`Invalid resource URI: ${uri}`);
  }
}

/** Installs every MCP server method of `session` on `peer`. */
export function installSessionHandlers(server: McpServer, session: ServerSession, peer: JsonRpcPeer): void {
  const handle = (method: string, capability: keyof ServerCapabilities | undefined, handler: Handler) => {
    peer.setRequestHandler(method, async (params, ctx) => {
      if (!session.initializeAnswered && !ALWAYS_ALLOWED.has(method)) {
        throw new ProtocolError(
          ErrorCode.InvalidRequest,
          `Server not initialized: ${method} before initialize`,
        );
      }
      if (capability !== undefined && session.capabilities[capability] === undefined)
        throw methodNotDeclared(method);
      return handler(params, ctx);
    });
  };
  const context = (ctx: PeerRequestContext) => new RequestHandlerContext(session, ctx);

  handle("initialize", undefined, async (params) => {
    if (session.initializeAnswered) {
      throw new ProtocolError(ErrorCode.InvalidRequest, "initialize was already received on this session");
    }
    const protocolVersion = negotiateProtocolVersion(String(params.protocolVersion));
    const result: InitializeResult = {
      protocolVersion,
      capabilities: server.capabilitiesFor(protocolVersion),
      serverInfo: server.info,
    };
    if (server.options.instructions !== undefined) result.instructions = server.options.instructions;
    session.markInitializeAnswered(result, {
      clientCapabilities: (params.capabilities ?? {}) as Params,
      clientInfo: params.clientInfo as InitializeResult["serverInfo"],
    });
    peer.currentTransport?.setProtocolVersion?.(protocolVersion);
    return result;
  });
  peer.setNotificationHandler("notifications/initialized", () => {
    if (session.initializeAnswered) session.markInitialized();
  });

  peer.setNotificationHandler("notifications/roots/list_changed", () => {
    server.options.onRootsListChanged?.(session);
  });

  handle("logging/setLevel", "logging", async (params) => {
    session.setLogLevel(params.level as LoggingLevel);
    return {};
  });

  handle("tools/list", "tools", async (params) => {
    const { items, nextCursor } = page(server.tools.enabled(), params, server.pageSize, (tool) => tool.name);
    return withCursor(
      "tools",
      items.map((tool) => tool.definition),
      nextCursor,
    );
  });

  handle("tools/call", "tools", async (params, ctx) => {
    const name = params.name as string;
    const tool = server.tools.get(name);
    if (!tool) throw invalidParams(`Unknown tool: ${name}`);
    const args = params.arguments as Params | undefined;
    const task = params.task as { ttl?: number } | undefined;
    if (task !== undefined && session.capabilities.tasks !== undefined) {
      if (tool.taskSupport === "forbidden") {
        throw new ProtocolError(
          ErrorCode.MethodNotFound,
          `Tool ${name} does not support task-augmented calls`,
        );
      }
      const created = session.tasks.start(task.ttl, (signal, taskId) =>
        tool.call(args, new RequestHandlerContext(session, ctx, { signal, task: { taskId } })),
      );
      return { task: created };
    }
    if (tool.taskSupport === "required" && session.capabilities.tasks !== undefined) {
      throw new ProtocolError(ErrorCode.MethodNotFound, `Tool ${name} must be called as a task`);
    }
    return (await tool.call(args, context(ctx))) as CallToolResult;
  });

  handle("resources/list", "resources", async (params, ctx) => {
    const listed: Resource[] = server.resources.enabled().map((resource) => resource.definition);
    const handlerContext = context(ctx);
    for (const template of server.templates.enabled()) {
      if (template.list) listed.push(...(await template.list(handlerContext)));
    }
    const { items, nextCursor } = page(listed, params, server.pageSize, (resource) => resource.uri);
    return withCursor("resources", items, nextCursor);
  });

  handle("resources/templates/list", "resources", async (params) => {
    const { items, nextCursor } = page(server.templates.enabled(), params, server.pageSize, (t) => t.name);
    return withCursor(
      "resourceTemplates",
      items.map((template) => template.definition),
      nextCursor,
    );
  });

  handle("resources/read", "resources", async (params, ctx) => {
    const uri = params.uri as string;
    const resource = server.resources.get(uri);
    if (resource) return resource.read(parseUrl(uri), context(ctx));
    for (const template of server.templates.enabled()) {
      const variables = template.uriTemplate.match(uri);
      if (variables) return template.read(parseUrl(uri), variables, context(ctx));
    }
    throw resourceNotFoundError(uri);
  });

  handle("resources/subscribe", "resources", async (params) => {
    session.subscriptions.add(params.uri as string);
    return {};
  });

  handle("resources/unsubscribe", "resources", async (params) => {
    session.subscriptions.delete(params.uri as string);
    return {};
  });

  handle("prompts/list", "prompts", async (params) => {
    const { items, nextCursor } = page(server.prompts.enabled(), params, server.pageSize, (p) => p.name);
    return withCursor(
      "prompts",
      items.map((prompt) => prompt.definition),
      nextCursor,
    );
  });

  handle("prompts/get", "prompts", async (params, ctx) => {
    const name = params.name as string;
    const prompt = server.prompts.get(name);
    if (!prompt) throw invalidParams(`Unknown prompt: ${name}`);
    return prompt.get(params.arguments as Params | undefined, context(ctx));
  });

  handle("completion/complete", "completions", async (params): Promise<CompleteResult> => {
    const ref = params.ref as { type: string; name?: string; uri?: string };
    const argument = params.argument as { name: string; value: string };
    const contextArgs = ((params.context as { arguments?: Record<string, string> } | undefined)?.arguments ??
      {}) as Record<string, string>;
    if (ref.type === "ref/prompt") {
      const prompt = server.prompts.get(ref.name ?? "");
      if (!prompt) throw invalidParams(`Unknown prompt: ${ref.name}`);
      return complete(prompt.complete?.[argument.name], argument.value, contextArgs);
    }
    if (ref.type === "ref/resource") {
      const template = server.templates.enabled().find((t) => t.uriTemplate.template === ref.uri);
      if (!template) throw invalidParams(`Unknown resource template: ${ref.uri}`);
      return complete(template.complete?.[argument.name], argument.value, contextArgs);
    }
    throw invalidParams(`Unknown completion reference type: ${ref.type}`);
  });

  handle("tasks/get", "tasks", async (params) => session.tasks.get(params.taskId as string));
  handle("tasks/result", "tasks", async (params) => session.tasks.result(params.taskId as string));
  handle("tasks/list", "tasks", async (params) => {
    try {
      return session.tasks.list(
        typeof params.cursor === "string" ? params.cursor : undefined,
        server.pageSize,
      );
    } catch (error) {
      if (error instanceof InvalidCursorError) throw invalidParams(error.message);
      throw error;
    }
  });
  handle("tasks/cancel", "tasks", async (params) => session.tasks.cancel(params.taskId as string));
}
