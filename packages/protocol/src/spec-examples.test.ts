// The official examples shipped with the 2026-07-28 schema, reused for 2025-11-25 where their type
// did not change. Which ones apply is decided by the official 2025-11-25 JSON Schema itself:
// - types that do not exist in 2025-11-25 (DiscoverRequest, InputRequiredResult, *ResultResponse,
//   subscriptions/listen, the error examples) are skipped: they are 2026-07-28 only;
// - examples the official 2025-11-25 schema accepts must round-trip through our schema unchanged
//   (unknown fields such as 2026's `resultType` kept) and our output must validate officially;
// - examples the official 2025-11-25 schema rejects are shapes that changed in 2026-07-28 (requests
//   without `jsonrpc`/`id`, array `structuredContent`, non-object `outputSchema`, URL elicitation
//   without `elicitationId`): our schema must reject them too.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import * as api from "./index.js";
import { loadExamples, loadSchema, officialValidator } from "./test-support/spec.js";

const VERSION = "2025-11-25";
const defs = loadSchema(VERSION).$defs;
const examples = loadExamples();

function ourSchema(type: string): z.ZodType {
  const schema = (api as unknown as Record<string, z.ZodType | undefined>)[`${type}Schema`];
  if (schema === undefined) throw new Error(`no ${type}Schema export`);
  return schema;
}

const applicable = examples.filter((example) => example.type in defs);
const newIn2026 = examples.filter((example) => !(example.type in defs));
const accepted = applicable.filter((example) => officialValidator(VERSION, example.type)(example.value));
const changed = applicable.filter((example) => !officialValidator(VERSION, example.type)(example.value));

describe("2026-07-28 examples valid in 2025-11-25 round-trip", () => {
  it.each(accepted.map((example) => [`${example.type}/${example.name}`, example] as const))(
    "%s",
    (_name, example) => {
      const parsed = ourSchema(example.type).parse(example.value);
      expect(parsed).toEqual(example.value);
      expect(JSON.parse(JSON.stringify(parsed))).toEqual(example.value);
      expect(officialValidator(VERSION, example.type)(parsed)).toBe(true);
    },
  );

  it("cover content blocks, tools, resources, prompts, sampling and elicitation", () => {
    const types = new Set(accepted.map((example) => example.type));
    for (const type of [
      "TextContent",
      "ImageContent",
      "EmbeddedResource",
      "ResourceLink",
      "ToolUseContent",
      "ToolResultContent",
      "Tool",
      "CallToolResult",
      "ListToolsResult",
      "Resource",
      "ReadResourceResult",
      "GetPromptResult",
      "ListPromptsResult",
      "SamplingMessage",
      "CreateMessageRequestParams",
      "CreateMessageResult",
      "ElicitRequestFormParams",
      "ElicitResult",
      "TitledMultiSelectEnumSchema",
      "UntitledSingleSelectEnumSchema",
      "ClientCapabilities",
      "ServerCapabilities",
    ]) {
      expect(types.has(type), type).toBe(true);
    }
    expect(accepted.length).toBeGreaterThanOrEqual(90);
  });
});

describe("2026-07-28 examples whose shape changed: rejected by the official 2025-11-25 schema and by ours", () => {
  it.each(changed.map((example) => [`${example.type}/${example.name}`, example] as const))(
    "%s",
    (_name, example) => {
      expect(ourSchema(example.type).safeParse(example.value).success).toBe(false);
    },
  );

  it("are the known changes only", () => {
    expect(changed.map((example) => `${example.type}/${example.name}`).sort()).toEqual([
      "CallToolResult/result-with-array-structured-content",
      "CreateMessageRequest/sampling-request",
      "ElicitRequest/elicitation-request",
      "ElicitRequestURLParams/elicit-sensitive-data",
      "ListRootsRequest/list-roots-request",
      "Tool/tool-with-array-output-schema",
    ]);
  });
});

// Examples of types that 2025-11-25 does not define are not round-tripped (they are not part of
// the version we target); this pins that set, so a type silently leaving the round-trip suite
// (or a new one appearing in the spec data) fails here instead of being skipped.
describe("2026-07-28 examples of types new in that version", () => {
  it("are exactly the known new types", () => {
    expect([...new Set(newIn2026.map((example) => example.type))].sort()).toEqual([
      "CallToolResultResponse",
      "CompleteResultResponse",
      "DiscoverRequest",
      "DiscoverResult",
      "DiscoverResultResponse",
      "GetPromptResultResponse",
      "HeaderMismatchError",
      "InputRequests",
      "InputRequiredResult",
      "InputResponses",
      "InternalError",
      "InvalidParamsError",
      "ListPromptsResultResponse",
      "ListResourceTemplatesResultResponse",
      "ListResourcesResultResponse",
      "ListToolsResultResponse",
      "MethodNotFoundError",
      "MissingRequiredClientCapabilityError",
      "ParseError",
      "ReadResourceResultResponse",
      "SubscriptionsAcknowledgedNotification",
      "SubscriptionsListenRequest",
      "SubscriptionsListenResult",
      "SubscriptionsListenResultResponse",
      "UnsupportedProtocolVersionError",
    ]);
  });
});
