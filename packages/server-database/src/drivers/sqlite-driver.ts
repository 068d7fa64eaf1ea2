import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { DatabaseToolError } from "../errors.js";
import { toJsonValue } from "../values.js";
import { cancelledError, databaseError, onAbort, timeoutError } from "./abort.js";
import { SQLITE_CHILD_SOURCE } from "./sqlite-child-source.js";
import type { ColumnInfo, Driver, QueryResult, RunRequest } from "./types.js";

interface ChildReply {
  id?: number;
  ready?: boolean;
  openError?: string;
  error?: { code: "REJECTED" | "DATABASE"; message: string };
  columns?: ColumnInfo[];
  rows?: unknown[][];
  truncated?: boolean;
}

/**
 * SQLite through `better-sqlite3`, in a child process of its own: opened `readonly` (the file
 * must exist) with `PRAGMA query_only = ON`. `prepare()` refuses a second statement, a statement
 * that returns no rows is refused before it runs, and rows are read one at a time from the
 * statement's iterator, which is closed at the row limit. better-sqlite3 12 has no interrupt, so
 * the timeout and cancellation kill the child process (a new one opens for the next query); this
 * also keeps a long statement from blocking the server's event loop.
 *
 * @example
 * ```ts
 * const driver = await SqliteDriver.open("sqlite:./app.db");
 * await driver.run({ sql: "SELECT ? AS n", params: [1], maxRows: 1000, timeoutMs: 5000 });
 * ```
 */
export class SqliteDriver implements Driver {
  readonly dialect = "sqlite" as const;
  readonly placeholder = "?" as const;
  private child: Promise<ChildProcess> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private closed = false;

  private constructor(private readonly file: string) {}

  /** `sqlite:./file.db`, `sqlite:///abs/path.db`, `file:...` or a plain path to an existing file. */
  static async open(url: string): Promise<SqliteDriver> {
    const driver = new SqliteDriver(sqliteFilename(url));
    await driver.spawnChild(); // fail now, not at the first query, when the file is missing
    return driver;
  }

  run(request: RunRequest): Promise<QueryResult> {
    const next = this.queue.then(() => this.runNow(request));
    this.queue = next.catch(() => {});
    return next;
  }

  private async runNow(request: RunRequest): Promise<QueryResult> {
    if (request.signal?.aborted) throw cancelledError();
    if (this.closed) throw databaseError(new Error("the SQLite driver is closed"));
    const child = await this.spawnChild();
    const id = this.nextId++;
    return new Promise<QueryResult>((resolve, reject) => {
      const finish = (error: unknown, result?: QueryResult) => {
        clearTimeout(timer);
        dispose();
        child.off("message", onMessage);
        child.off("exit", onExit);
        child.channel?.unref();
        if (error) reject(error);
        else resolve(result as QueryResult);
      };
      const stop = (error: DatabaseToolError) => {
        this.kill(child);
        finish(error);
      };
      const timer = setTimeout(() => stop(timeoutError(request.timeoutMs)), request.timeoutMs);
      const dispose = onAbort(request.signal, () => stop(cancelledError()));
      const onExit = () => finish(databaseError(new Error("the SQLite process exited")));
      const onMessage = (reply: ChildReply) => {
        if (reply.id !== id) return;
        if (reply.error) {
          finish(
            reply.error.code === "REJECTED"
              ? new DatabaseToolError("REJECTED", reply.error.message)
              : databaseError(new Error(reply.error.message)),
          );
          return;
        }
        finish(undefined, {
          columns: reply.columns ?? [],
          rows: (reply.rows ?? []).map((row) => row.map(toJsonValue)),
          truncated: reply.truncated ?? false,
        });
      };
      child.on("message", onMessage);
      child.once("exit", onExit);
      child.channel?.ref(); // keep this process alive while a query is in flight
      child.send({ id, sql: request.sql, params: request.params ?? [], maxRows: request.maxRows });
    });
  }

  private spawnChild(): Promise<ChildProcess> {
    this.child ??= new Promise<ChildProcess>((resolve, reject) => {
      const require = createRequire(import.meta.url);
      const child = spawn(process.execPath, ["-e", SQLITE_CHILD_SOURCE], {
        stdio: ["ignore", "ignore", "inherit", "ipc"],
        serialization: "advanced", // carries bigint and binary values as they are
        env: { MCP_SQLITE_MODULE: require.resolve("better-sqlite3"), MCP_SQLITE_FILE: this.file },
      });
      child.once("message", (reply: ChildReply) => {
        if (reply.ready) {
          child.unref();
          child.channel?.unref();
          resolve(child);
        } else reject(databaseError(new Error(reply.openError ?? "SQLite failed to open")));
      });
      child.once("error", (error) => reject(databaseError(error)));
      child.once("exit", (code) => {
        reject(databaseError(new Error(`the SQLite process exited (${code}) before opening the database`)));
        if (this.child && this.current === child) this.child = undefined;
      });
      this.current = child;
    });
    this.child.catch(() => {
      this.child = undefined;
    });
    return this.child;
  }

  private current: ChildProcess | undefined;

  private kill(child: ChildProcess): void {
    if (this.current === child) this.child = undefined;
    child.kill("SIGKILL");
  }

  async close(): Promise<void> {
    this.closed = true;
    const child = this.current;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.ref(); // keep this process alive until the child is gone
      child.disconnect?.();
      child.kill("SIGTERM");
      await exited;
    }
  }
}

/** The file name inside a SQLite URL. */
export function sqliteFilename(url: string): string {
  if (url.startsWith("sqlite://")) return url.slice("sqlite://".length);
  if (url.startsWith("sqlite:")) return url.slice("sqlite:".length);
  if (url.startsWith("file:")) return url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
  return url;
}
