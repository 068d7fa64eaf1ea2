import { randomUUID } from "node:crypto";
import { configHash } from "@mcp/client/manager";
import {
  type AuditJournal,
  type Database,
  type EffectiveServerConfig,
  type ExecutionStartRecord,
  exceedsJsonDepth,
  type FastExecutionOutcome,
  finishExecutionFast,
  finishedExecutionRow,
  getExecution,
  INTERRUPTED_ERROR_CODE,
  isDbError,
  isToolAllowed,
  recordExecutionStart,
  recordFinishedExecution,
} from "@mcp/db";
import type { CallToolResult } from "@mcp/protocol";
import type { Logger } from "pino";
import type { PlatformCache } from "../cache/platform-cache.js";
import { DEFAULT_RUNNING_ROW_DELAY_MS } from "../config.js";
import { classifyFailure } from "./classify-failure.js";
import { MAX_JSON_DEPTH } from "./json-depth.js";
import { KeyedSemaphore, SemaphoreWaitError } from "./keyed-semaphore.js";
import { SlidingWindowRateLimiter } from "./rate-limiter.js";
import { type LaunchSpec, launchSpecOf, type ServerRuntime } from "./server-runtime.js";

/** One `POST /v1/mcp/execute`. */
export interface ExecuteRequest {
  tenantId: string;
  apiKeyId: string;
  serverId: string;
  tool: string;
  arguments: Record<string, unknown>;
  agentId?: string | undefined;
  /** Aborted when the HTTP client goes away or the API shuts down. */
  signal?: AbortSignal;
}

/** What the API answers for an execution that reached a verdict (including denials). */
export interface ExecuteResponse {
  httpStatus: 200 | 403 | 429 | 502 | 503 | 504;
  body: {
    execution_id: string;
    status: "succeeded" | "failed" | "timed_out" | "cancelled" | "denied";
    is_error: boolean;
    result: CallToolResult | null;
    error: { code: string; message: string; rule?: string } | null;
    attempts: number;
    duration_ms: number;
  };
}

/** How a call that never got a concurrency slot is audited and answered. */
function queueFailure(error: unknown, config: EffectiveServerConfig) {
  const reason = error instanceof SemaphoreWaitError ? error.reason : "aborted";
  if (reason === "queue_full") {
    return {
      httpStatus: 429 as const,
      status: "denied" as const,
      error: {
        code: "concurrency_limited",
        rule: "maxConcurrentCalls",
        message: `${config.maxConcurrentCalls} calls are running and the wait queue is full`,
      },
      attempts: 0,
    };
  }
  if (reason === "timeout") {
    return {
      httpStatus: 504 as const,
      status: "timed_out" as const,
      error: {
        code: "timeout",
        message: `waited ${config.timeoutMs} ms for one of ${config.maxConcurrentCalls} call slots`,
      },
      attempts: 0,
    };
  }
  return {
    httpStatus: 503 as const,
    status: "cancelled" as const,
    error: { code: "cancelled", message: "the caller went away while waiting for a call slot" },
    attempts: 0,
  };
}

/** The audit of a call that got past its denials: its `running` row may not be written yet. */
interface Started {
  id: string;
  startedAt: Date;
  record: ExecutionStartRecord;
  /** The `running` row's INSERT, or undefined when it was never sent (and now never will be). */
  settle(): Promise<void> | undefined;
}

/** How a call ended, as the executor answers and audits it. */
interface Outcome {
  httpStatus: ExecuteResponse["httpStatus"];
  status: ExecuteResponse["body"]["status"];
  result?: CallToolResult;
  /** `JSON.stringify(result)`, made once to measure the result and reused by the audit. */
  resultJson?: string;
  error?: ExecuteResponse["body"]["error"];
  attempts: number;
}

interface Denial {
  code: string;
  rule: string;
  message: string;
  httpStatus: 403 | 429;
}

/**
 * Runs tool calls for tenants: resolves the effective configuration (through the platform
 * cache), refuses what it forbids (naming the rule), applies rate, concurrency, timeout and
 * retry limits, calls the server through the pool, and audits every call before answering it.
 * A call that ends before its `running` row is due (every denial, most calls) is recorded once,
 * with its final status: appended to the audit journal when there is one (one synchronous file
 * write; the journal applies rows to the database in batches), else one INSERT. A longer call
 * gets its `running` row while it runs, then the one-statement finish; the answer waits for
 * both. Either way an answer always has a durable record behind it.
 *
 * @example
 * const { httpStatus, body } = await executor.execute({ tenantId, apiKeyId, serverId, tool: "add", arguments: { a: 1, b: 2 } });
 */
