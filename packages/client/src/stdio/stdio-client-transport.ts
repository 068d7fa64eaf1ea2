import {
  DEFAULT_MAX_MESSAGE_BYTES,
  encodeNdjson,
  type JSONRPCMessage,
  type MessageExtra,
  type Transport,
  type TransportSendOptions,
} from "@mcp/protocol/core";
import type { ResultPromise } from "execa";
import { buildServerEnvironment } from "./environment.js";
import { describeExit, type ProcessExitInfo, StdioErrorCode, StdioProcessError } from "./errors.js";
import { LineBatchWriter } from "./line-batch-writer.js";
import {
  livingGroupMembers,
  signalProcessGroup,
  trackProcessGroup,
  untrackProcessGroup,
} from "./process-group.js";
import { TextRingBuffer } from "./ring-buffer.js";
import { StdoutMessageReader } from "./stdout-message-reader.js";

/** How long each step of {@link StdioClientTransport.close} waits before the next, harsher one. */
export interface StdioCloseTimeouts {
  /** After ending stdin, how long the server may take to exit on its own. Default 2000 ms. */
  stdinEndMs?: number;
  /** After SIGTERM to the process group, how long before SIGKILL. Default 2000 ms. */
  sigtermMs?: number;
  /** After SIGKILL, how long to wait for the exit to be reported. Default 2000 ms. */
  sigkillMs?: number;
}

/** How to start a stdio MCP server. The command runs with no shell; arguments are passed as-is. */
export interface StdioServerParameters {
  /** The executable (looked up on PATH). Never interpreted by a shell. */
  command: string;
  /** Arguments, passed verbatim. */
  args?: readonly string[];
  /** Variables added to the minimal inherited environment (HOME, LOGNAME, PATH, SHELL, TERM, USER). */
  env?: Record<string, string>;
  /** Working directory of the server. */
  cwd?: string;
  /** How many characters of stderr to keep for diagnostics. Default 65536. */
  stderrBufferSize?: number;
  /** Called with every stderr chunk, as it arrives. */
  onStderr?: (text: string) => void;
  /** Timeouts of the close sequence. */
  closeTimeouts?: StdioCloseTimeouts;
  /** Longest stdout line accepted, in bytes; longer lines are reported and dropped. Default 16 MiB. */
  maxMessageBytes?: number;
}

/** The life of a {@link StdioClientTransport}. */
export type StdioTransportState = "new" | "starting" | "open" | "closing" | "closed";

const DEFAULT_TIMEOUTS: Required<StdioCloseTimeouts> = { stdinEndMs: 2000, sigtermMs: 2000, sigkillMs: 2000 };
// After the leader exits, its stdout may still hold unread messages: wait this long for the pipes
// to drain. A grandchild that inherited stdout can keep them open forever, hence the bound.
const STDIO_DRAIN_MS = 250;
const GROUP_POLL_MS = 20;

