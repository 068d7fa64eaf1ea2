import { z } from "zod";

/** A bound parameter value. */
export const SqlParamSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const ColumnInfoSchema = z.object({ name: z.string(), type: z.string() });

export const QueryOutputSchema = z.object({
  columns: z.array(ColumnInfoSchema),
  rows: z.array(z.array(z.unknown())).describe("rows as arrays, in the order of `columns`"),
  rowCount: z.number().int(),
  truncated: z.boolean().describe("true when the result had more rows than the row limit"),
});

export const TableSummarySchema = z.object({ schema: z.string(), name: z.string(), type: z.string() });

export const TableDescriptionSchema = z.object({
  schema: z.string(),
  name: z.string(),
  columns: z.array(
    z.object({ name: z.string(), type: z.string(), nullable: z.boolean(), default: z.string().nullable() }),
  ),
  primaryKey: z.array(z.string()),
  keys: z.array(
    z.object({
      name: z.string(),
      type: z.enum(["primary", "unique", "foreign"]),
      columns: z.array(z.string()),
      references: z
        .object({ schema: z.string(), table: z.string(), columns: z.array(z.string()) })
        .optional(),
    }),
  ),
  indexes: z.array(
    z.object({
      name: z.string(),
      unique: z.boolean(),
      columns: z.array(z.string()),
      definition: z.string().optional(),
    }),
  ),
});
