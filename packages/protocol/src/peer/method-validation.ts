/**
 * Where the peer meets the method map: params of incoming requests and notifications and results
 * of outgoing requests are checked with the compiled validators of known MCP methods, falling back
 * to the zod schemas (loaded on first need) when those cannot say "valid". Methods outside the map
 * (extensions, tests) pass through unchecked, so a peer can carry custom methods. Each check
 * answers synchronously unless zod had to be loaded, then through a promise.
 */
import {
  isPending,
  type Validated,
  validateNotificationParams,
  validateRequestParams,
  validateResult,
} from "../compiled-validation.js";
import { isNotificationMethod, isRequestMethod } from "../method-info.js";

type Params = Record<string, unknown>;

function orParams(value: Validated<unknown>, params: Params): Validated<Params> {
  if (isPending(value)) return value.then((checked) => (checked as Params | undefined) ?? params);
  return (value as Params | undefined) ?? params;
}

/** Params of an incoming request, checked before its handler runs (`ProtocolError` -32602). */
export function checkRequestParams(method: string, params: Params): Validated<Params> {
  if (!isRequestMethod(method)) return params;
  return orParams(validateRequestParams(method, params), params);
}

/** Params of an incoming notification, checked before its handler runs (`ProtocolError` -32602). */
export function checkNotificationParams(method: string, params: Params): Validated<Params> {
  if (!isNotificationMethod(method)) return params;
  return orParams(validateNotificationParams(method, params), params);
}

/**
 * The result of an outgoing request, checked before the caller sees it (`LocalError`
 * `INVALID_MESSAGE`); a task-augmented request's result is checked as a `CreateTaskResult`.
 */
export function checkResult(
  method: string,
  result: Params,
  requestParams: Params | undefined,
): Validated<Params> {
  if (!isRequestMethod(method)) return result;
  return validateResult(method, result, requestParams) as Validated<Params>;
}
