import { z } from "@hono/zod-openapi";

/** The error body of every non-2xx answer. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "not_found" }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi("Error");

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorBodySchema } },
});

/** The error answers every authenticated route can give. */
export const commonErrors = {
  400: errorResponse("Invalid request: the failing field and the reason"),
  401: errorResponse("Missing, unknown, revoked or expired API key"),
  403: errorResponse("The key's role does not allow this"),
  404: errorResponse("Not found (or another tenant's)"),
} as const;

export const conflictError = {
  409: errorResponse("Conflicts with an existing row (e.g. a slug in use)"),
} as const;

/** A JSON body schema for `createRoute`. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema } } } as const;
}

/** A JSON 2xx answer for `createRoute`. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } } as const;
}

export const IdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const PageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1).openapi({ example: 1 }),
  page_size: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
});

/** A slug: lower-case letters, digits and dashes. */
export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lower-case letters, digits and dashes, at most 63 characters");

/** Environment variables or headers: names to values. Values are secrets and never returned. */
export const SecretMapSchema = z.record(z.string().min(1).max(128), z.string().max(32_768));
