import { describe, expect, it } from "vitest";
import { createApp } from "./app.js";

describe("createApp", () => {
  it("answers liveness at /health", async () => {
    const res = await createApp().request("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("answers 404 for an unknown route", async () => {
    const res = await createApp().request("/nope");
    expect(res.status).toBe(404);
  });
});
