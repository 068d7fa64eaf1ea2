import { afterEach, describe, expect, it } from "vitest";
import {
  createStreamableHttpHandler,
  type StreamableHttpHandler,
  type StreamableHttpHandlerOptions,
} from "./streamable-http-handler.js";
import { createFakeServer } from "./test-support/fake-server.js";
import { readEvents } from "./test-support/sse-reader.js";

const URL_ = "http://localhost:3000/mcp";

interface Json {
  error: { code: number; message: string };
  [key: string]: unknown;
}
const json = async (response: Response): Promise<Json> => (await response.json()) as Json;
const BOTH = "application/json, text/event-stream";

let handler: StreamableHttpHandler | undefined;
afterEach(async () => {
  await handler?.close();
  handler = undefined;
});

function make(options: Partial<StreamableHttpHandlerOptions> = {}) {
  const server = createFakeServer();
  handler = createStreamableHttpHandler({ server, keepAliveMs: 0, ...options });
  return { handler, server };
}

function post(body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(URL_, {
    method: "POST",
    headers: { host: "localhost:3000", "content-type": "application/json", accept: BOTH, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const initialize = (id: number | string = 0, protocolVersion = "2025-11-25") => ({
  jsonrpc: "2.0",
  id,
  method: "initialize",
  params: { protocolVersion, capabilities: {}, clientInfo: { name: "t", version: "1" } },
});

const call = (id: number | string, name: string, args: Record<string, unknown> = {}) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name, arguments: args },
});

async function openSession(h: StreamableHttpHandler, version = "2025-11-25") {
  const response = await h.handle(post(initialize(0, version)));
  expect(response.status).toBe(200);
  const sessionId = response.headers.get("mcp-session-id");
  expect(sessionId).toBeTruthy();
  await response.text();
  return {
    sessionId: sessionId as string,
    headers: { "mcp-session-id": sessionId as string, "mcp-protocol-version": version },
  };
}

describe("Streamable HTTP: HTTP rules", () => {
  it("rejects a foreign Host with 403 and a JSON-RPC error without id", async () => {
    const { handler } = make();
    const response = await handler.handle(post(initialize(), { host: "evil.example.com" }));
    expect(response.status).toBe(403);
    const body = await json(response);
    expect(body).toMatchObject({ jsonrpc: "2.0", error: { code: -32600 } });
    expect(body).not.toHaveProperty("id");
    expect(body.error.message).toContain("evil.example.com");
  });

  it("rejects a foreign Origin with 403 and accepts a localhost one", async () => {
    const { handler } = make();
    const bad = await handler.handle(post(initialize(), { origin: "http://evil.example.com" }));
    expect(bad.status).toBe(403);
    const good = await handler.handle(post(initialize(), { origin: "http://localhost:5173" }));
    expect(good.status).toBe(200);
  });

  it("accepts 127.0.0.1 and [::1] hosts with any port, and configured hosts", async () => {
    const { handler } = make();
    for (const host of ["127.0.0.1:1234", "[::1]:80", "localhost"]) {
      const response = await handler.handle(post(initialize(), { host }));
      expect(response.status, host).toBe(200);
    }
    const custom = createStreamableHttpHandler({
      server: createFakeServer(),
      allowedHosts: ["mcp.example.com"],
    });
    expect((await custom.handle(post(initialize(), { host: "mcp.example.com" }))).status).toBe(200);
    expect((await custom.handle(post(initialize(), { host: "localhost" }))).status).toBe(403);
    await custom.close();
  });

  it("can turn DNS rebinding protection off", async () => {
    const { handler } = make({ enabled: false });
    const response = await handler.handle(post(initialize(), { host: "evil.example.com" }));
    expect(response.status).toBe(200);
  });

  it("answers other methods with 405 and an Allow header", async () => {
    const { handler } = make();
    const response = await handler.handle(
      new Request(URL_, { method: "PUT", headers: { host: "localhost" } }),
    );
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST, DELETE");
  });

  it("answers a non-JSON content type with 415", async () => {
    const { handler } = make();
    const response = await handler.handle(post(initialize(), { "content-type": "text/plain" }));
    expect(response.status).toBe(415);
  });

  it("answers a body over the limit with 413, by header or by streamed size", async () => {
    const { handler } = make({ maxBodyBytes: 100 });
    const big = { ...initialize(), params: { ...initialize().params, pad: "x".repeat(200) } };
    expect((await handler.handle(post(big))).status).toBe(413);
    const streamed = new Request(URL_, {
      method: "POST",
      headers: { host: "localhost", "content-type": "application/json", accept: BOTH },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(JSON.stringify(big)));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect((await handler.handle(streamed)).status).toBe(413);
  });

  it("answers invalid JSON with 400 and -32700", async () => {
    const { handler } = make();
    const response = await handler.handle(post("{not json"));
    expect(response.status).toBe(400);
    expect((await json(response)).error.code).toBe(-32700);
  });

  it("answers a batch or a non-JSON-RPC body with 400 and -32600", async () => {
    const { handler } = make();
    const batch = await handler.handle(post([initialize()]));
    expect(batch.status).toBe(400);
    expect((await json(batch)).error).toMatchObject({ code: -32600 });
    const junk = await handler.handle(post({ hello: "world" }));
    expect(junk.status).toBe(400);
  });

  it("answers a request whose Accept allows neither JSON nor SSE with 406", async () => {
    const { handler } = make();
    const response = await handler.handle(post(initialize(), { accept: "text/html" }));
    expect(response.status).toBe(406);
    const none = await handler.handle(post(initialize(), { accept: "application/json;q=0" }));
    expect(none.status).toBe(406);
  });

  it("answers an unsupported MCP-Protocol-Version with 400", async () => {
    const { handler } = make();
    const { headers } = await openSession(handler);
    const response = await handler.handle(
      post(call(1, "echo"), { ...headers, "mcp-protocol-version": "1999-01-01" }),
    );
    expect(response.status).toBe(400);
    expect((await json(response)).error.message).toContain("1999-01-01");
  });
});

describe("Streamable HTTP: sessions", () => {
  it("gives initialize a random session id and answers it as JSON", async () => {
    const { handler } = make();
    const response = await handler.handle(post(initialize(7)));
    expect(response.headers.get("content-type")).toContain("application/json");
    const sessionId = response.headers.get("mcp-session-id") ?? "";
    expect(sessionId).toMatch(/^[\x21-\x7e]{32,}$/);
    expect(await json(response)).toMatchObject({ id: 7, result: { protocolVersion: "2025-11-25" } });
    const other = await handler.handle(post(initialize(8)));
    expect(other.headers.get("mcp-session-id")).not.toBe(sessionId);
    expect(handler.sessionIds).toHaveLength(2);
  });

  it("rejects initialize that carries a session id with 400", async () => {
    const { handler } = make();
    const response = await handler.handle(post(initialize(), { "mcp-session-id": "x" }));
    expect(response.status).toBe(400);
  });

  it("answers 400 without a session id and 404 for an unknown one", async () => {
    const { handler } = make();
    await openSession(handler);
    expect((await handler.handle(post(call(1, "echo")))).status).toBe(400);
    const unknown = await handler.handle(post(call(1, "echo"), { "mcp-session-id": "nope" }));
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).error.message).toBe("Session not found");
  });

  it("answers a notification or a response with 202 and no body, and delivers it", async () => {
    const { handler, server } = make();
    const { headers, sessionId } = await openSession(handler);
    const response = await handler.handle(
      post({ jsonrpc: "2.0", method: "notifications/initialized" }, headers),
    );
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("");
    const last = server.received.at(-1);
    expect(last?.message).toMatchObject({ method: "notifications/initialized" });
    expect(last?.extra?.sessionId).toBe(sessionId);
    expect(last?.extra?.requestInfo?.headers["mcp-session-id"]).toBe(sessionId);
  });

  it("ends a session with DELETE, after which it is 404", async () => {
    const closed: string[] = [];
    const { handler } = make({ onSessionClosed: (id) => closed.push(id) });
    const { headers, sessionId } = await openSession(handler);
    const del = await handler.handle(
      new Request(URL_, { method: "DELETE", headers: { host: "localhost", ...headers } }),
    );
    expect(del.status).toBe(200);
    expect(closed).toEqual([sessionId]);
    expect((await handler.handle(post(call(1, "echo"), headers))).status).toBe(404);
    const again = await handler.handle(
      new Request(URL_, { method: "DELETE", headers: { host: "localhost", ...headers } }),
    );
    expect(again.status).toBe(404);
  });

  it("refuses sessions beyond maxSessions with 503", async () => {
    const { handler } = make({ maxSessions: 1 });
    await openSession(handler);
    const response = await handler.handle(post(initialize()));
    expect(response.status).toBe(503);
  });

  it("closes idle sessions after sessionIdleTimeoutMs", async () => {
    const { handler } = make({ sessionIdleTimeoutMs: 20 });
    const { headers } = await openSession(handler);
    await new Promise((r) => setTimeout(r, 120));
    expect(handler.sessionIds).toHaveLength(0);
    expect((await handler.handle(post(call(1, "echo"), headers))).status).toBe(404);
  });

  it("passes authInfo from the host application to the server", async () => {
    const { handler, server } = make();
    const { headers } = await openSession(handler);
    await handler.handle(post({ jsonrpc: "2.0", method: "notifications/initialized" }, headers), {
      authInfo: { user: "u1" },
    });
    expect(server.received.at(-1)?.extra?.authInfo).toEqual({ user: "u1" });
  });
});

