import type { ToolAnnotations } from "@mcp/protocol";

/** Reads only: safe to retry, touches nothing, and nothing beyond the local disk. */
export const READ_ONLY: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};

/** Changes the disk; `destructive` when it can overwrite or remove data. */
export function writes(options: { destructive: boolean; idempotent: boolean }): ToolAnnotations {
  return {
    readOnlyHint: false,
    destructiveHint: options.destructive,
    idempotentHint: options.idempotent,
    openWorldHint: false,
  };
}
