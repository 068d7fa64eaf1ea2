/**
 * Validation of params and results by method: look the method up, run its compiled validator
 * (`src/generated/compiled-validators.ts`, which says "valid" only when zod would accept the value
 * unchanged), and run that one zod schema when it cannot. Failures name the method and the first
 * issues, and carry all issues in `data.issues`.
 */
import type { z } from "zod";
import { ErrorCode, LocalError, LocalErrorCode, ProtocolError } from "./errors.js";
import {
  CREATE_TASK_RESULT_VALIDATOR,
  NOTIFICATION_PARAMS_VALIDATORS,
  REQUEST_PARAMS_VALIDATORS,
  RESULT_VALIDATORS,
} from "./generated/compiled-validators.js";
import {
  isNotificationMethod,
  isRequestMethod,
  NOTIFICATION_METHODS,
  type NotificationMethod,
  type NotificationParamsOf,
  type ParamsOf,
  REQUEST_METHODS,
  type RequestMethod,
  type ResultOf,
} from "./methods.js";
import { type CreateTaskResult, CreateTaskResultSchema } from "./schemas/tasks.js";

import type { ValidationIssue } from "./validation-issue.js";

export type { ValidationIssue } from "./validation-issue.js";

function toIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === "symbol" ? String(key) : key)),
    message: issue.message,
  }));
}

function summarise(issues: ValidationIssue[]): string {
  const shown = issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ` : "") + issue.message);
  const more = issues.length > 3 ? ` (+${issues.length - 3} more)` : "";
  return shown.join("; ") + more;
}

/**
 * Validates the params of a received request. Unknown method: `ProtocolError` -32601; invalid
 * params: `ProtocolError` -32602 with `data: { method, issues }`. Unknown fields are kept.
 *
 * @example
 * ```ts
 * const params = parseRequestParams("tools/call", message.params); // typed CallToolRequestParams
 * ```
 */
export function parseRequestParams<M extends RequestMethod>(method: M, params: unknown): ParamsOf<M>;
export function parseRequestParams(method: string, params: unknown): unknown;
export function parseRequestParams(method: string, params: unknown): unknown {
  if (!isRequestMethod(method)) {
    throw new ProtocolError(ErrorCode.MethodNotFound, `Method not found: ${method}`, { method });
  }
  if (REQUEST_PARAMS_VALIDATORS[method]!(params)) return params;
  const parsed = (REQUEST_METHODS[method].params as z.ZodType).safeParse(params);
  if (parsed.success) return parsed.data;
  const issues = toIssues(parsed.error);
  throw new ProtocolError(ErrorCode.InvalidParams, `Invalid params for ${method}: ${summarise(issues)}`, {
    method,
    issues,
  });
}

/**
 * Validates a received result against the method's result schema. When the request carried
 * `params.task` (task-augmented methods), the result must be a `CreateTaskResult` instead.
 * Invalid: `LocalError` `INVALID_MESSAGE` with `data: { method, issues }`.
 *
 * @example
 * ```ts
 * const result = parseResult("tools/list", response.result); // typed ListToolsResult
 * ```
 */
export function parseResult<M extends RequestMethod>(method: M, result: unknown): ResultOf<M>;
export function parseResult<M extends RequestMethod>(
  method: M,
  result: unknown,
  requestParams: unknown,
): ResultOf<M> | CreateTaskResult;
export function parseResult(method: string, result: unknown, requestParams?: unknown): unknown;
export function parseResult(method: string, result: unknown, requestParams?: unknown): unknown {
  if (!isRequestMethod(method)) {
    throw new LocalError(LocalErrorCode.InvalidMessage, `Unknown request method: ${method}`, {
      data: { method },
    });
  }
  const spec = REQUEST_METHODS[method];
  const asTask =
    "taskAugmentable" in spec &&
    typeof requestParams === "object" &&
    requestParams !== null &&
    (requestParams as { task?: unknown }).task !== undefined;
  if ((asTask ? CREATE_TASK_RESULT_VALIDATOR : RESULT_VALIDATORS[method]!)(result)) return result;
  const schema = (asTask ? CreateTaskResultSchema : spec.result) as z.ZodType;
  const parsed = schema.safeParse(result);
  if (parsed.success) return parsed.data;
  const issues = toIssues(parsed.error);
  throw new LocalError(LocalErrorCode.InvalidMessage, `Invalid result for ${method}: ${summarise(issues)}`, {
    data: { method, issues },
  });
}

/**
 * Validates the params of a received notification. Unknown method: `ProtocolError` -32601 (a
 * receiver usually ignores those); invalid: `ProtocolError` -32602 with `data: { method, issues }`.
 *
 * @example
 * ```ts
 * const { progress, total } = parseNotificationParams("notifications/progress", message.params);
 * ```
 */
export function parseNotificationParams<M extends NotificationMethod>(
  method: M,
  params: unknown,
): NotificationParamsOf<M>;
export function parseNotificationParams(method: string, params: unknown): unknown;
export function parseNotificationParams(method: string, params: unknown): unknown {
  if (!isNotificationMethod(method)) {
    throw new ProtocolError(ErrorCode.MethodNotFound, `Unknown notification: ${method}`, {
      method,
    });
  }
  if (NOTIFICATION_PARAMS_VALIDATORS[method]!(params)) return params;
  const parsed = (NOTIFICATION_METHODS[method].params as z.ZodType).safeParse(params);
  if (parsed.success) return parsed.data;
  const issues = toIssues(parsed.error);
  throw new ProtocolError(ErrorCode.InvalidParams, `Invalid params for ${method}: ${summarise(issues)}`, {
    method,
    issues,
  });
}