export class ToolExecutor {
  readonly #db: Database;
  readonly #cache: PlatformCache;
  readonly #runtime: ServerRuntime;
  readonly #logger: Logger;
  readonly #concurrency = new KeyedSemaphore();
  readonly #rates = new SlidingWindowRateLimiter();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #runningRowDelayMs: number;
  readonly #journal: AuditJournal | undefined;
  readonly #instanceId: string | null;
  readonly #pruneTimer: ReturnType<typeof setInterval>;
  /** The launch spec of each resolved target and its hash, made once per target, not per call. */
  readonly #launches = new WeakMap<EffectiveServerConfig, { spec: LaunchSpec; specHash: string }>();

  constructor(options: {
    db: Database;
    cache: PlatformCache;
    runtime: ServerRuntime;
    logger: Logger;
    /** Write a call's `running` row only if it is still running after this long (0: at once; default 250). */
    runningRowDelayMs?: number;
    /** Where calls recorded once go first; without it they are one INSERT each, on the request path. */
    journal?: AuditJournal;
    /** This API instance on a shared database, stored with running rows (`startInstanceLiveness`). */
    instanceId?: string;
  }) {
    this.#db = options.db;
    this.#journal = options.journal;
    this.#instanceId = options.instanceId ?? null;
    this.#runningRowDelayMs = options.runningRowDelayMs ?? DEFAULT_RUNNING_ROW_DELAY_MS;
    this.#cache = options.cache;
    this.#runtime = options.runtime;
    this.#logger = options.logger;
    this.#pruneTimer = setInterval(() => this.#rates.prune(), 60_000);
    this.#pruneTimer.unref();
  }

  /** Executions in flight now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Executes one call; see the class comment. Throws `ApiError` 404 for an unknown server or agent. */
  execute(request: ExecuteRequest): Promise<ExecuteResponse> {
    const running = this.#execute(request);
    this.#inFlight.add(running);
    const done = () => this.#inFlight.delete(running);
    running.then(done, done);
    return running;
  }

