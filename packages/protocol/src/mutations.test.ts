// Malformed params and results of every method: each top-level member of a valid instance is
// removed or replaced by a value of another type, and our verdict must equal the official
// 2025-11-25 JSON Schema's on the whole message (request, notification or result response).
import { describe, expect, it } from "vitest";
import { NOTIFICATION_METHODS, REQUEST_METHODS } from "./methods.js";
import { notificationFixtures, requestFixtures } from "./test-support/fixtures.js";
import { mutants } from "./test-support/mutants.js";
import { officialValidator } from "./test-support/spec.js";
import { parseNotificationParams, parseRequestParams, parseResult } from "./validate.js";

const VERSION = "2025-11-25";
function ok(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}

describe.each(Object.keys(REQUEST_METHODS))("%s: malformed params and results", (method) => {
  const fixture = requestFixtures[method];
  if (fixture === undefined) throw new Error(`no fixture for ${method}`);

  it.each(mutants(fixture.params).map((m) => [m.label, m.value] as const))("params %s", (_label, params) => {
    const expected = officialValidator(
      VERSION,
      fixture.requestDef,
    )({ jsonrpc: "2.0", id: 1, method, params });
    expect(ok(() => parseRequestParams(method, params))).toBe(expected);
  });

  it.each(mutants(fixture.result).map((m) => [m.label, m.value] as const))("result %s", (_label, result) => {
    const expected = officialValidator(VERSION, fixture.resultDef)(result);
    expect(ok(() => parseResult(method, result))).toBe(expected);
  });
});

describe.each(Object.keys(NOTIFICATION_METHODS))("%s: malformed params", (method) => {
  const fixture = notificationFixtures[method];
  if (fixture === undefined) throw new Error(`no fixture for ${method}`);

  it.each(mutants(fixture.params).map((m) => [m.label, m.value] as const))("params %s", (_label, params) => {
    const expected = officialValidator(VERSION, fixture.notificationDef)({ jsonrpc: "2.0", method, params });
    expect(ok(() => parseNotificationParams(method, params))).toBe(expected);
  });
});
