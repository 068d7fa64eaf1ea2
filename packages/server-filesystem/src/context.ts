import type { FsLimits } from "./limits.js";
import type { RaceHook } from "./safe-io.js";
import type { Sandbox } from "./sandbox.js";

/**
 * What every operation works with: the current sandbox (it changes when the client's roots
 * change, so operations read it once per call) and the caps.
 */
export interface FsContext {
  readonly sandbox: Sandbox;
  readonly limits: FsLimits;
  /** Test seam: runs right before a file is created, to plant a symlink race. */
  readonly beforeOpen?: RaceHook;
}