describe("Streamable HTTP: JSON or SSE answers", () => {
  it("answers a quick request with plain JSON in auto mode", async () => {
    const { handler } = make();
    const { headers, sessionId } = await openSession(handler);
    const response = await handler.handle(post(call(1, "echo", { text: "hi" }), headers));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("mcp-session-id")).toBe(sessionId);
    expect(await json(response)).toMatchObject({ id: 1, result: { content: [{ text: "hi" }] } });
  });

  it("streams a request that sends related notifications: priming, notifications, response", async () => {
    const { handler } = make({ retryMs: 1234 });
    const { headers } = await openSession(handler);
    const response = await handler.handle(post(call(2, "notify"), headers));
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const events = await readEvents(response, 4);
    expect(events[0]).toMatchObject({ data: "", retry: 1234 });
    expect(events[0]?.id).toBeTruthy();
    expect(events.slice(1).map((e) => JSON.parse(e.data))).toMatchObject([
      { method: "notifications/message", params: { data: "n1" } },
      { method: "notifications/message", params: { data: "n2" } },
      { id: 2, result: { content: [{ text: "notified" }] } },
    ]);
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBe(4);
  });

  it("sends no priming event to a 2025-06-18 client", async () => {
    const { handler } = make();
    const { headers } = await openSession(handler, "2025-06-18");
    const events = await readEvents(await handler.handle(post(call(2, "notify"), headers)), 3);
    expect(events.map((e) => JSON.parse(e.data).method ?? "response")).toEqual([
      "notifications/message",
      "notifications/message",
      "response",
    ]);
  });

  it("always streams in sse mode, and streams when the client accepts only SSE", async () => {
    const { handler } = make({ responseMode: "sse" });
    const { headers } = await openSession(handler);
    const response = await handler.handle(post(call(1, "echo", { text: "s" }), headers));
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const events = await readEvents(response, 2);
    expect(JSON.parse(events.at(-1)?.data ?? "{}")).toMatchObject({ id: 1 });

    const auto = make();
    const s2 = await openSession(auto.handler);
    const sseOnly = await auto.handler.handle(
      post(call(1, "echo"), { ...s2.headers, accept: "text/event-stream" }),
    );
    expect(sseOnly.headers.get("content-type")).toBe("text/event-stream");
    await readEvents(sseOnly, 2);
    await auto.handler.close();
  });

  it("switches a long-running request to SSE after streamAfterMs", async () => {
    const { handler } = make({ streamAfterMs: 20 });
    const { headers } = await openSession(handler);
    const response = await handler.handle(post(call(3, "slow", { ms: 150 }), headers));
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const events = await readEvents(response, 2);
    expect(JSON.parse(events.at(-1)?.data ?? "{}")).toMatchObject({ id: 3, result: {} });
  });

  it("answers with JSON for a JSON-only client and sends its notifications to the GET stream", async () => {
    const { handler } = make();
    const { headers } = await openSession(handler);
    const get = await handler.handle(
      new Request(URL_, { headers: { host: "localhost", accept: "text/event-stream", ...headers } }),
    );
    const response = await handler.handle(
      post(call(4, "notify"), { ...headers, accept: "application/json" }),
    );
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await json(response)).toMatchObject({ id: 4 });
    const events = await readEvents(get, 3);
    expect(events.filter((e) => e.data !== "").map((e) => JSON.parse(e.data).params.data)).toEqual([
      "n1",
      "n2",
    ]);
  });

  it("carries a server-to-client request on the request stream and takes the answer by POST", async () => {
    const { handler } = make();
    const { headers } = await openSession(handler);
    const response = await handler.handle(post(call(5, "ask"), headers));
    const body = response.body?.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("roots/list")) {
      const chunk = await body?.read();
      if (chunk?.done) break;
      text += chunk?.value ?? "";
    }
    const serverRequest = JSON.parse(text.split("data: ").at(-1)?.split("\n")[0] ?? "{}");
    expect(serverRequest).toMatchObject({ method: "roots/list" });
    const answer = await handler.handle(
      post({ jsonrpc: "2.0", id: serverRequest.id, result: { roots: [] } }, headers),
    );
    expect(answer.status).toBe(202);
    while (!text.includes('"id":5')) {
      const chunk = await body?.read();
      if (chunk?.done) break;
      text += chunk?.value ?? "";
    }
    expect(text).toContain('\\"roots\\":[]');
    await body?.cancel();
  });

  it("rejects a second in-flight request with the same id", async () => {
    const { handler } = make();
    const { headers } = await openSession(handler);
    const first = handler.handle(post(call(9, "slow", { ms: 100 }), headers));
    const second = await handler.handle(post(call(9, "echo"), headers));
    expect(second.status).toBe(400);
    await (await first).text();
  });
});

