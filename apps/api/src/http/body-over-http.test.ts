// The request body through a real port, as @hono/node-server hands it to the app (a body with
// Content-Length is read from the Node request's Buffer chunks by node-server's own direct path;
// a chunked one goes through Hono's bodyLimit), with the same size limit, JSON and unknown-field
// refusals that `app.request(...)` gives in the other tests, where there is no Node request.
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, createApiFixture, createTenantViaApi } from "../test-support/api-fixture.js";

const LIMIT = 4_096;
let fixture: ApiFixture;
let server: ServerType;
let port: number;
let key: string;

beforeAll(async () => {
  fixture = await createApiFixture({ maxBodyBytes: LIMIT });
  key = (await createTenantViaApi(fixture, "acme")).adminKey;
  server = serve({ fetch: fixture.platform.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((ready) => server.once("listening", ready));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  await fixture?.close();
});

/** POSTs `chunks` to /v1/mcp/execute; without `contentLength` the body goes chunked. */
interface Answer {
  status?: string;
  result?: unknown;
  error?: { code: string; message: string; details?: unknown };
}

function post(chunks: string[], contentLength = true): Promise<{ status: number; body: Answer }> {
  const total = chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/v1/mcp/execute",
        headers: {
          authorization: `Bearer ${key}`,
          "content-type": "application/json",
          ...(contentLength ? { "content-length": total } : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Answer }));
      },
    );
    // A refusal may close the request before all of it was sent.
    req.on("error", reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const add = JSON.stringify({ server_id: "calculator", tool: "add", arguments: { a: 2, b: 3 } });

describe("request bodies through a real port", () => {
  it("executes a body with Content-Length, and a chunked one sent in pieces", async () => {
    const sized = await post([add]);
    expect(sized.status).toBe(200);
    expect(sized.body.status).toBe("succeeded");
    const chunked = await post([add.slice(0, 10), add.slice(10, 30), add.slice(30)], false);
    expect(chunked.status).toBe(200);
    expect(chunked.body.status).toBe("succeeded");
    expect(chunked.body.result).toEqual(sized.body.result);
  });

  it("refuses a body over the limit by its Content-Length, and a chunked one while reading", async () => {
    const padded = JSON.stringify({
      server_id: "calculator",
      tool: "add",
      arguments: { pad: "x".repeat(LIMIT) },
    });
    const sized = await post([padded]);
    expect(sized.status).toBe(413);
    expect(sized.body.error?.code).toBe("payload_too_large");
    const chunked = await post([padded.slice(0, 2_000), padded.slice(2_000)], false);
    expect(chunked.status).toBe(413);
    expect(chunked.body.error?.code).toBe("payload_too_large");
  });

  it("answers 400 to a body that is not JSON, and to unknown fields", async () => {
    const broken = await post(['{"server_id": "calculator", "tool": ']);
    expect(broken.status).toBe(400);
    expect(broken.body.error?.code).toBe("invalid_body");
    const unknown = await post([JSON.stringify({ server_id: "calculator", tool: "add", admin: true })]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.code).toBe("validation_error");
    expect(JSON.stringify(unknown.body.error)).toContain("admin");
  });
});
