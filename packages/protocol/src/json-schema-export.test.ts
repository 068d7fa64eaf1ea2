// Later users (server-base, the API's OpenAPI document) may turn our schemas into JSON Schema with
// zod's own converter: every exported schema must convert, and the result must accept the same
// realistic instances our schema accepts.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as api from "./index.js";
import { requestFixtures } from "./test-support/fixtures.js";
import { compileJsonSchema } from "./test-support/spec.js";

const schemas = Object.entries(api as Record<string, unknown>).filter(
  (entry): entry is [string, z.ZodType] => entry[0].endsWith("Schema") && entry[1] instanceof z.ZodType,
);

describe("z.toJSONSchema on every exported schema", () => {
  it("converts all of them", () => {
    expect(schemas.length).toBeGreaterThanOrEqual(150);
    for (const [name, schema] of schemas) {
      expect(() => z.toJSONSchema(schema, { io: "input" }), name).not.toThrow();
    }
  });

  it.each(Object.entries(requestFixtures).filter(([, f]) => f.params !== undefined))(
    "the converted params schema of %s accepts the fixture",
    (method, fixture) => {
      const schema = api.REQUEST_METHODS[method as keyof typeof api.REQUEST_METHODS].params as z.ZodType;
      const validate = compileJsonSchema(z.toJSONSchema(schema, { io: "input" }));
      expect(validate(fixture.params), JSON.stringify(validate.errors)).toBe(true);
    },
  );
});
