import type { ContentfulStatusCode } from "hono/utils/http-status";

/** A field that failed validation, as the API reports it. */
export interface FieldIssue {
  field: string;
  reason: string;
}

/**
 * An error the API answers with its own status and a stable machine-readable code:
 * `{ "error": { "code", "message", "details"? } }`.
 *
 * @example
 * throw new ApiError(404, "not_found", "server not found");
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** 404 for anything the caller may not see: another tenant's row is indistinguishable from none. */
export function notFound(what: string): ApiError {
  return new ApiError(404, "not_found", `${what} not found`);
}

/** 400 naming each failing field and why. */
export function validationError(issues: FieldIssue[]): ApiError {
  const summary = issues.map((issue) => `${issue.field}: ${issue.reason}`).join("; ");
  return new ApiError(400, "validation_error", `invalid request: ${summary}`, { issues });
}
