import type {
  Agent,
  ApiKeyRecord,
  McpRegistryEntry,
  McpToolExecution,
  ServerConfigRecord,
  ServerRecord,
  Tenant,
} from "@mcp/db";
import type { Role } from "./auth.js";

// Responses are snake_case JSON. Secret values (server environment, headers, environment
// overrides) never leave the API: only their names do.

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

export function tenantJson(tenant: Tenant) {
  return { id: tenant.id, slug: tenant.slug, name: tenant.name, created_at: iso(tenant.createdAt) };
}

export function apiKeyJson(key: ApiKeyRecord) {
  return {
    id: key.id,
    tenant_id: key.tenantId,
    name: key.name,
    prefix: key.prefix,
    role: (key.role === "read_only" ? "read-only" : key.role) as Role,
    expires_at: iso(key.expiresAt),
    revoked_at: iso(key.revokedAt),
    last_used_at: iso(key.lastUsedAt),
    created_at: iso(key.createdAt),
  };
}

export function agentJson(agent: Agent) {
  return {
    id: agent.id,
    name: agent.name,
    description: agent.description,
    created_at: iso(agent.createdAt),
  };
}

export function serverJson(server: ServerRecord) {
  return {
    id: server.id,
    slug: server.slug,
    name: server.name,
    description: server.description,
    global: server.global,
    transport: server.transport,
    command: server.command,
    args: server.args,
    cwd: server.cwd,
    env_keys: Object.keys(server.env).sort(),
    url: server.url,
    header_keys: Object.keys(server.headers).sort(),
    status: server.status,
    health: {
      last_check_at: iso(server.lastHealthCheckAt),
      last_error: server.lastError,
      consecutive_failures: server.consecutiveFailures,
    },
    usage: {
      calls: server.totalCalls,
      errors: server.totalErrors,
      avg_latency_ms: server.avgLatencyMs,
      last_used_at: iso(server.lastUsedAt),
    },
    protocol_version: server.protocolVersion,
    server_info: server.serverInfo,
    tools_hash: server.toolsHash,
    discovered_at: iso(server.discoveredAt),
    registry_entry_id: server.registryEntryId,
    created_at: iso(server.createdAt),
    updated_at: iso(server.updatedAt),
  };
}

export function configJson(config: ServerConfigRecord) {
  return {
    id: config.id,
    server_id: config.serverId,
    agent_id: config.agentId,
    enabled: config.enabled,
    tool_allow_list: config.toolAllowList,
    tool_deny_list: config.toolDenyList,
    timeout_ms: config.timeoutMs,
    max_retries: config.maxRetries,
    max_concurrent_calls: config.maxConcurrentCalls,
    calls_per_minute: config.callsPerMinute,
    max_output_bytes: config.maxOutputBytes,
    env_override_keys: Object.keys(config.envOverrides ?? {}).sort(),
    created_at: iso(config.createdAt),
    updated_at: iso(config.updatedAt),
  };
}

export function executionJson(execution: McpToolExecution) {
  return {
    id: execution.id,
    server_id: execution.serverId,
    config_id: execution.configId,
    agent_id: execution.agentId,
    api_key_id: execution.apiKeyId,
    tool: execution.toolName,
    arguments: execution.arguments,
    result: execution.result,
    is_error: execution.isError,
    status: execution.status,
    error_code: execution.errorCode,
    error_message: execution.errorMessage,
    attempts: execution.attempts,
    duration_ms: execution.durationMs,
    started_at: iso(execution.startedAt),
    finished_at: iso(execution.finishedAt),
  };
}

export function registryEntryJson(entry: McpRegistryEntry) {
  return {
    id: entry.id,
    slug: entry.slug,
    name: entry.name,
    description: entry.description,
    category: entry.category,
    tags: entry.tags,
    author: entry.author,
    links: {
      homepage: entry.homepageUrl,
      repository: entry.repositoryUrl,
      documentation: entry.documentationUrl,
    },
    npm: { package: entry.npmPackage, version: entry.npmVersion },
    install: {
      transport: entry.transport,
      command: entry.commandTemplate,
      args: entry.argsTemplate,
      url: entry.urlTemplate,
      config_schema: entry.configSchema,
    },
    tools_preview: entry.toolsPreview,
    rating: { average: entry.ratingAverage, count: entry.ratingCount },
    install_count: entry.installCount,
    featured: entry.featured,
    verified: entry.verified,
  };
}