describe("Streamable HTTP: GET stream and resumption", () => {
  const get = (headers: Record<string, string>) =>
    new Request(URL_, { headers: { host: "localhost", accept: "text/event-stream", ...headers } });

  it("needs text/event-stream in Accept (406), a session (400/404), and allows one stream (409)", async () => {
    const { handler } = make();
    const { headers } = await openSession(handler);
    expect((await handler.handle(get({ ...headers, accept: "application/json" }))).status).toBe(406);
    expect((await handler.handle(get({}))).status).toBe(400);
    expect((await handler.handle(get({ "mcp-session-id": "nope" }))).status).toBe(404);
    const first = await handler.handle(get(headers));
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("text/event-stream");
    expect((await handler.handle(get(headers))).status).toBe(409);
    await first.body?.cancel();
    const again = await handler.handle(get(headers));
    expect(again.status).toBe(200);
    await again.body?.cancel();
  });

  it("carries unrelated server messages on the GET stream", async () => {
    const { handler } = make();
    const { headers } = await openSession(handler);
    const stream = await handler.handle(get(headers));
    const response = await handler.handle(post(call(1, "broadcast"), headers));
    expect(await json(response)).toMatchObject({ id: 1 });
    const events = await readEvents(stream, 2);
    expect(events[0]?.data).toBe("");
    expect(JSON.parse(events[1]?.data ?? "{}")).toMatchObject({
      method: "notifications/tools/list_changed",
    });
  });

  it("closes a request stream mid-call and delivers the response on resumption (SSE polling)", async () => {
    const { handler } = make();
    const { headers } = await openSession(handler);
    const response = await handler.handle(post(call(6, "poll", { ms: 30 }), headers));
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const first = await readEvents(response, 5);
    expect(first).toHaveLength(1); // only the priming event, then the server ended the response
    const lastEventId = first[0]?.id ?? "";
    const resumed = await handler.handle(get({ ...headers, "last-event-id": lastEventId }));
    expect(resumed.status).toBe(200);
    const events = await readEvents(resumed, 1);
    expect(JSON.parse(events[0]?.data ?? "{}")).toMatchObject({
      id: 6,
      result: { content: [{ text: "after poll" }] },
    });
  });

  it("replays missed events when the client resumes after the call finished", async () => {
    const { handler } = make();
    const { headers } = await openSession(handler);
    const response = await handler.handle(post(call(7, "notify"), headers));
    const events = await readEvents(response, 4);
    const afterFirst = events[1]?.id ?? "";
    const resumed = await handler.handle(get({ ...headers, "last-event-id": afterFirst }));
    const replayed = await readEvents(resumed, 5);
    expect(replayed.map((e) => e.id)).toEqual([events[2]?.id, events[3]?.id]);
  });

  it("ends the GET stream on request and resumes it with what was sent meanwhile", async () => {
    const { handler } = make();
    const { headers } = await openSession(handler);
    const stream = await handler.handle(get(headers));
    const response = await handler.handle(post(call(8, "drop-get"), headers));
    expect(await json(response)).toMatchObject({ id: 8 });
    const first = await readEvents(stream, 5, 500);
    expect(first).toHaveLength(1); // the priming event, then the server ended the response
    const resumed = await handler.handle(get({ ...headers, "last-event-id": first[0]?.id ?? "" }));
    const events = await readEvents(resumed, 2, 500);
    expect(events.filter((e) => e.data !== "").map((e) => JSON.parse(e.data).method)).toEqual([
      "notifications/resources/list_changed",
    ]);
    expect(events.some((e) => e.retry !== undefined)).toBe(true);
  });

  it("does not end a request stream early for a client that cannot resume (before 2025-11-25)", async () => {
    const { handler } = make();
    const { headers } = await openSession(handler, "2025-06-18");
    const response = await handler.handle(post(call(6, "poll", { ms: 30 }), headers));
    // The stream was never closed, so the quick answer is plain JSON.
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await json(response)).toMatchObject({ id: 6, result: { content: [{ text: "after poll" }] } });
    expect(handler.getSession(headers["mcp-session-id"])?.closeRequestStream(99)).toBe(false);
  });

  it("answers an unknown Last-Event-ID with 400, and never replays another session's stream", async () => {
    const { handler } = make();
    const a = await openSession(handler);
    const b = await openSession(handler);
    expect((await handler.handle(get({ ...a.headers, "last-event-id": "nope" }))).status).toBe(400);
    const events = await readEvents(await handler.handle(post(call(1, "notify"), a.headers)), 4);
    const stolen = await handler.handle(get({ ...b.headers, "last-event-id": events[0]?.id ?? "" }));
    expect(stolen.status).toBe(400);
  });

  it("without an event store sends no ids and refuses Last-Event-ID", async () => {
    const { handler } = make({ eventStore: false });
    const { headers } = await openSession(handler);
    const events = await readEvents(await handler.handle(post(call(1, "notify"), headers)), 3);
    expect(events.every((e) => e.id === undefined)).toBe(true);
    expect((await handler.handle(get({ ...headers, "last-event-id": "x_1" }))).status).toBe(400);
  });
});

