import { Agent, request } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { describe, expect, it, vi } from "vitest";
import { limitBody } from "./body-limit.js";

function app() {
  const hono = new Hono();
  hono.use(limitBody(10, (c) => c.text("too large", 413)));
  hono.post("/", async (c) => c.text(`got ${(await c.req.text()).length}`));
  hono.get("/", (c) => c.text("read"));
  return hono;
}

describe("limitBody", () => {
  it("judges a body with Content-Length by the header", async () => {
    const over = await app().request("/", {
      method: "POST",
      headers: { "content-length": "11" },
      body: "01234567890",
    });
    expect(over.status).toBe(413);
    const within = await app().request("/", {
      method: "POST",
      headers: { "content-length": "10" },
      body: "0123456789",
    });
    expect(await within.text()).toBe("got 10");
  });

  it("counts a body without Content-Length while reading it", async () => {
    const over = await app().request("/", { method: "POST", body: "01234567890" });
    expect(over.status).toBe(413);
    const within = await app().request("/", { method: "POST", body: "0123" });
    expect(await within.text()).toBe("got 4");
  });

  it("lets reads through", async () => {
    expect(await (await app().request("/")).text()).toBe("read");
  });
});

describe("limitBody under @hono/node-server (chunked bodies read from the Node request)", () => {
  /** Sends `chunks` chunked (no Content-Length) to `port` over `agent`; answers status and text. */
  function post(port: number, agent: Agent, chunks: Buffer[]): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, method: "POST", path: "/", agent }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on("error", reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
  }

  it("parses JSON split anywhere, even inside a character, refuses what is over, and keeps the connection", async () => {
    const hono = new Hono();
    hono.use(limitBody(64, (c) => c.text("too large", 413)));
    hono.post("/", async (c) => c.json(await c.req.json()));
    const server = serve({ fetch: hono.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((ready) => server.once("listening", ready));
    const port = (server.address() as AddressInfo).port;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const body = Buffer.from(JSON.stringify({ name: "café ☕" }));
      const split = body.indexOf(Buffer.from("☕")) + 1;
      const within = await post(port, agent, [body.subarray(0, split), body.subarray(split)]);
      expect(within.status).toBe(200);
      expect(JSON.parse(within.text)).toEqual({ name: "café ☕" });

      const over = await post(port, agent, [Buffer.alloc(40, "a"), Buffer.alloc(40, "b")]);
      expect(over).toEqual({ status: 413, text: "too large" });

      const again = await post(port, agent, [Buffer.from('{"n":'), Buffer.from("1}")]);
      expect(JSON.parse(again.text)).toEqual({ n: 1 });
    } finally {
      agent.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    }
  });

  it("gives up on a body whose client goes away before its end, instead of waiting forever", async () => {
    const errors: string[] = [];
    const hono = new Hono();
    hono.use(limitBody(1024, (c) => c.text("too large", 413)));
    hono.post("/", async (c) => c.json(await c.req.json()));
    hono.onError((error, c) => {
      errors.push(error.message);
      return c.text("failed", 500);
    });
    const server = serve({ fetch: hono.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((ready) => server.once("listening", ready));
    const port = (server.address() as AddressInfo).port;
    try {
      const req = request({ host: "127.0.0.1", port, method: "POST", path: "/" });
      req.on("error", () => {});
      req.write('{"half": ');
      await new Promise((wait) => setTimeout(wait, 50));
      req.destroy();
      await vi.waitFor(() => expect(errors).toHaveLength(1));
    } finally {
      await new Promise<void>((done) => server.close(() => done()));
    }
  });
});
