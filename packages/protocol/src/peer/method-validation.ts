/**
 * Where the peer meets the method map: params of incoming requests and notifications and results
 * of outgoing requests are checked with the schemas of known MCP methods. Methods outside the map
 * (extensions, tests) pass through unchecked, so a peer can carry custom methods.
 */
import { isNotificationMethod, isRequestMethod } from "../methods.js";
import { parseNotificationParams, parseRequestParams, parseResult } from "../validate.js";

type Params = Record<string, unknown>;

/** Params of an incoming request, checked before its handler runs (`ProtocolError` -32602). */
export function validateRequestParams(method: string, params: Params): Params {
  if (!isRequestMethod(method)) return params;
  return (parseRequestParams(method, params) as Params | undefined) ?? params;
}

/** Params of an incoming notification, checked before its handler runs (`ProtocolError` -32602). */
export function validateNotificationParams(method: string, params: Params): Params {
  if (!isNotificationMethod(method)) return params;
  return (parseNotificationParams(method, params) as Params | undefined) ?? params;
}

/**
 * The result of an outgoing request, checked before the caller sees it (`LocalError`
 * `INVALID_MESSAGE`); a task-augmented request's result is checked as a `CreateTaskResult`.
 */
export function validateResult(method: string, result: Params, requestParams: Params | undefined): Params {
  if (!isRequestMethod(method)) return result;
  return parseResult(method, result, requestParams) as Params;
}
