-- AlterTable
ALTER TABLE "McpToolExecution" ADD COLUMN     "instanceId" TEXT;

-- CreateTable
CREATE TABLE "ApiInstance" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiInstance_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApiInstance_heartbeatAt_idx" ON "ApiInstance"("heartbeatAt");

-- CreateIndex (by hand: a partial index, which the Prisma schema cannot express. Only the few
-- `running` rows are in it, so it costs nothing on the hot path of finished calls.)
CREATE INDEX "McpToolExecution_running_instanceId_idx" ON "McpToolExecution"("instanceId") WHERE "status" = 'running';
