// The committed compiled validators must be what the generator produces from today's schemas: a
// schema changed without `pnpm --filter @mcp/protocol compile:validators` fails here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileValidatorsSource, GENERATED_PATH } from "../scripts/compile-validators.js";

describe("src/generated/compiled-validators.ts", () => {
  it("is up to date with the schemas (run `pnpm --filter @mcp/protocol compile:validators`)", () => {
    const committed = readFileSync(join(import.meta.dirname, "..", GENERATED_PATH), "utf8");
    expect(committed === compileValidatorsSource()).toBe(true);
  });
});
