/**
 * Validation without zod on the fast path: each value goes first through the validator compiled
 * from its method's schema (`src/generated/compiled-validators.ts`), which only ever answers
 * "valid" when zod would accept the value unchanged. Anything else (invalid, or a shape the
 * compiler could not prove) goes to the zod schemas, imported on first need, so errors are exactly
 * those of `parseRequestParams` / `parseResult` / `parseNotificationParams`.
 */
import {
  CREATE_TASK_RESULT_VALIDATOR,
  NOTIFICATION_PARAMS_VALIDATORS,
  REQUEST_PARAMS_VALIDATORS,
  RESULT_VALIDATORS,
} from "./generated/compiled-validators.js";
import {
  isNotificationMethod,
  isRequestMethod,
  type NotificationMethod,
  REQUEST_METHOD_INFO,
  type RequestMethod,
} from "./method-info.js";
import type { NotificationParamsOf, ParamsOf, ResultOf } from "./methods.js";

/** A value now, or (when zod had to be loaded to decide) a promise of it. `await` handles both. */
export type Validated<T> = T | Promise<T>;

type ZodValidation = typeof import("./validate.js");

let zodValidation: ZodValidation | undefined;
let loading: Promise<ZodValidation> | undefined;

function withZod<T>(use: (zod: ZodValidation) => T): Validated<T> {
  if (zodValidation !== undefined) return use(zodValidation);
  loading ??= import("./validate.js").then((module) => {
    zodValidation = module;
    return module;
  });
  return loading.then(use);
}

/**
 * True when `value` is a promise (what the `validate*` functions return when zod had to decide).
 *
 * @example
 * ```ts
 * const params = validateRequestParams(method, raw);
 * if (isPending(params)) params.then(handle, fail); else handle(params);
 * ```
 */
export function isPending<T>(value: Validated<T>): value is Promise<T> {
  return value instanceof Promise;
}

/**
 * Validates the params of a received request: the compiled fast path, then zod when it cannot say
 * "valid". Same outcome and errors as `parseRequestParams` (unknown method -32601, invalid -32602),
 * returned (or thrown) synchronously when the compiled validator accepts or zod is already loaded,
 * else through a promise.
 *
 * @example
 * ```ts
 * const params = await validateRequestParams("tools/call", message.params);
 * ```
 */
export function validateRequestParams<M extends RequestMethod>(
  method: M,
  params: unknown,
): Validated<ParamsOf<M>>;
export function validateRequestParams(method: string, params: unknown): Validated<unknown>;
export function validateRequestParams(method: string, params: unknown): Validated<unknown> {
  if (isRequestMethod(method) && REQUEST_PARAMS_VALIDATORS[method]!(params)) return params;
  return withZod((zod) => zod.parseRequestParams(method, params));
}

/**
 * Validates a received result like `parseResult` (a `CreateTaskResult` when the request carried
 * `params.task`; invalid: `LocalError` `INVALID_MESSAGE`), compiled fast path first.
 *
 * @example
 * ```ts
 * const { tools } = await validateResult("tools/list", response.result);
 * ```
 */
export function validateResult<M extends RequestMethod>(
  method: M,
  result: unknown,
  requestParams?: unknown,
): Validated<ResultOf<M>>;
export function validateResult(method: string, result: unknown, requestParams?: unknown): Validated<unknown>;
export function validateResult(method: string, result: unknown, requestParams?: unknown): Validated<unknown> {
  if (isRequestMethod(method)) {
    const asTask =
      "taskAugmentable" in REQUEST_METHOD_INFO[method] &&
      typeof requestParams === "object" &&
      requestParams !== null &&
      (requestParams as { task?: unknown }).task !== undefined;
    const compiled = asTask ? CREATE_TASK_RESULT_VALIDATOR : RESULT_VALIDATORS[method]!;
    if (compiled(result)) return result;
  }
  return withZod((zod) => zod.parseResult(method, result, requestParams));
}

/**
 * Validates the params of a received notification like `parseNotificationParams` (unknown -32601,
 * invalid -32602), compiled fast path first.
 *
 * @example
 * ```ts
 * const { progress } = await validateNotificationParams("notifications/progress", message.params);
 * ```
 */
export function validateNotificationParams<M extends NotificationMethod>(
  method: M,
  params: unknown,
): Validated<NotificationParamsOf<M>>;
export function validateNotificationParams(method: string, params: unknown): Validated<unknown>;
export function validateNotificationParams(method: string, params: unknown): Validated<unknown> {
  if (isNotificationMethod(method) && NOTIFICATION_PARAMS_VALIDATORS[method]!(params)) return params;
  return withZod((zod) => zod.parseNotificationParams(method, params));
}
