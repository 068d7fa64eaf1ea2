// Task-augmented requests (MCP 2025-11-25, experimental): the receiver answers at once with a
// task, runs the work in the background and keeps the outcome until the task's TTL ends.
import {
  ErrorCode,
  ProtocolError,
  type Result,
  type Task,
  type TaskStatus,
  toWireError,
} from "@mcp/protocol";
import { paginate } from "../pagination.js";

/** Retention and polling settings of tasks. */
export interface TaskOptions {
  /** TTL when the request asked for none; default 5 minutes. */
  defaultTtlMs?: number;
  /** Upper bound of a requested TTL; default 1 hour. */
  maxTtlMs?: number;
  /** Suggested polling interval; default 500 ms. */
  pollIntervalMs?: number;
}

/** The key of the related-task `_meta` entry. */
export const RELATED_TASK_META_KEY = "io.modelcontextprotocol/related-task";

const TERMINAL = new Set<TaskStatus>(["completed", "failed", "cancelled"]);

type Outcome = { ok: true; result: Result } | { ok: false; error: ProtocolError };

interface TaskRecord {
  task: Task;
  controller: AbortController;
  settled: Promise<void>;
  settle: () => void;
  outcome?: Outcome;
  expiry: ReturnType<typeof setTimeout>;
}

/** Internal: the tasks of one session. */
export class TaskManager {
  readonly #tasks = new Map<string, TaskRecord>();
  readonly #defaultTtl: number;
  readonly #maxTtl: number;
  readonly #pollInterval: number;

  constructor(
    options: TaskOptions,
    private readonly notify: (task: Task) => void,
  ) {
    this.#defaultTtl = options.defaultTtlMs ?? 300_000;
    this.#maxTtl = options.maxTtlMs ?? 3_600_000;
    this.#pollInterval = options.pollIntervalMs ?? 500;
  }

  /**
   * Creates a `working` task and starts `work` with an AbortSignal that `cancel()` aborts.
   * A JSON-RPC error thrown by the work fails the task; any result (even `isError`) completes it.
   */
  start(
    requestedTtl: number | undefined,
    work: (signal: AbortSignal, taskId: string) => Promise<Result>,
  ): Task {
    const now = new Date().toISOString();
    const ttl = Math.min(Math.max(0, Math.floor(requestedTtl ?? this.#defaultTtl)), this.#maxTtl);
    const taskId = globalThis.crypto.randomUUID();
    const task: Task = {
      taskId,
      status: "working",
      createdAt: now,
      lastUpdatedAt: now,
      ttl,
      pollInterval: this.#pollInterval,
    };
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const expiry = setTimeout(() => this.#expire(taskId), ttl);
    (expiry as { unref?: () => void }).unref?.();
    const record: TaskRecord = { task, controller: new AbortController(), settled, settle, expiry };
    this.#tasks.set(taskId, record);
    // Started on a later tick so the CreateTaskResult goes out before any status notification.
    queueMicrotask(() => {
      work(record.controller.signal, taskId).then(
        (result) => this.#finish(record, { ok: true, result }, "completed"),
        (error: unknown) => {
          const wire = toWireError(error);
          const protocolError = new ProtocolError(wire.code, wire.message, wire.data);
          this.#finish(record, { ok: false, error: protocolError }, "failed", wire.message);
        },
      );
    });
    return { ...task };
  }

  /** The task's current state (`tasks/get`). */
  get(taskId: string): Task {
    return { ...this.#record(taskId).task };
  }

  /** Waits for a terminal status, then returns the result or throws the error (`tasks/result`). */
  async result(taskId: string): Promise<Result> {
    const record = this.#record(taskId);
    await record.settled;
    const outcome = record.outcome;
    if (outcome === undefined) {
      const why = record.task.status === "cancelled" ? "was cancelled" : "expired before it finished";
      throw new ProtocolError(ErrorCode.InvalidParams, `Task ${taskId} ${why}`);
    }
    if (!outcome.ok) throw outcome.error;
    const meta = {
      ...(outcome.result._meta as Record<string, unknown> | undefined),
      [RELATED_TASK_META_KEY]: { taskId },
    };
    return { ...outcome.result, _meta: meta };
  }

  /** A page of this session's tasks (`tasks/list`). */
  list(cursor: string | undefined, pageSize: number): { tasks: Task[]; nextCursor?: string } {
    const page = paginate([...this.#tasks.values()], {
      cursor,
      pageSize,
      keyOf: (record) => record.task.taskId,
    });
    const tasks = page.items.map((record) => ({ ...record.task }));
    return page.nextCursor === undefined ? { tasks } : { tasks, nextCursor: page.nextCursor };
  }

  /**
   * Marks a running task `input_required` while `wait` (a request to the client) is pending,
   * then `working` again, so pollers see why it is not progressing.
   */
  async awaitInput<T>(taskId: string, wait: () => Promise<T>): Promise<T> {
    const record = this.#tasks.get(taskId);
    if (record?.task.status === "working") this.#update(record, "input_required");
    try {
      return await wait();
    } finally {
      if (record?.task.status === "input_required") this.#update(record, "working");
    }
  }

  /** Cancels a running task; a task already terminal is a -32602 error (`tasks/cancel`). */
  cancel(taskId: string): Task {
    const record = this.#record(taskId);
    if (TERMINAL.has(record.task.status)) {
      throw new ProtocolError(
        ErrorCode.InvalidParams,
        `Task ${taskId} is already ${record.task.status} and cannot be cancelled`,
      );
    }
    this.#update(record, "cancelled", "Cancelled by the client");
    record.controller.abort(new Error("Task cancelled"));
    record.settle();
    return { ...record.task };
  }

  /** Aborts every running task and forgets them all (session closed). */
  close(): void {
    for (const record of this.#tasks.values()) {
      clearTimeout(record.expiry);
      record.controller.abort(new Error("Session closed"));
      record.settle();
    }
    this.#tasks.clear();
  }

  #finish(record: TaskRecord, outcome: Outcome, status: TaskStatus, message?: string): void {
    if (TERMINAL.has(record.task.status)) return;
    record.outcome = outcome;
    this.#update(record, status, message);
    record.settle();
  }

  #update(record: TaskRecord, status: TaskStatus, message?: string): void {
    record.task.status = status;
    record.task.lastUpdatedAt = new Date().toISOString();
    if (message === undefined) delete record.task.statusMessage;
    else record.task.statusMessage = message;
    if (this.#tasks.get(record.task.taskId) === record) this.notify({ ...record.task });
  }

  #expire(taskId: string): void {
    const record = this.#tasks.get(taskId);
    if (!record) return;
    this.#tasks.delete(taskId);
    record.controller.abort(new Error("Task expired"));
    record.settle();
  }

  #record(taskId: string): TaskRecord {
    const record = this.#tasks.get(taskId);
    if (!record) throw new ProtocolError(ErrorCode.InvalidParams, `Unknown task: ${taskId}`);
    return record;
  }
}
