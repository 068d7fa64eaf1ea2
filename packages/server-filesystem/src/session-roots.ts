import type { HandlerContext, ServerSession } from "@mcp/server-base";
import { Sandbox } from "./sandbox.js";

interface SessionState {
  sandbox?: Sandbox;
  dirty: boolean;
  pending?: Promise<void>;
}

/**
 * The allowed directories of each session: the command-line directories, replaced by the
 * client's roots when the client declares the `roots` capability (as the reference server does),
 * and fetched again after `notifications/roots/list_changed`. Per session, so over Streamable
 * HTTP one client's roots never widen another's sandbox. Roots are fetched on a session's first
 * tool call after they (may have) changed, so a call never runs against stale roots.
 */
export class SessionRoots {
  readonly #base: Sandbox;
  readonly #useClientRoots: boolean;
  readonly #states = new WeakMap<ServerSession, SessionState>();

  constructor(base: Sandbox, options: { useClientRoots: boolean }) {
    this.#base = base;
    this.#useClientRoots = options.useClientRoots;
  }

  /** The command-line sandbox. */
  get base(): Sandbox {
    return this.#base;
  }

  /** Marks a session's roots as changed (on `notifications/roots/list_changed`). */
  invalidate(session: ServerSession): void {
    const state = this.#states.get(session);
    if (state) state.dirty = true;
  }

  /** The sandbox a tool call of this session runs in. */
  async sandboxFor(ctx: HandlerContext): Promise<Sandbox> {
    if (!this.#useClientRoots || !ctx.session.clientCapabilities?.roots) return this.#base;
    let state = this.#states.get(ctx.session);
    if (state === undefined) {
      state = { dirty: true };
      this.#states.set(ctx.session, state);
    }
    if (state.dirty && state.pending === undefined) {
      state.dirty = false;
      const current = state;
      current.pending = this.#refresh(ctx, current).finally(() => {
        current.pending = undefined;
      });
    }
    if (state.pending) await state.pending;
    return state.sandbox ?? this.#base;
  }

  async #refresh(ctx: HandlerContext, state: SessionState): Promise<void> {
    try {
      const { roots } = await ctx.listRoots({ timeoutMs: 10_000 });
      const directories = roots.map((root) => root.uri).filter((uri) => uri.startsWith("file://"));
      const sandbox = await Sandbox.create(directories, { skipInvalid: true });
      if (sandbox.roots.length > 0) {
        state.sandbox = sandbox;
        await ctx.log.info({
          message: "Allowed directories replaced by the client's roots",
          roots: sandbox.roots,
        });
      } else {
        state.sandbox = undefined;
        await ctx.log.warning({
          message: "The client offered no usable file:// roots; keeping the command-line directories",
        });
      }
    } catch (error) {
      await ctx.log
        .warning({
          message: `roots/list failed (${(error as Error).message}); keeping the current directories`,
        })
        .catch(() => undefined);
    }
  }
}
