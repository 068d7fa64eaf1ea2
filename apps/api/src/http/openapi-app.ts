import { OpenAPIHono } from "@hono/zod-openapi";
import { validationError } from "./api-error.js";
import type { AuthVariables } from "./auth.js";

/** The environment of every route: the authenticated principal. */
export type ApiEnv = { Variables: AuthVariables };

/**
 * An OpenAPIHono whose validation failures become our 400 `validation_error` with each failing
 * field and its reason, instead of the library's default body.
 *
 * @example
 * const router = createRouter();
 * router.openapi(route, handler);
 */
export function createRouter(): OpenAPIHono<ApiEnv> {
  return new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw validationError(
          result.error.issues.map((issue) => ({
            field: [result.target, ...issue.path.map(String)].join("."),
            reason: issue.message,
          })),
        );
      }
    },
  });
}