describe("Streamable HTTP: failures", () => {
  it("answers 500 without details when the server cannot take the session", async () => {
    const closed: string[] = [];
    handler = createStreamableHttpHandler({
      server: () => {
        throw new Error("secret detail");
      },
      onSessionClosed: (id) => closed.push(id),
    });
    const response = await handler.handle(post(initialize()));
    expect(response.status).toBe(500);
    const body = await json(response);
    expect(body.error).toEqual({ code: -32603, message: "Internal error: could not start a session" });
    expect(handler.sessionIds).toEqual([]);
    expect(closed).toHaveLength(1);
    const stateless = createStreamableHttpHandler({
      server: async () => {
        throw new Error("secret detail");
      },
      stateless: true,
    });
    const failed = await stateless.handle(post(call(1, "echo")));
    expect(failed.status).toBe(500);
    expect(await failed.text()).not.toContain("secret");
    await stateless.close();
  });
});

describe("Streamable HTTP: stateless mode", () => {
  it("serves each POST on a fresh pre-initialized connection; GET and DELETE are 405", async () => {
    const { handler, server } = make({ stateless: true });
    const response = await handler.handle(
      post(call(1, "echo", { text: "x" }), { "mcp-protocol-version": "2025-06-18" }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("mcp-session-id")).toBeNull();
    expect(await json(response)).toMatchObject({ id: 1, result: { content: [{ text: "x" }] } });
    expect(server.connectOptions[0]).toEqual({ preInitialized: { protocolVersion: "2025-06-18" } });
    const init = await handler.handle(post(initialize()));
    expect(init.status).toBe(200);
    expect(server.connectOptions[1]).toBeUndefined();
    const getResponse = await handler.handle(
      new Request(URL_, { headers: { host: "localhost", accept: "text/event-stream" } }),
    );
    expect(getResponse.status).toBe(405);
    expect(getResponse.headers.get("allow")).toBe("POST");
    await new Promise((r) => setTimeout(r, 5));
    expect(server.transports.every((t) => (t as { isClosed?: boolean }).isClosed)).toBe(true);
  });
});

describe("Streamable HTTP: shutdown", () => {
  it("close() ends every session and answers pending requests with an error", async () => {
    const { handler } = make();
    const { headers } = await openSession(handler);
    const pending = handler.handle(
      post(call(1, "slow", { ms: 5000 }), { ...headers, accept: "application/json" }),
    );
    await new Promise((r) => setTimeout(r, 10));
    await handler.close();
    const response = await pending;
    expect(await json(response)).toMatchObject({ id: 1, error: { code: -32000 } });
    expect(handler.sessionIds).toHaveLength(0);
    expect((await handler.handle(post(initialize()))).status).toBe(503);
  });
});
