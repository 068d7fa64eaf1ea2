// The compiled validators are a fast ACCEPT path: whenever one says "valid", zod must accept the
// same value and its parse output must equal the input (so returning the input is returning what
// zod would). Checked on every fixture we have: one valid instance of each method's params and
// result, every member of those removed or replaced at any depth (several thousand mutants), the
// official examples of the spec, random JSON dropped into valid messages (fast-check), and
// `__proto__` keys. And the fast path must really be taken: valid messages are accepted compiled.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { compileValidator } from "../scripts/compile-validators.js";
import {
  CREATE_TASK_RESULT_VALIDATOR,
  NOTIFICATION_PARAMS_VALIDATORS,
  REQUEST_PARAMS_VALIDATORS,
  RESULT_VALIDATORS,
} from "./generated/compiled-validators.js";
import * as api from "./index.js";
import { NOTIFICATION_METHODS, REQUEST_METHODS } from "./methods.js";
import { CreateTaskResultSchema } from "./schemas/tasks.js";
import { notificationFixtures, requestFixtures } from "./test-support/fixtures.js";
import { deepMutants, paths } from "./test-support/mutants.js";
import { loadExamples } from "./test-support/spec.js";

interface Case {
  label: string;
  compiled: (value: unknown) => boolean;
  schema: z.ZodType;
  value: unknown;
}

/** Asserts the implication; returns whether the fast path accepted. */
function agree(c: Case): boolean {
  if (!c.compiled(c.value)) return false;
  const parsed = c.schema.safeParse(c.value);
  expect(parsed.success, `${c.label}: compiled accepted what zod rejects`).toBe(true);
  expect(parsed.data, `${c.label}: zod's output differs from the input`).toStrictEqual(c.value);
  return true;
}

const requestMethods = Object.keys(REQUEST_METHODS) as (keyof typeof REQUEST_METHODS)[];
const notificationMethods = Object.keys(NOTIFICATION_METHODS) as (keyof typeof NOTIFICATION_METHODS)[];

/** The valid instance of every params, result and notification params, with its validators. */
const validCases: Case[] = [
  ...requestMethods.flatMap((method) => {
    const fixture = requestFixtures[method]!;
    return [
      {
        label: `${method} params`,
        compiled: REQUEST_PARAMS_VALIDATORS[method]!,
        schema: REQUEST_METHODS[method].params as z.ZodType,
        value: fixture.params,
      },
      {
        label: `${method} result`,
        compiled: RESULT_VALIDATORS[method]!,
        schema: REQUEST_METHODS[method].result as z.ZodType,
        value: fixture.result,
      },
    ];
  }),
  ...notificationMethods.map((method) => ({
    label: `${method} params`,
    compiled: NOTIFICATION_PARAMS_VALIDATORS[method]!,
    schema: NOTIFICATION_METHODS[method].params as z.ZodType,
    value: notificationFixtures[method]!.params,
  })),
  {
    label: "CreateTaskResult",
    compiled: CREATE_TASK_RESULT_VALIDATOR,
    schema: CreateTaskResultSchema,
    value: { task: requestFixtures["tasks/get"]!.result },
  },
];

describe("compiled validators on valid messages", () => {
  it.each(validCases.map((c) => [c.label, c] as const))("%s takes the fast path", (_label, c) => {
    expect(c.schema.safeParse(c.value).success).toBe(true);
    expect(agree(c)).toBe(true);
  });
});

describe("compiled validators on mutants at every depth", () => {
  const cases = validCases.flatMap((c) =>
    deepMutants(c.value).map((m) => ({ ...c, label: `${c.label}: ${m.label}`, value: m.value })),
  );

  it("never accept what zod rejects or would change, and accept most of what zod accepts", () => {
    let zodAccepts = 0;
    let fast = 0;
    for (const c of cases) {
      if (agree(c)) fast++;
      if (c.schema.safeParse(c.value).success) zodAccepts++;
    }
    expect(cases.length).toBeGreaterThan(3000);
    // Mutants zod still accepts (a replaced unknown member, a removed optional one) go fast too,
    // except the shapes the compiler leaves to zod on purpose.
    expect(fast / zodAccepts).toBeGreaterThan(0.99);
  });
});

