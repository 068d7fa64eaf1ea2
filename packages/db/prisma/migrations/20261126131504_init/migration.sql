-- CreateEnum
CREATE TYPE "ApiKeyRole" AS ENUM ('admin', 'member', 'read_only');

-- CreateEnum
CREATE TYPE "McpTransport" AS ENUM ('stdio', 'streamable_http', 'sse', 'websocket');

-- CreateEnum
CREATE TYPE "McpServerStatus" AS ENUM ('unknown', 'healthy', 'degraded', 'unhealthy', 'disabled');

-- CreateEnum
CREATE TYPE "ExecutionStatus" AS ENUM ('running', 'succeeded', 'failed', 'timed_out', 'cancelled', 'denied');

-- CreateTable
CREATE TABLE "Tenant" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "role" "ApiKeyRole" NOT NULL DEFAULT 'member',
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Agent" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Agent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "McpServer" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT,
    "ownerKey" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "transport" "McpTransport" NOT NULL,
    "command" TEXT,
    "args" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "cwd" TEXT,
    "envEncrypted" TEXT,
    "url" TEXT,
    "headersEncrypted" TEXT,
    "tools" JSONB,
    "resources" JSONB,
    "prompts" JSONB,
    "serverInfo" JSONB,
    "protocolVersion" TEXT,
    "toolsHash" TEXT,
    "discoveredAt" TIMESTAMP(3),
    "status" "McpServerStatus" NOT NULL DEFAULT 'unknown',
    "lastHealthCheckAt" TIMESTAMP(3),
    "lastError" TEXT,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "totalCalls" INTEGER NOT NULL DEFAULT 0,
    "totalErrors" INTEGER NOT NULL DEFAULT 0,
    "avgLatencyMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "lastUsedAt" TIMESTAMP(3),
    "registryEntryId" TEXT,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "McpServer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "McpServerConfig" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "serverId" TEXT NOT NULL,
    "agentId" TEXT,
    "agentKey" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN,
    "toolAllowList" JSONB,
    "toolDenyList" JSONB,
    "timeoutMs" INTEGER,
    "maxRetries" INTEGER,
    "maxConcurrentCalls" INTEGER,
    "callsPerMinute" INTEGER,
    "maxOutputBytes" INTEGER,
    "envOverridesEncrypted" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "McpServerConfig_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "McpToolExecution" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "serverId" TEXT NOT NULL,
    "configId" TEXT,
    "agentId" TEXT,
    "apiKeyId" TEXT,
    "toolName" TEXT NOT NULL,
    "arguments" JSONB,
    "result" JSONB,
    "isError" BOOLEAN,
    "status" "ExecutionStatus" NOT NULL DEFAULT 'running',
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "durationMs" INTEGER,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "McpToolExecution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "McpRegistryEntry" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "author" TEXT,
    "homepageUrl" TEXT,
    "repositoryUrl" TEXT,
    "documentationUrl" TEXT,
    "npmPackage" TEXT,
    "npmVersion" TEXT,
    "transport" "McpTransport" NOT NULL DEFAULT 'stdio',
    "commandTemplate" TEXT,
    "argsTemplate" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "urlTemplate" TEXT,
    "configSchema" JSONB NOT NULL,
    "toolsPreview" JSONB NOT NULL DEFAULT '[]',
    "ratingAverage" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "ratingCount" INTEGER NOT NULL DEFAULT 0,
    "installCount" INTEGER NOT NULL DEFAULT 0,
    "featured" BOOLEAN NOT NULL DEFAULT false,
    "verified" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "McpRegistryEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "McpRegistryRating" (
    "id" TEXT NOT NULL,
    "entryId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "rating" INTEGER NOT NULL,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "McpRegistryRating_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Tenant_slug_key" ON "Tenant"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");

-- CreateIndex
CREATE INDEX "ApiKey_tenantId_idx" ON "ApiKey"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "Agent_tenantId_name_key" ON "Agent"("tenantId", "name");

-- CreateIndex
CREATE INDEX "McpServer_tenantId_deletedAt_idx" ON "McpServer"("tenantId", "deletedAt");

-- CreateIndex
CREATE UNIQUE INDEX "McpServer_ownerKey_slug_key" ON "McpServer"("ownerKey", "slug");

-- CreateIndex
CREATE INDEX "McpServerConfig_serverId_idx" ON "McpServerConfig"("serverId");

-- CreateIndex
CREATE UNIQUE INDEX "McpServerConfig_tenantId_serverId_agentKey_key" ON "McpServerConfig"("tenantId", "serverId", "agentKey");

-- CreateIndex
CREATE INDEX "McpToolExecution_tenantId_startedAt_idx" ON "McpToolExecution"("tenantId", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "McpToolExecution_tenantId_serverId_startedAt_idx" ON "McpToolExecution"("tenantId", "serverId", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "McpToolExecution_tenantId_toolName_startedAt_idx" ON "McpToolExecution"("tenantId", "toolName", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "McpToolExecution_tenantId_status_startedAt_idx" ON "McpToolExecution"("tenantId", "status", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "McpToolExecution_serverId_idx" ON "McpToolExecution"("serverId");

-- CreateIndex
CREATE UNIQUE INDEX "McpRegistryEntry_slug_key" ON "McpRegistryEntry"("slug");

-- CreateIndex
CREATE INDEX "McpRegistryEntry_category_idx" ON "McpRegistryEntry"("category");

-- CreateIndex
CREATE INDEX "McpRegistryEntry_featured_ratingAverage_idx" ON "McpRegistryEntry"("featured", "ratingAverage" DESC);

-- CreateIndex
CREATE INDEX "McpRegistryRating_tenantId_idx" ON "McpRegistryRating"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "McpRegistryRating_entryId_tenantId_key" ON "McpRegistryRating"("entryId", "tenantId");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agent" ADD CONSTRAINT "Agent_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpServer" ADD CONSTRAINT "McpServer_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpServer" ADD CONSTRAINT "McpServer_registryEntryId_fkey" FOREIGN KEY ("registryEntryId") REFERENCES "McpRegistryEntry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpServerConfig" ADD CONSTRAINT "McpServerConfig_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpServerConfig" ADD CONSTRAINT "McpServerConfig_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "McpServer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpServerConfig" ADD CONSTRAINT "McpServerConfig_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpToolExecution" ADD CONSTRAINT "McpToolExecution_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpToolExecution" ADD CONSTRAINT "McpToolExecution_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "McpServer"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpToolExecution" ADD CONSTRAINT "McpToolExecution_configId_fkey" FOREIGN KEY ("configId") REFERENCES "McpServerConfig"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpToolExecution" ADD CONSTRAINT "McpToolExecution_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpToolExecution" ADD CONSTRAINT "McpToolExecution_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpRegistryRating" ADD CONSTRAINT "McpRegistryRating_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "McpRegistryEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpRegistryRating" ADD CONSTRAINT "McpRegistryRating_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
