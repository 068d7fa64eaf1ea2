import { setMaxListeners } from "node:events";
import { isLocalError, LocalErrorCode, type Transport } from "@mcp/protocol/core";
import { isStdioProcessError, StdioErrorCode } from "../stdio/errors.js";
import {
  backoffDelay,
  type ResolvedRestartPolicy,
  type RestartPolicy,
  resolveRestartPolicy,
} from "./backoff.js";
import { isManagerError, ManagerError, ManagerErrorCode } from "./errors.js";
import { type LatencySummary, LatencyWindow } from "./latency-window.js";
import { ObservedTransport } from "./observed-transport.js";
import { TypedEmitter } from "./typed-emitter.js";

/**
 * What the manager needs from an MCP client: connect over a transport (initialize included) and
 * close. The `Client` of `@mcp/client` fits; so does any object with these two methods.
 */
export interface ManagedClient {
  connect(transport: Transport): Promise<void>;
  close(): Promise<void>;
}

/** The states of a {@link ManagedServer}. */
export type ServerState = "starting" | "ready" | "degraded" | "crashed" | "stopped";

/** Health checks of a managed server. */
export interface HealthCheckOptions<C> {
  /** Time between checks, in ms; 0 disables them. Default 30000. */
  intervalMs?: number;
  /** How long one check may take. Default 5000. */
  timeoutMs?: number;
  /** Consecutive failures that trigger a restart (the first failure marks the server degraded). Default 3. */
  failureThreshold?: number;
  /** The check itself. Default: `client.ping({ signal })` when the client has a `ping` method. */
  check?: (client: C, signal: AbortSignal) => Promise<unknown>;
}

/** Options of {@link ManagedServer}. */
export interface ManagedServerOptions<C extends ManagedClient> {
  /** A name for errors and events. Default "server". */
  name?: string;
  /** Makes a fresh transport for every (re)start, e.g. `() => new StdioClientTransport(params)`. */
  createTransport: () => Transport;
  /** Makes a fresh client for every (re)start. */
  createClient: () => C;
  /** How long a start (spawn + initialize) may take. Default 30000. */
  startTimeoutMs?: number;
  /** Automatic restart after a crash. */
  restart?: RestartPolicy;
  /** Health checks by ping; `false` disables them. */
  healthCheck?: HealthCheckOptions<C> | false;
  /** How many recent call latencies the p50/p95 figures cover. Default 1024. */
  latencyWindow?: number;
  /** Random source for the restart jitter (tests pass a fixed one). */
  random?: () => number;
}

/** Options of {@link ManagedServer.call}. */
export interface ManagedCallOptions {
  /** Fail the call (and abort its signal) after this many ms. */
  timeoutMs?: number;
  /** Abort the call from outside. */
  signal?: AbortSignal;
  /** While the server is starting or restarting, wait this long for it. Default: the start timeout. */
  waitForReadyMs?: number;
}

/** Counters and latency of a managed server. */
export interface ManagedServerStats {
  name: string;
  state: ServerState;
  /** Calls made through {@link ManagedServer.call}. */
  calls: number;
  /** Calls that failed (timeouts, crashes and server errors included). */
  errors: number;
  /** Calls that timed out. */
  timeouts: number;
  /** Restarts, automatic and requested. */
  restarts: number;
  /** Unexpected ends of the connection, failed health checks included. */
  crashes: number;
  /** Calls in flight now. */
  inFlight: number;
  /** Latency of successful calls over the recent window. */
  latency: LatencySummary;
  /** The server's pid when the transport has one (stdio). */
  pid: number | undefined;
}

/** Events of a {@link ManagedServer}. */
export interface ManagedServerEvents {
  state: { from: ServerState; to: ServerState; reason: string };
  crash: { error: ManagerError; inFlight: number };
  restarting: { attempt: number; delayMs: number };
  "gave-up": { attempts: number; error: ManagerError };
  health: { ok: boolean; consecutiveFailures: number; error?: Error };
}

interface Connection<C> {
  transport: Transport;
  client: C;
  generation: number;
  readyAt: number;
  lastError: Error | undefined;
  closedByUs: boolean;
  closing: Promise<void> | undefined;
  /** Aborted when this connection ends (crash, stop, restart): the shared signal of its calls. */
  abort: AbortController;
  closed: Promise<void>;
  markClosed: () => void;
}

interface InFlightCall {
  fail(error: Error): void;
}

