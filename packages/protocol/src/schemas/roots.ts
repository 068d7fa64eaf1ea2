/**
 * Roots (spec 2025-11-25: client/roots): `roots/list` and `notifications/roots/list_changed`.
 */
import { z } from "zod";
import { MetaSchema, RequestParamsSchema, ResultSchema } from "./base.js";
import { Uri } from "./open.js";

/** A root directory or file the server may operate on; `uri` is a `file://` URI. */
export const RootSchema = z.looseObject({
  uri: Uri,
  name: z.string().optional(),
  _meta: MetaSchema.optional(),
});
/** A root. */
export type Root = z.infer<typeof RootSchema>;

/** Params of `roots/list`. */
export const ListRootsRequestParamsSchema = RequestParamsSchema;
/** Params of `roots/list`. */
export type ListRootsRequestParams = z.infer<typeof ListRootsRequestParamsSchema>;

/** Result of `roots/list`. */
export const ListRootsResultSchema = ResultSchema.extend({ roots: z.array(RootSchema) });
/** Result of `roots/list`. */
export type ListRootsResult = z.infer<typeof ListRootsResultSchema>;