let execaModule: Promise<typeof import("execa")> | undefined;
function loadExeca(): Promise<typeof import("execa")> {
  execaModule ??= import("execa").catch((error: unknown) => {
    execaModule = undefined;
    throw error;
  });
  return execaModule;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The client side of the stdio transport: starts an MCP server as a child process and exchanges
 * newline-delimited JSON-RPC over its stdin/stdout.
 *
 * The child is spawned through execa with no shell and `detached`, so it leads its own process
 * group: `close()` ends stdin, then sends SIGTERM and finally SIGKILL to the whole group, so
 * grandchildren die too. An unexpected exit kills what is left of the group, reports an
 * {@link StdioProcessError} (code, signal, stderr tail) to `onerror`, then calls `onclose`.
 * Garbage on stdout is reported to `onerror` and skipped; the stream goes on.
 *
 * @example
 * const transport = new StdioClientTransport({ command: "node", args: ["server.js"], env: { TOKEN: "t" } });
 * transport.onmessage = (message) => console.log(message);
 * transport.onclose = () => console.log("closed", transport.exitInfo);
 * await transport.start();
 * await transport.send({ jsonrpc: "2.0", id: 1, method: "ping" });
 * await transport.close();
 */
export class StdioClientTransport implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtra) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;

  readonly #params: StdioServerParameters;
  readonly #timeouts: Required<StdioCloseTimeouts>;
  readonly #stderr: TextRingBuffer;
  readonly #reader: StdoutMessageReader;
  #state: StdioTransportState = "new";
  #child: ResultPromise | undefined;
  #writer: LineBatchWriter | undefined;
  #pid: number | undefined;
  #exit: ProcessExitInfo | undefined;
  #closeRequested = false;
  #sigtermAt: number | undefined;
  #closing: Promise<void> | undefined;
  #starting: Promise<void> | undefined;
  #finalized = false;
  #exited: Promise<void>;
  #resolveExited!: () => void;
  #stdioClosed: Promise<void>;
  #resolveStdioClosed!: () => void;

  constructor(params: StdioServerParameters) {
    this.#params = params;
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...params.closeTimeouts };
    this.#stderr = new TextRingBuffer(params.stderrBufferSize ?? 65_536);
    this.#reader = new StdoutMessageReader({
      maxMessageBytes: params.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      onMessage: (message) => this.#deliver(message),
      onInvalid: (error) => this.#reportError(error),
    });
    this.#exited = new Promise((resolve) => {
      this.#resolveExited = resolve;
    });
    this.#stdioClosed = new Promise((resolve) => {
      this.#resolveStdioClosed = resolve;
    });
  }

  /** Where the transport is in its life. */
  get state(): StdioTransportState {
    return this.#state;
  }

  /** The server's pid (also its process group id) once started. */
  get pid(): number | undefined {
    return this.#pid;
  }

  /** The last characters the server wrote on stderr. */
  get stderrTail(): string {
    return this.#stderr.toString();
  }

  /** How the process ended, once it has. */
  get exitInfo(): ProcessExitInfo | undefined {
    return this.#exit;
  }

  /**
   * Spawns the server. Resolves once the process runs; rejects with a
   * {@link StdioProcessError} `SPAWN_FAILED` when it cannot be started.
   */
  start(): Promise<void> {
    if (this.#state !== "new") {
      return Promise.reject(
        new StdioProcessError(StdioErrorCode.AlreadyStarted, "StdioClientTransport already started"),
      );
    }
    this.#state = "starting";
    this.#starting = this.#start();
    return this.#starting;
  }

  async #start(): Promise<void> {
    const { command, args = [], env, cwd } = this.#params;
    let child: ResultPromise;
    try {
      // execa is loaded when the first server starts, not when the client is imported: it is most
      // of this entry's import time, and a client that never spawns should not pay for it.
      const { execa } = await loadExeca();
      child = execa(command, [...args], {
        shell: false,
        detached: true,
        cwd,
        env: buildServerEnvironment(env),
        extendEnv: false,
        stdin: "pipe",
        stdout: "pipe",
        stderr: "pipe",
        buffer: false,
        reject: false,
        windowsHide: true,
        forceKillAfterDelay: false,
      });
    } catch (cause) {
      this.#state = "closed";
      // Nothing runs, so nothing will exit: a close() after this must not wait for an exit.
      this.#finalized = true;
      this.#resolveExited();
      throw new StdioProcessError(StdioErrorCode.SpawnFailed, `Cannot start MCP server "${command}"`, {
        cause,
      });
    }
    this.#child = child;
    if (child.stdin) {
      this.#writer = new LineBatchWriter(child.stdin, {
        mapError: (error) =>
          new StdioProcessError(
            StdioErrorCode.WriteFailed,
            `Cannot write to MCP server "${this.#params.command}": ${error.message}`,
            { cause: error, exit: this.#exit },
          ),
      });
    }
    // execa's promise settles when the process ends; with reject:false it never rejects, but a
    // handler guarantees no unhandled rejection whatever happens.
    child.then(
      () => undefined,
      () => undefined,
    );
    // Every stream gets an error listener: an unhandled 'error' (EPIPE when the server dies
    // mid-write) would otherwise crash the host.
    child.stdin?.on("error", (error) => this.#onStreamError("stdin", error));
    child.stdout?.on("error", (error) => this.#onStreamError("stdout", error));
    child.stderr?.on("error", (error) => this.#onStreamError("stderr", error));
    child.stdout?.on("data", (chunk: Buffer) => this.#reader.push(chunk));
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (text: string) => {
      this.#stderr.write(text);
      this.#params.onStderr?.(text);
    });
    child.once("close", () => this.#resolveStdioClosed());
    child.once("exit", (code, signal) => this.#onExit(code, signal));

    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    }).catch((cause: unknown) => {
      this.#state = "closed";
      this.#finalized = true;
      this.#resolveExited();
      throw new StdioProcessError(
        StdioErrorCode.SpawnFailed,
        `Cannot start MCP server "${command}": ${(cause as Error).message}`,
        { cause },
      );
    });
    this.#pid = child.pid;
    if (this.#pid !== undefined) trackProcessGroup(this.#pid);
    if (this.#state === "starting") this.#state = "open";
  }

  /**
   * Writes one message as a line on the server's stdin; resolves once it is handed to the OS.
   * Messages sent in the same tick go out in one write (see {@link LineBatchWriter}).
   */
  send(message: JSONRPCMessage, _options?: TransportSendOptions): Promise<void> {
    const stdin = this.#child?.stdin;
    const writer = this.#writer;
    if (this.#state !== "open" || !stdin || !writer || stdin.destroyed || !stdin.writable) {
      return Promise.reject(this.#notConnectedError());
    }
    let line: string;
    try {
      line = encodeNdjson(message);
    } catch (cause) {
      return Promise.reject(cause);
    }
    return writer.write(line);
  }

  /**
   * Stops the server: end stdin and wait, then SIGTERM to the process group and wait, then SIGKILL
   * to the group; leftover grandchildren are reaped the same way. Resolves once the process is gone
   * and `onclose` has been called. Safe to call many times and after a crash.
   */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    this.#closing = this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    if (this.#state === "new") {
      this.#state = "closed";
      this.#finalized = true;
      this.onclose?.();
      return;
    }
    if (this.#state === "starting") {
      // Let the spawn settle so there is a pid to signal (start() reports its own failure).
      await this.#starting?.catch(() => {});
    }
    if (this.#exit === undefined && !this.#finalized) {
      this.#closeRequested = true;
      this.#state = "closing";
      // Messages sent just before close() still reach the server, ahead of the end of stdin.
      this.#writer?.flush();
      this.#child?.stdin?.end();
      if (!(await this.#waitExit(this.#timeouts.stdinEndMs))) {
        this.#signal("SIGTERM");
        if (!(await this.#waitExit(this.#timeouts.sigtermMs))) {
          this.#signal("SIGKILL");
          await this.#waitExit(this.#timeouts.sigkillMs);
        }
      }
    }
    await this.#exited;
    await this.#finalize();
  }

  async #waitExit(ms: number): Promise<boolean> {
    if (this.#exit) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.#exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), ms);
      }),
    ]);
    clearTimeout(timer);
    return !timedOut;
  }

  #signal(signal: NodeJS.Signals): void {
    if (this.#pid === undefined) return;
    if (signal === "SIGTERM" && this.#sigtermAt === undefined) this.#sigtermAt = Date.now();
    signalProcessGroup(this.#pid, signal);
  }

  #onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.#exit = {
      code,
      signal,
      stderrTail: this.#stderr.toString(),
      expected: this.#closeRequested,
    };
    if (this.#state !== "closed") this.#state = "closing";
    this.#resolveExited();
    // A crash or an exit nobody asked for: the server is gone, so what is left of its group are
    // orphans. Kill them now and report.
    if (!this.#closeRequested) {
      this.#signal("SIGKILL");
      void this.#finalize();
    }
  }

  // Runs once, after the leader exited: reap the group's survivors, let stdout drain, report.
  async #finalize(): Promise<void> {
    if (this.#finalized) return;
    this.#finalized = true;
    await this.#reapGroup();
    await Promise.race([this.#stdioClosed, delay(STDIO_DRAIN_MS)]);
    this.#reader.end();
    // The pipes of a grandchild that escaped the group may still be open: stop reading them.
    this.#child?.stdout?.destroy();
    this.#child?.stderr?.destroy();
    this.#child?.stdin?.destroy();
    if (this.#pid !== undefined) untrackProcessGroup(this.#pid);
    this.#state = "closed";
    const exit = this.#exit;
    if (exit && !exit.expected) {
      exit.stderrTail = this.#stderr.toString();
      this.#reportError(
        new StdioProcessError(StdioErrorCode.ProcessExited, describeExit(this.#params.command, exit), {
          exit,
        }),
      );
    }
    try {
      this.onclose?.();
    } catch (error) {
      this.#reportError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  // The leader is gone; its group may still hold grandchildren. SIGTERM them, give them the
  // SIGTERM timeout to go, then SIGKILL.
  async #reapGroup(): Promise<void> {
    const pid = this.#pid;
    if (pid === undefined || livingGroupMembers(pid).length === 0) return;
    // The grace runs from the group's first SIGTERM: survivors of the close sequence's SIGTERM
    // do not get a second full timeout.
    this.#signal("SIGTERM");
    const deadline = (this.#sigtermAt ?? Date.now()) + this.#timeouts.sigtermMs;
    while (Date.now() < deadline) {
      await delay(GROUP_POLL_MS);
      if (livingGroupMembers(pid).length === 0) return;
    }
    signalProcessGroup(pid, "SIGKILL");
  }

  #deliver(message: JSONRPCMessage): void {
    try {
      this.onmessage?.(message);
    } catch (error) {
      this.#reportError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #onStreamError(stream: string, error: Error): void {
    // EPIPE/ECONNRESET on stdin only mean the server is gone; the exit handler reports that.
    const code = (error as NodeJS.ErrnoException).code;
    if (stream === "stdin" && (code === "EPIPE" || code === "ECONNRESET" || code === "ERR_STREAM_DESTROYED"))
      return;
    this.#reportError(
      new StdioProcessError(
        StdioErrorCode.WriteFailed,
        `MCP server "${this.#params.command}" ${stream} failed: ${error.message}`,
        { cause: error },
      ),
    );
  }

  #reportError(error: Error): void {
    try {
      this.onerror?.(error);
    } catch {
      // An onerror that throws must not take the host down.
    }
  }

  #notConnectedError(): StdioProcessError {
    if (this.#exit) {
      return new StdioProcessError(
        StdioErrorCode.ProcessExited,
        describeExit(this.#params.command, this.#exit),
        { exit: this.#exit },
      );
    }
    return new StdioProcessError(
      StdioErrorCode.NotConnected,
      `StdioClientTransport for "${this.#params.command}" is ${this.#state === "new" ? "not started" : this.#state}`,
    );
  }
}
