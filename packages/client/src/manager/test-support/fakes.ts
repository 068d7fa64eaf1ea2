import type { JSONRPCMessage, Transport } from "@mcp/protocol/core";
import type { ManagedClient } from "../managed-server.js";

/** An in-memory transport whose process can "crash" on demand. */
export class FakeTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  started = false;
  closed = false;
  closeCalls = 0;
  readonly pid: number;
  stderrTail = "";
  static nextPid = 1000;

  constructor() {
    this.pid = FakeTransport.nextPid++;
  }

  async start(): Promise<void> {
    this.started = true;
  }

  async send(): Promise<void> {}

  async close(): Promise<void> {
    this.closeCalls++;
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }

  /** The process dies: an error, then the close. */
  crash(message = "server exited with code 1"): void {
    if (this.closed) return;
    this.closed = true;
    this.onerror?.(new Error(message));
    this.onclose?.();
  }
}

/** A client whose connect and ping behaviour the test controls. */
export class FakeClient implements ManagedClient {
  transport: Transport | undefined;
  closeCalls = 0;
  connectDelayMs = 0;
  connectError: Error | undefined;
  pingBehaviour: "ok" | "fail" | "hang" = "ok";
  pings = 0;

  async connect(transport: Transport): Promise<void> {
    this.transport = transport;
    await transport.start();
    if (this.connectDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.connectDelayMs));
    if (this.connectError) throw this.connectError;
  }

  async close(): Promise<void> {
    this.closeCalls++;
    await this.transport?.close();
  }

  ping(options?: { signal?: AbortSignal }): Promise<void> {
    this.pings++;
    if (this.pingBehaviour === "ok") return Promise.resolve();
    if (this.pingBehaviour === "fail") return Promise.reject(new Error("ping failed"));
    return new Promise((_, reject) => {
      options?.signal?.addEventListener("abort", () => reject(options.signal?.reason));
    });
  }

  /** A call that never answers until aborted. */
  hang(signal: AbortSignal): Promise<never> {
    return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
  }
}