describe("compiled validators on the official examples", () => {
  const schemas = api as unknown as Record<string, z.ZodType | undefined>;
  const examples = loadExamples().filter((example) => schemas[`${example.type}Schema`] !== undefined);
  const compiled = new Map<string, (value: unknown) => boolean>();
  const validatorOf = (type: string) => {
    let validator = compiled.get(type);
    if (validator === undefined) {
      validator = compileValidator(schemas[`${type}Schema`]!);
      compiled.set(type, validator);
    }
    return validator;
  };

  it("agree with zod, and take the fast path on every example zod accepts", () => {
    const slow: string[] = [];
    for (const example of examples) {
      const c = {
        label: `${example.type}/${example.name}`,
        compiled: validatorOf(example.type),
        schema: schemas[`${example.type}Schema`]!,
        value: example.value,
      };
      const fast = agree(c);
      if (!fast && c.schema.safeParse(c.value).success) slow.push(c.label);
    }
    expect(examples.length).toBeGreaterThanOrEqual(90);
    expect(slow).toEqual([]);
  });
});

describe("compiled validators under random JSON (fast-check)", () => {
  const json = fc.jsonValue({ maxDepth: 3 });
  it("accept only what zod accepts unchanged, wherever the random value lands", () => {
    const targets = validCases.map((c) => paths(c.value));
    fc.assert(
      fc.property(fc.nat(validCases.length - 1), fc.nat(), json, (which, pick, value) => {
        const c = validCases[which]!;
        const path = targets[which]!.length === 0 ? [] : targets[which]![pick % targets[which]!.length]!;
        if (path.length === 0) {
          agree({ ...c, value });
          return;
        }
        const mutated = structuredClone(c.value) as Record<string | number, unknown>;
        let node = mutated;
        for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
        node[path[path.length - 1]!] = value;
        agree({ ...c, value: mutated });
      }),
      { numRuns: 3000 },
    );
  });
});

describe("compiled validators leave zod's edge cases to zod", () => {
  it("an own __proto__ key (zod drops it) is not accepted", () => {
    const params = JSON.parse('{"name":"x","arguments":{},"__proto__":{"polluted":true}}');
    expect(REQUEST_PARAMS_VALIDATORS["tools/call"]!(params)).toBe(false);
    expect((REQUEST_METHODS["tools/call"].params as z.ZodType).parse(params)).not.toStrictEqual(params);
  });

  it("a URL-mode elicitation (z.url() trims its input) is left to zod", () => {
    const params = {
      mode: "url",
      message: "Sign in",
      url: "https://example.com/login",
      elicitationId: "e-1",
    };
    expect(REQUEST_PARAMS_VALIDATORS["elicitation/create"]!(params)).toBe(false);
    expect(REQUEST_METHODS["elicitation/create"].params.safeParse(params).success).toBe(true);
  });

  it("a required unknown member present as undefined is not accepted", () => {
    const params = { level: "info", data: undefined };
    expect(NOTIFICATION_PARAMS_VALIDATORS["notifications/message"]!(params)).toBe(false);
  });

  it("non-finite numbers and unsafe integers are rejected like zod", () => {
    for (const progress of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const params = { progressToken: 1, progress };
      expect(NOTIFICATION_PARAMS_VALIDATORS["notifications/progress"]!(params)).toBe(false);
    }
    const params = { progressToken: 2 ** 60, progress: 1 };
    expect(NOTIFICATION_PARAMS_VALIDATORS["notifications/progress"]!(params)).toBe(false);
    expect(NOTIFICATION_METHODS["notifications/progress"].params.safeParse(params).success).toBe(false);
  });
});
