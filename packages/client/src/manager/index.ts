/**
 * Public API of `@mcp/client/manager` (Node only): a managed server connection (start, stop,
 * restart, crash detection, backoff, health checks, counters) and a pool of them keyed by
 * tenant, server and configuration.
 */

export type { ResolvedRestartPolicy, RestartPolicy } from "./backoff.js";
export { backoffDelay, resolveRestartPolicy } from "./backoff.js";
export type { ConcurrencyLimiterOptions } from "./concurrency-limiter.js";
export { ConcurrencyLimiter } from "./concurrency-limiter.js";
export { configHash, stableStringify } from "./config-hash.js";
export type { ManagerErrorCodeValue } from "./errors.js";
export { isManagerError, ManagerError, ManagerErrorCode } from "./errors.js";
export type { LatencySummary } from "./latency-window.js";
export { LatencyWindow } from "./latency-window.js";
export type {
  HealthCheckOptions,
  ManagedCallOptions,
  ManagedClient,
  ManagedServerEvents,
  ManagedServerOptions,
  ManagedServerStats,
  ServerState,
} from "./managed-server.js";
export { ManagedServer } from "./managed-server.js";
export type { TransportObserver } from "./observed-transport.js";
export { ObservedTransport } from "./observed-transport.js";
export type {
  EvictionReason,
  PooledServerStats,
  PoolKey,
  PoolShutdownOptions,
  ServerPoolEvents,
  ServerPoolOptions,
} from "./server-pool.js";
export { ServerPool } from "./server-pool.js";
export type { StdioManagedServerOptions } from "./stdio-server.js";
export { createStdioManagedServer, stdioServerFactory } from "./stdio-server.js";
export { TypedEmitter } from "./typed-emitter.js";
