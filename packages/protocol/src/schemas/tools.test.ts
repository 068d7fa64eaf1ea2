import { describe, expect, it } from "vitest";
import { ToolSchema } from "./tools.js";

describe("ToolSchema", () => {
  it("requires every inputSchema property to be a schema object, and keeps them unchanged", () => {
    const tool = {
      name: "t",
      inputSchema: { type: "object", properties: { a: { type: "string", "x-extra": [1] } }, $defs: {} },
    };
    expect(ToolSchema.parse(tool)).toEqual(tool);
    for (const bad of [1, "string", null, [{ type: "string" }]]) {
      const result = ToolSchema.safeParse({
        name: "t",
        inputSchema: { type: "object", properties: { a: bad } },
      });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe("Every property must be a JSON Schema object");
    }
  });

  it("rejects input schemas that are not of type object", () => {
    expect(ToolSchema.safeParse({ name: "t", inputSchema: { type: "array" } }).success).toBe(false);
  });
});