interface ReadyWaiter {
  resolve(): void;
  reject(error: Error): void;
}

const noop = () => undefined;
// How long a call that failed on a broken connection waits for the crash to be reported.
const CRASH_GRACE_MS = 1000;

/**
 * One MCP server connection under management: start, stop, restart; states
 * `starting → ready ⇄ degraded → crashed → (restart) → ready`, or `stopped`. A crash fails every
 * in-flight call at once with a {@link ManagerError} `SERVER_CRASHED` (with the exit code and
 * stderr tail when the transport knows them), then restarts with exponential backoff and jitter
 * up to a limit. Health checks ping the server; a failure marks it degraded, `failureThreshold`
 * consecutive failures restart it. Counters and p50/p95 latency are in {@link stats}.
 *
 * @example
 * const server = new ManagedServer({
 *   name: "calculator",
 *   createTransport: () => new StdioClientTransport({ command: "npx", args: ["@mcp/server-calculator"] }),
 *   createClient: () => new Client({ name: "host", version: "1.0.0" }),
 *   restart: { maxAttempts: 5 },
 * });
 * server.events.on("state", ({ from, to }) => console.log(from, "→", to));
 * await server.start();
 * const result = await server.call((client, signal) => client.callTool({ name: "add", arguments: { a: 1, b: 2 } }, { signal }));
 * await server.stop();
 */
export class ManagedServer<C extends ManagedClient> {
  /** Typed events: `state`, `crash`, `restarting`, `gave-up`, `health`. */
  readonly events = new TypedEmitter<ManagedServerEvents>();
  readonly name: string;

  readonly #options: ManagedServerOptions<C>;
  readonly #policy: ResolvedRestartPolicy;
  readonly #startTimeoutMs: number;
  readonly #health: Required<Omit<HealthCheckOptions<C>, "check">> & Pick<HealthCheckOptions<C>, "check">;
  readonly #latency: LatencyWindow;
  #state: ServerState = "stopped";
  #wanted: "running" | "stopped" = "stopped";
  #generation = 0;
  #connection: Connection<C> | undefined;
  #starting: Promise<void> | undefined;
  #restartTimer: ReturnType<typeof setTimeout> | undefined;
  #restartAttempts = 0;
  #gaveUp: ManagerError | undefined;
  #healthTimer: ReturnType<typeof setInterval> | undefined;
  #healthFailures = 0;
  #healthInFlight = false;
  readonly #inFlight = new Set<InFlightCall>();
  readonly #readyWaiters = new Set<ReadyWaiter>();
  readonly #counters = { calls: 0, errors: 0, timeouts: 0, restarts: 0, crashes: 0 };

