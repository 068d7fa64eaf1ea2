import { Hono } from "hono";
import { describe, expect, it } from "vitest";
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
