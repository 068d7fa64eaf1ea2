#!/bin/sh
# Prisma's CLI insists that a native schema engine exists before any command, and downloads one
# from a host that may be unreachable. `prisma generate` never runs it, so this stands in for it.
# Migrations go through the WebAssembly schema engine instead: see src/migrations/.
echo "@mcp/db: the native Prisma schema engine is not used here; run db:migrate / db:migration:create (WebAssembly engine) instead of prisma migrate." >&2
exit 1
