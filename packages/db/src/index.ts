/**
 * Public API of @mcp/db: open the platform database (embedded PGlite or PostgreSQL, migrated on
 * open), the tenant-scoped data access functions, secret encryption, the seed, and the
 * migration tools behind the package's `db:*` scripts. Everything else is internal.
 */

export { createAgent, deleteAgent, getAgent, listAgents } from "./access/agents.js";
export {
  type ApiInstanceInfo,
  closeAbandonedExecutions,
  heartbeatApiInstance,
  removeApiInstance,
} from "./access/api-instances.js";
export {
  type ApiKeyRecord,
  createApiKey,
  listApiKeys,
  revokeApiKey,
  touchApiKey,
  type VerifiedApiKey,
  verifyApiKey,
} from "./access/api-keys.js";
export {
  CONFIG_DEFAULTS,
  type ConfigSource,
  deleteServerConfig,
  type EffectiveServerConfig,
  getServerConfig,
  isToolAllowed,
  listServerConfigs,
  resolveEffectiveConfig,
  type ServerConfigInput,
  type ServerConfigRecord,
  upsertServerConfig,
} from "./access/configs.js";
export {
  type ExecutionStartRecord,
  type FastExecutionOutcome,
  finishExecutionFast,
  recordExecutionStart,
  recordFinishedExecution,
} from "./access/execution-audit.js";
export {
  type FinishedExecutionRow,
  finishedExecutionRow,
  recordFinishedExecutions,
} from "./access/execution-batch.js";
export {
  type ExecutionOutcome,
  finishExecution,
  getExecution,
  type ListExecutionsOptions,
  listExecutions,
  type StartExecutionInput,
  startExecution,
} from "./access/executions.js";
export { closeInterruptedExecutions, INTERRUPTED_ERROR_CODE } from "./access/interrupted-executions.js";
export { exceedsJsonDepth } from "./access/json-depth.js";
export { jsonbText, MAX_JSONB_DEPTH, pgText } from "./access/pg-text.js";
export {
  getRegistryEntry,
  installRegistryEntry,
  type RegistryEntryInput,
  type RegistrySearch,
  rateRegistryEntry,
  searchRegistry,
  upsertRegistryEntry,
} from "./access/registry.js";
export {
  createServer,
  deleteServer,
  getGlobalServer,
  getServer,
  hashTools,
  type ListServersOptions,
  listServers,
  listServersPage,
  type Owner,
  recordDiscovery,
  recordHealthCheck,
  type ServerDiscovery,
  type ServerInput,
  type ServerRecord,
  UNHEALTHY_AFTER_FAILURES,
  updateServer,
} from "./access/servers.js";
export { sqlLiteral } from "./access/sql-literal.js";
export { createTenant, getTenant, listTenants } from "./access/tenants.js";
export {
  AuditJournal,
  type AuditJournalOptions,
  type AuditJournalProblem,
  type AuditJournalReplay,
} from "./audit-journal/audit-journal.js";
export { KEY_FILE_NAME, loadOrCreateKeyFile } from "./crypto/key-file.js";
export {
  createSecretBox,
  generateEncryptionKey,
  parseEncryptionKey,
  type SecretBox,
} from "./crypto/secret-box.js";
export { type CreateDatabaseOptions, createDatabase, type Database } from "./database.js";
export { DbError, type DbErrorCode, isDbError } from "./errors.js";
export type {
  Agent,
  ApiKeyRole,
  ExecutionStatus,
  McpRegistryEntry,
  McpRegistryRating,
  McpServerStatus,
  McpToolExecution,
  McpTransport,
  PrismaClient,
  Tenant,
} from "./generated/prisma/client.js";
export { type MaintenanceReport, maintainEmbeddedDatabase } from "./maintenance.js";
export {
  type ApplyMigrationsOptions,
  applyMigrations,
  pendingMigrations,
} from "./migrations/apply-migrations.js";
export { type CreateMigrationOptions, createMigration } from "./migrations/create-migration.js";
export { type DiffSchemaOptions, diffMigrationsToSchema } from "./migrations/diff-schema.js";
export { packagePrismaDir } from "./migrations/migration-files.js";
export { resetDatabase } from "./reset.js";
export { type SeedOptions, type SeedReport, seedDatabase } from "./seed.js";

/** The package's version, kept in step with package.json by the build. */
export const VERSION = "0.0.0";