  constructor(options: ManagedServerOptions<C>) {
    this.#options = options;
    this.name = options.name ?? "server";
    this.#policy = resolveRestartPolicy(options.restart);
    this.#startTimeoutMs = options.startTimeoutMs ?? 30_000;
    const health = options.healthCheck === false ? { intervalMs: 0 } : (options.healthCheck ?? {});
    this.#health = {
      intervalMs: health.intervalMs ?? 30_000,
      timeoutMs: health.timeoutMs ?? 5_000,
      failureThreshold: Math.max(1, health.failureThreshold ?? 3),
      check: health.check,
    };
    this.#latency = new LatencyWindow(options.latencyWindow ?? 1024);
  }

  /** The current state. */
  get state(): ServerState {
    return this.#state;
  }

  /** The connected client while the server is ready or degraded. */
  get client(): C | undefined {
    return this.#state === "ready" || this.#state === "degraded" ? this.#connection?.client : undefined;
  }

  /** The current transport (the one the client was given is a wrapper around it). */
  get transport(): Transport | undefined {
    return this.#connection?.transport;
  }

  /** True when automatic restart gave up after a crash; `start()` or `restart()` tries again. */
  get gaveUp(): boolean {
    return this.#gaveUp !== undefined;
  }

  /**
   * Starts the server and resolves once it is initialized. Concurrent calls share one start.
   * Rejects with `START_FAILED` / `START_TIMEOUT` (no automatic retry of a first start).
   */
  async start(): Promise<void> {
    this.#wanted = "running";
    if (this.#state === "ready" || this.#state === "degraded") return;
    if (this.#starting) return this.#starting;
    this.#clearRestartTimer();
    this.#gaveUp = undefined;
    this.#restartAttempts = 0;
    await this.#launch("start", true);
  }

  /**
   * Stops the server: in-flight and waiting calls fail with `SERVER_STOPPED`, automatic restart
   * is cancelled, and the transport is closed (for stdio: stdin end, SIGTERM, SIGKILL to the group).
   */
  async stop(): Promise<void> {
    this.#wanted = "stopped";
    this.#generation++;
    this.#clearRestartTimer();
    this.#stopHealthTimer();
    const connection = this.#connection;
    this.#connection = undefined;
    const error = new ManagerError(ManagerErrorCode.ServerStopped, `MCP server "${this.name}" was stopped`);
    this.#failInFlight(error);
    this.#rejectReadyWaiters(error);
    const starting = this.#starting;
    this.#setState("stopped", "stop requested");
    if (connection) await this.#closeConnection(connection);
    if (starting) await starting.catch(noop);
  }

  /**
   * Replaces the running process with a fresh one. In-flight calls fail with `SERVER_STOPPED`.
   * Resets the automatic restart attempts.
   */
  async restart(): Promise<void> {
    this.#wanted = "running";
    this.#clearRestartTimer();
    this.#stopHealthTimer();
    this.#gaveUp = undefined;
    this.#restartAttempts = 0;
    const connection = this.#connection;
    this.#connection = undefined;
    this.#generation++;
    this.#failInFlight(
      new ManagerError(ManagerErrorCode.ServerStopped, `MCP server "${this.name}" is restarting`),
    );
    const starting = this.#starting;
    if (connection) await this.#closeConnection(connection);
    if (starting) await starting.catch(noop);
    this.#counters.restarts++;
    await this.#launch("restart requested", true);
  }

  /**
   * Runs `fn` with the connected client, counted and timed. Waits for a starting or restarting
   * server (up to `waitForReadyMs`). If the server crashes meanwhile, the returned promise rejects
   * at once with `SERVER_CRASHED` and `signal` is aborted.
   */
  call<T>(fn: (client: C, signal: AbortSignal) => Promise<T>, options: ManagedCallOptions = {}): Promise<T> {
    // Fast path registers the call synchronously, so a crash right after this line still fails it.
    const connection = this.#readyConnection();
    if (connection) return this.#run(connection, fn, options);
    const deadline = Date.now() + (options.waitForReadyMs ?? this.#startTimeoutMs);
    return (async () => {
      for (;;) {
        await this.#whenReady(Math.max(0, deadline - Date.now()), options.signal);
        // The server may have crashed again between "ready" and this line: wait again if so.
        const ready = this.#readyConnection();
        if (ready) return this.#run(ready, fn, options);
      }
    })();
  }

  #readyConnection(): Connection<C> | undefined {
    return this.#state === "ready" || this.#state === "degraded" ? this.#connection : undefined;
  }

  #run<T>(
    connection: Connection<C>,
    fn: (client: C, signal: AbortSignal) => Promise<T>,
    options: ManagedCallOptions,
  ): Promise<T> {
    const client = connection.client;
    this.#counters.calls++;
    // An AbortSignal costs more than the rest of the call's bookkeeping (and GC work), so a call
    // gets its own only when it can be aborted alone (timeout, caller's signal); otherwise it
    // shares the connection's, which is aborted on crash, stop and restart.
    const controller =
      options.timeoutMs !== undefined || options.signal !== undefined ? new AbortController() : undefined;
    const signal = controller?.signal ?? connection.abort.signal;
    const started = performance.now();
    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const settle = (ok: boolean, value: unknown) => {
        if (!this.#inFlight.delete(entry)) return;
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
        if (ok) {
          this.#latency.record(performance.now() - started);
          resolve(value as T);
          return;
        }
        this.#counters.errors++;
        if (isTimeout(value)) this.#counters.timeouts++;
        controller?.abort(value);
        reject(value);
      };
      const entry: InFlightCall = { fail: (error) => settle(false, error) };
      const onAbort = () =>
        settle(
          false,
          new ManagerError(ManagerErrorCode.CallAborted, `Call to MCP server "${this.name}" was aborted`, {
            cause: options.signal?.reason,
          }),
        );
      this.#inFlight.add(entry);
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener("abort", onAbort, { once: true });
      if (options.timeoutMs !== undefined) {
        timer = setTimeout(
          () =>
            settle(
              false,
              new ManagerError(
                ManagerErrorCode.CallTimeout,
                `Call to MCP server "${this.name}" timed out after ${options.timeoutMs} ms`,
              ),
            ),
          options.timeoutMs,
        );
      }
      let pending: Promise<T>;
      try {
        pending = fn(client, signal);
      } catch (error) {
        pending = Promise.reject(error);
      }
      Promise.resolve(pending).then(
        (value) => settle(true, value),
        (error: unknown) => {
          // A write that failed because the process just died (EPIPE) reaches the caller before
          // the exit is reported. Give the crash a moment to be detected, so every call of one
          // crash fails the same clear way (SERVER_CRASHED, with exit code and stderr tail).
          if (!isConnectionFailure(error)) return settle(false, error);
          let grace: ReturnType<typeof setTimeout> | undefined;
          void Promise.race([
            connection.closed,
            new Promise<void>((resolve) => {
              grace = setTimeout(resolve, CRASH_GRACE_MS);
            }),
          ]).then(() => {
            clearTimeout(grace);
            settle(false, error);
          });
        },
      );
    });
  }

  /**
   * Runs one health check now (the timer runs them every `intervalMs`). Resolves true when it
   * passed. A failure marks the server degraded; `failureThreshold` consecutive failures restart it.
   */
  async checkHealth(): Promise<boolean> {
    const connection = this.#connection;
    if (!connection || (this.#state !== "ready" && this.#state !== "degraded") || this.#healthInFlight) {
      return false;
    }
    this.#healthInFlight = true;
    let failure: Error | undefined;
    try {
      await this.#runHealthCheck(connection.client);
    } catch (error) {
      failure = toError(error);
    } finally {
      this.#healthInFlight = false;
    }
    if (connection !== this.#connection) return false;
    if (!failure) {
      this.#healthFailures = 0;
      this.events.emit("health", { ok: true, consecutiveFailures: 0 });
      if (this.#state === "degraded") this.#setState("ready", "health check passed");
      return true;
    }
    this.#healthFailures++;
    this.events.emit("health", { ok: false, consecutiveFailures: this.#healthFailures, error: failure });
    if (this.#healthFailures >= this.#health.failureThreshold) {
      this.#handleCrash(
        connection,
        new ManagerError(
          ManagerErrorCode.ServerCrashed,
          `MCP server "${this.name}" failed ${this.#healthFailures} health checks in a row: ${failure.message}`,
          { cause: failure },
        ),
      );
    } else if (this.#state === "ready") {
      this.#setState("degraded", `health check failed: ${failure.message}`);
    }
    return false;
  }

  /** Counters, state and latency figures. */
  stats(): ManagedServerStats {
    const pid = (this.#connection?.transport as { pid?: unknown } | undefined)?.pid;
    return {
      name: this.name,
      state: this.#state,
      ...this.#counters,
      inFlight: this.#inFlight.size,
      latency: this.#latency.summary(),
      pid: typeof pid === "number" ? pid : undefined,
    };
  }

  #launch(reason: string, userInitiated: boolean): Promise<void> {
    const generation = ++this.#generation;
    this.#setState("starting", reason);
    const launching = this.#connect(generation).then(
      () => {
        if (generation !== this.#generation) return;
        this.#healthFailures = 0;
        this.#setState("ready", reason);
        this.#startHealthTimer();
      },
      (error: unknown) => {
        if (generation === this.#generation && this.#wanted === "running") {
          if (userInitiated) {
            // A start or restart the caller asked for is not retried: the caller gets the error,
            // and so does every call waiting for this start.
            this.#wanted = "stopped";
            this.#rejectReadyWaiters(toError(error));
            this.#setState("stopped", toError(error).message);
          } else {
            this.#setState("crashed", toError(error).message);
          }
        }
        throw error;
      },
    );
    this.#starting = launching;
    launching.then(
      () => this.#clearStarting(launching),
      () => this.#clearStarting(launching),
    );
    return launching;
  }

  #clearStarting(launching: Promise<void>): void {
    if (this.#starting === launching) this.#starting = undefined;
  }

  async #connect(generation: number): Promise<void> {
    let markClosed: () => void = noop;
    const closed = new Promise<void>((resolve) => {
      markClosed = resolve;
    });
    const transport = this.#options.createTransport();
    const connection: Connection<C> = {
      transport,
      client: undefined as unknown as C,
      generation,
      readyAt: 0,
      lastError: undefined,
      closedByUs: false,
      closing: undefined,
      abort: sharedAbortController(),
      closed,
      markClosed,
    };
    const observed = new ObservedTransport(transport, {
      onclose: () => this.#onConnectionClosed(connection),
      onerror: (error) => {
        connection.lastError = error;
      },
    });
    connection.client = this.#options.createClient();
    this.#connection = connection;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        connection.client.connect(observed),
        closed.then(() => {
          throw new Error(connection.lastError?.message ?? "the connection closed during initialization");
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new ManagerError(
                  ManagerErrorCode.StartTimeout,
                  `MCP server "${this.name}" did not start within ${this.#startTimeoutMs} ms${stderrSuffix(transport)}`,
                ),
              ),
            this.#startTimeoutMs,
          );
        }),
      ]);
    } catch (error) {
      if (this.#connection === connection) this.#connection = undefined;
      await this.#closeConnection(connection);
      if (generation !== this.#generation) throw this.#supersededError();
      if (isManagerErrorWithCode(error, ManagerErrorCode.StartTimeout)) throw error;
      throw new ManagerError(
        ManagerErrorCode.StartFailed,
        `MCP server "${this.name}" failed to start: ${toError(error).message}${stderrSuffix(transport)}`,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
    if (generation !== this.#generation) {
      await this.#closeConnection(connection);
      throw this.#supersededError();
    }
    connection.readyAt = Date.now();
  }

  #supersededError(): ManagerError {
    return new ManagerError(
      ManagerErrorCode.ServerStopped,
      `MCP server "${this.name}" was ${this.#wanted === "stopped" ? "stopped" : "restarted"} while starting`,
    );
  }

  #onConnectionClosed(connection: Connection<C>): void {
    connection.markClosed();
    if (connection.closedByUs || connection !== this.#connection || this.#state === "starting") return;
    const detail = connection.lastError?.message ?? "the connection closed";
    this.#handleCrash(
      connection,
      new ManagerError(ManagerErrorCode.ServerCrashed, `MCP server "${this.name}" crashed: ${detail}`, {
        cause: connection.lastError,
        data: { exit: (connection.transport as { exitInfo?: unknown }).exitInfo },
      }),
    );
  }

  #handleCrash(connection: Connection<C>, error: ManagerError): void {
    if (connection !== this.#connection) return;
    this.#connection = undefined;
    this.#stopHealthTimer();
    this.#counters.crashes++;
    const inFlight = this.#inFlight.size;
    connection.abort.abort(error);
    this.#failInFlight(error);
    this.#setState("crashed", error.message);
    this.events.emit("crash", { error, inFlight });
    void this.#closeConnection(connection);
    this.#scheduleRestart(error, Date.now() - connection.readyAt);
  }

  #scheduleRestart(error: Error, uptimeMs: number): void {
    if (this.#wanted !== "running") return;
    if (uptimeMs >= this.#policy.resetAfterMs) this.#restartAttempts = 0;
    if (!this.#policy.enabled || this.#restartAttempts >= this.#policy.maxAttempts) {
      this.#giveUp(error);
      return;
    }
    const attempt = ++this.#restartAttempts;
    const delayMs = backoffDelay(attempt, this.#policy, this.#options.random);
    this.events.emit("restarting", { attempt, delayMs });
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = undefined;
      if (this.#wanted !== "running") return;
      this.#counters.restarts++;
      this.#launch(`restart attempt ${attempt}`, false).catch((launchError: unknown) => {
        if (this.#wanted === "running" && this.#state === "crashed")
          this.#scheduleRestart(toError(launchError), 0);
      });
    }, delayMs);
    this.#restartTimer.unref?.();
  }

  #giveUp(error: Error): void {
    const attempts = this.#restartAttempts;
    this.#gaveUp = new ManagerError(
      ManagerErrorCode.ServerUnavailable,
      this.#policy.enabled
        ? `MCP server "${this.name}" is down: gave up after ${attempts} restart attempts (${error.message})`
        : `MCP server "${this.name}" is down and automatic restart is disabled (${error.message})`,
      { cause: error },
    );
    this.#rejectReadyWaiters(this.#gaveUp);
    this.events.emit("gave-up", { attempts, error: this.#gaveUp });
  }

  #whenReady(timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.#readyConnection()) return Promise.resolve();
    if (this.#wanted === "stopped") {
      return Promise.reject(
        new ManagerError(
          ManagerErrorCode.ServerStopped,
          `MCP server "${this.name}" is stopped; start() it first`,
        ),
      );
    }
    if (this.#gaveUp) return Promise.reject(this.#gaveUp);
    if (signal?.aborted) {
      return Promise.reject(
        new ManagerError(ManagerErrorCode.CallAborted, `Call to MCP server "${this.name}" was aborted`, {
          cause: signal.reason,
        }),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        this.#readyWaiters.delete(waiter);
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const waiter: ReadyWaiter = {
        resolve: () => {
          done();
          resolve();
        },
        reject: (error) => {
          done();
          reject(error);
        },
      };
      const onAbort = () =>
        waiter.reject(
          new ManagerError(ManagerErrorCode.CallAborted, `Call to MCP server "${this.name}" was aborted`, {
            cause: signal?.reason,
          }),
        );
      const timer = setTimeout(
        () =>
          waiter.reject(
            new ManagerError(
              ManagerErrorCode.StartTimeout,
              `MCP server "${this.name}" was not ready within ${timeoutMs} ms (state: ${this.#state})`,
            ),
          ),
        timeoutMs,
      );
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#readyWaiters.add(waiter);
    });
  }

  #rejectReadyWaiters(error: Error): void {
    for (const waiter of [...this.#readyWaiters]) waiter.reject(error);
  }

  #failInFlight(error: Error): void {
    for (const call of [...this.#inFlight]) call.fail(error);
  }

  #setState(to: ServerState, reason: string): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    this.events.emit("state", { from, to, reason });
    if (to === "ready" || to === "degraded") {
      for (const waiter of [...this.#readyWaiters]) waiter.resolve();
    }
  }

  #closeConnection(connection: Connection<C>): Promise<void> {
    connection.closedByUs = true;
    if (!connection.abort.signal.aborted) {
      connection.abort.abort(
        new ManagerError(ManagerErrorCode.ServerStopped, `MCP server "${this.name}" connection closed`),
      );
    }
    connection.closing ??= (async () => {
      try {
        await connection.client.close();
      } catch {
        // Closing a client whose process already died may fail; the transport close below is what counts.
      }
      try {
        await connection.transport.close();
      } catch {
        // Same: nothing more to do for a transport that cannot close.
      }
    })();
    return connection.closing;
  }

  async #runHealthCheck(client: C): Promise<void> {
    const controller = new AbortController();
    const check =
      this.#health.check ??
      ((c: C, signal: AbortSignal) => {
        const ping = (c as { ping?: (options?: { signal?: AbortSignal }) => Promise<unknown> }).ping;
        if (typeof ping !== "function") return Promise.resolve();
        return ping.call(c, { signal });
      });
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        check(client, controller.signal),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            const error = new Error(`health check timed out after ${this.#health.timeoutMs} ms`);
            controller.abort(error);
            reject(error);
          }, this.#health.timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  #startHealthTimer(): void {
    this.#stopHealthTimer();
    if (this.#health.intervalMs <= 0) return;
    this.#healthTimer = setInterval(() => void this.checkHealth(), this.#health.intervalMs);
    this.#healthTimer.unref?.();
  }

  #stopHealthTimer(): void {
    if (this.#healthTimer) clearInterval(this.#healthTimer);
    this.#healthTimer = undefined;
  }

  #clearRestartTimer(): void {
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    this.#restartTimer = undefined;
  }
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

function isTimeout(error: unknown): boolean {
  return (
    isManagerErrorWithCode(error, ManagerErrorCode.CallTimeout) ||
    (isLocalError(error) && error.code === LocalErrorCode.RequestTimeout)
  );
}

// One listener per in-flight request sits on the connection's shared signal: many is normal.
function sharedAbortController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

// Errors that mean "the connection broke" rather than "the server answered with an error".
function isConnectionFailure(error: unknown): boolean {
  if (isLocalError(error)) {
    return error.code === LocalErrorCode.ConnectionClosed || error.code === LocalErrorCode.NotConnected;
  }
  return (
    isStdioProcessError(error) &&
    (error.code === StdioErrorCode.WriteFailed ||
      error.code === StdioErrorCode.ProcessExited ||
      error.code === StdioErrorCode.NotConnected)
  );
}

function isManagerErrorWithCode(error: unknown, code: string): boolean {
  return isManagerError(error) && error.code === code;
}

function stderrSuffix(transport: Transport): string {
  const tail = (transport as { stderrTail?: unknown }).stderrTail;
  if (typeof tail !== "string" || tail.trim() === "") return "";
  return `; stderr tail:\n${tail.trim().slice(-2000)}`;
}