  /** Waits until every execution in flight has been answered and audited. */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  close(): void {
    clearInterval(this.#pruneTimer);
  }

  /** Resolves once every execution answered so far is in the database (reads call it first). */
  async flushAudit(): Promise<void> {
    if (this.#journal && this.#journal.pending > 0) await this.#journal.flush();
  }

  /**
   * Records a call that ended without a `running` row. The journal's append is durable when it
   * returns; if it fails (a full disk), the row goes to the database directly instead, so an
   * answer is never sent without its record.
   */
  async #recordFinished(
    tenantId: string,
    record: ExecutionStartRecord & { id: string },
    outcome: FastExecutionOutcome,
  ): Promise<void> {
    if (this.#journal) {
      try {
        this.#journal.append(finishedExecutionRow(tenantId, record, outcome));
        return;
      } catch (error) {
        this.#logger.error(
          { err: error, executionId: record.id },
          "the audit journal refused a row; recording it in the database directly",
        );
      }
    }
    await recordFinishedExecution(this.#db, tenantId, record, outcome);
  }

  async #execute(request: ExecuteRequest): Promise<ExecuteResponse> {
    const { tenantId } = request;
    const agentId = request.agentId ?? null;
    const config = await this.#cache.executionTarget(tenantId, request.serverId, agentId);
    const scope = `${tenantId}\u0000${config.server.id}\u0000${agentId ?? ""}`;
    const record: ExecutionStartRecord = {
      serverId: config.server.id,
      toolName: request.tool,
      arguments: request.arguments,
      configId: config.configId,
      agentId,
      apiKeyId: request.apiKeyId,
    };
    const denial = this.#denialOf(config, request.tool, scope);
    if (denial) return this.#deny(tenantId, record, denial);
    const startedAt = performance.now();
    const started = this.#startAudit(tenantId, record);
    let release: () => void;
    try {
      release = await this.#concurrency.acquire(scope, {
        limit: config.maxConcurrentCalls,
        timeoutMs: config.timeoutMs,
        ...(request.signal ? { signal: request.signal } : {}),
      });
    } catch (error) {
      return this.#finish(tenantId, started, startedAt, queueFailure(error, config));
    }
    try {
      return await this.#callWithRetries(request, config, started, startedAt);
    } finally {
      release();
    }
  }

  /**
   * The `running` row, written while the call runs. By default the INSERT is sent on the next
   * turn of the event loop (setImmediate), after the call's request has been flushed to the
   * server: the embedded database works on this thread, so sent first it would hold the request
   * back for its whole duration instead of overlapping with the server's work. With
   * `runningRowDelayMs` it is sent only if the call is still running after that long. A call that
   * ends before its INSERT was sent is recorded by one INSERT with its final status (#finish).
   */
  #startAudit(tenantId: string, record: ExecutionStartRecord): Started {
    const id = randomUUID();
    const startedAt = new Date();
    let done: Promise<void> | undefined;
    const insert = () => {
      done = recordExecutionStart(this.#db, tenantId, {
        ...record,
        id,
        startedAt,
        instanceId: this.#instanceId,
      }).done;
      // Awaited by #finish before the answer; until then a failure must not count as unhandled.
      done.catch(() => {});
    };
    const delay = this.#runningRowDelayMs;
    const timer = delay > 0 ? setTimeout(insert, delay) : setImmediate(insert);
    return {
      id,
      startedAt,
      record,
      settle: () => {
        if (!done) {
          if (delay > 0) clearTimeout(timer as ReturnType<typeof setTimeout>);
          else clearImmediate(timer as ReturnType<typeof setImmediate>);
        }
        return done;
      },
    };
  }

  async #deny(tenantId: string, record: ExecutionStartRecord, denial: Denial): Promise<ExecuteResponse> {
    const error = { code: denial.code, message: denial.message, rule: denial.rule };
    const id = randomUUID();
    await this.#recordFinished(
      tenantId,
      { ...record, id },
      {
        status: "denied",
        errorCode: denial.code,
        errorMessage: denial.message,
        attempts: 0,
        durationMs: 0,
      },
    );
    return {
      httpStatus: denial.httpStatus,
      body: {
        execution_id: id,
        status: "denied",
        is_error: false,
        result: null,
        error,
        attempts: 0,
        duration_ms: 0,
      },
    };
  }

  // The platform cache hands out the same target object until it expires or is invalidated,
  // and nothing mutates it, so its spec and the spec's hash are made once for all its calls.
  #launchOf(config: EffectiveServerConfig): { spec: LaunchSpec; specHash: string } {
    let launch = this.#launches.get(config);
    if (!launch) {
      const spec = launchSpecOf(config.server, config.env);
      launch = { spec, specHash: configHash(spec) };
      this.#launches.set(config, launch);
    }
    return launch;
  }

  #denialOf(config: EffectiveServerConfig, tool: string, scope: string): Denial | undefined {
    if (!config.enabled) {
      return {
        code: "server_disabled",
        rule: "enabled",
        message: "this server is disabled by its configuration",
        httpStatus: 403,
      };
    }
    if (config.toolDenyList.includes(tool)) {
      return {
        code: "tool_denied",
        rule: "toolDenyList",
        message: `tool '${tool}' is on the deny list`,
        httpStatus: 403,
      };
    }
    if (!isToolAllowed(config, tool)) {
      return {
        code: "tool_not_allowed",
        rule: "toolAllowList",
        message: `tool '${tool}' is not on the allow list`,
        httpStatus: 403,
      };
    }
    if (config.callsPerMinute !== null && !this.#rates.tryTake(scope, config.callsPerMinute)) {
      return {
        code: "rate_limited",
        rule: "callsPerMinute",
        message: `at most ${config.callsPerMinute} calls per minute are allowed for this server`,
        httpStatus: 429,
      };
    }
    return undefined;
  }

  async #callWithRetries(
    request: ExecuteRequest,
    config: EffectiveServerConfig,
    started: Started,
    startedAt: number,
  ): Promise<ExecuteResponse> {
    const key = { tenant: request.tenantId, server: config.server.id, ...this.#launchOf(config) };
    const maxAttempts = 1 + config.maxRetries;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.#runtime.use(
          key,
          (client, signal) =>
            client.callTool(
              { name: request.tool, arguments: request.arguments },
              { signal, timeoutMs: config.timeoutMs },
            ),
          { timeoutMs: config.timeoutMs, ...(request.signal ? { signal: request.signal } : {}) },
        );
        // Before serialising it: JSON.stringify itself overflows the stack some thousands deep.
        if (exceedsJsonDepth(result, MAX_JSON_DEPTH)) {
          return this.#finish(request.tenantId, started, startedAt, {
            httpStatus: 502,
            status: "failed",
            error: {
              code: "output_too_deep",
              message: `the tool's result nests deeper than ${MAX_JSON_DEPTH} levels`,
            },
            attempts: attempt,
          });
        }
        const resultJson = JSON.stringify(result);
        const size = Buffer.byteLength(resultJson);
        if (size > config.maxOutputBytes) {
          return this.#finish(request.tenantId, started, startedAt, {
            httpStatus: 502,
            status: "failed",
            error: {
              code: "output_too_large",
              rule: "maxOutputBytes",
              message: `the tool's result is ${size} bytes; the configuration allows ${config.maxOutputBytes}`,
            },
            attempts: attempt,
          });
        }
        return this.#finish(request.tenantId, started, startedAt, {
          httpStatus: 200,
          status: result.isError ? "failed" : "succeeded",
          result,
          resultJson,
          attempts: attempt,
        });
      } catch (error) {
        const failure = classifyFailure(error);
        if (failure.retryable && attempt < maxAttempts && !request.signal?.aborted) {
          this.#logger.warn(
            { executionId: started.id, attempt, code: failure.code },
            "tool call failed; retrying",
          );
          continue;
        }
        return this.#finish(request.tenantId, started, startedAt, {
          httpStatus: failure.httpStatus,
          status: failure.status,
          error: { code: failure.code, message: failure.message },
          attempts: attempt,
        });
      }
    }
  }

  /**
   * Finishes a call's `running` row. On a shared PostgreSQL database, another instance closes the
   * row as `interrupted` if this one's heartbeat was silent too long (a paused VM): the late finish
   * is then refused as a conflict. The caller still gets the real answer; the row keeps saying
   * `interrupted`, which is logged with the outcome the row does not show.
   */
  async #finishRunning(tenantId: string, id: string, final: FastExecutionOutcome) {
    try {
      await finishExecutionFast(this.#db, tenantId, id, final);
    } catch (error) {
      if (this.#instanceId === null || !isDbError(error) || error.code !== "conflict") throw error;
      // Only that case: any other conflict (a second finish, an unknown id) is a bug to surface.
      const row = await getExecution(this.#db, tenantId, id);
      if (row?.status !== "cancelled" || row.errorCode !== INTERRUPTED_ERROR_CODE) throw error;
      this.#logger.warn(
        { executionId: id, status: final.status, errorCode: final.errorCode ?? null },
        "this call's running row was closed as interrupted by another instance (was this one paused?); its outcome and usage are only in this log",
      );
    }
  }

  async #finish(
    tenantId: string,
    started: Started,
    startedAt: number,
    outcome: Outcome,
  ): Promise<ExecuteResponse> {
    const isError = outcome.result?.isError === true;
    const durationMs = performance.now() - startedAt;
    const final = {
      status: outcome.status,
      result: outcome.result ?? null,
      ...(outcome.resultJson === undefined ? {} : { resultJson: outcome.resultJson }),
      isError: outcome.result ? isError : null,
      errorCode: outcome.error?.code ?? (isError ? "tool_error" : null),
      errorMessage: outcome.error?.message ?? null,
      attempts: outcome.attempts,
      durationMs,
    };
    const running = started.settle();
    if (running) {
      await running;
      await this.#finishRunning(tenantId, started.id, final);
    } else {
      await this.#recordFinished(
        tenantId,
        { ...started.record, id: started.id, startedAt: started.startedAt },
        final,
      );
    }
    return {
      httpStatus: outcome.httpStatus,
      body: {
        execution_id: started.id,
        status: outcome.status,
        is_error: isError,
        result: outcome.result ?? null,
        error: outcome.error ?? null,
        attempts: outcome.attempts,
        duration_ms: Math.round(durationMs),
      },
    };
  }
}
