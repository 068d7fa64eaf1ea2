import { isDbError } from "@mcp/db";
import { HTTPException } from "hono/http-exception";
import { LaunchPolicyError } from "../security/launch-policy.js";
import { ApiError } from "./api-error.js";

const DB_STATUS = { not_found: 404, conflict: 409, invalid: 400, forbidden: 403 } as const;

/**
 * Maps the errors of the layers below to API errors: data-layer codes to their statuses, launch
 * policy refusals to 403 naming the field. Anything else stays unknown (a 500 without details).
 *
 * @example
 * app.onError((error, c) => respondWithError(c, toApiError(error)));
 */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (isDbError(error)) {
    const code = error.code === "invalid" ? "validation_error" : error.code;
    return new ApiError(DB_STATUS[error.code], code, error.message);
  }
  if (error instanceof HTTPException) {
    // Hono's own refusals, e.g. a body that is not JSON ("Malformed JSON in request body").
    const status = error.status as ApiError["status"];
    return new ApiError(status, status === 400 ? "invalid_body" : "http_error", error.message);
  }
  if (error instanceof LaunchPolicyError) {
    return new ApiError(403, "launch_refused", error.message, { field: error.field, reason: error.reason });
  }
  return undefined;
}
