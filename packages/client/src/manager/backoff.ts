/** Automatic restart policy of a managed server. */
export interface RestartPolicy {
  /** Restart automatically after a crash. Default true. */
  enabled?: boolean;
  /** Consecutive restart attempts before giving up. Default 5. */
  maxAttempts?: number;
  /** Delay before the first attempt, in ms. Default 200. */
  initialDelayMs?: number;
  /** Largest delay, in ms. Default 30000. */
  maxDelayMs?: number;
  /** Growth factor between attempts. Default 2. */
  factor?: number;
  /** Random spread, as a fraction of the delay (0.2 = ±20%). Default 0.2. */
  jitter?: number;
  /** A server that stayed ready this long before crashing starts again from attempt 1. Default 60000. */
  resetAfterMs?: number;
}

/** {@link RestartPolicy} with every default filled in. */
export type ResolvedRestartPolicy = Required<RestartPolicy>;

/** Fills in the defaults of a {@link RestartPolicy}. */
export function resolveRestartPolicy(policy: RestartPolicy = {}): ResolvedRestartPolicy {
  return {
    enabled: policy.enabled ?? true,
    maxAttempts: policy.maxAttempts ?? 5,
    initialDelayMs: policy.initialDelayMs ?? 200,
    maxDelayMs: policy.maxDelayMs ?? 30_000,
    factor: policy.factor ?? 2,
    jitter: policy.jitter ?? 0.2,
    resetAfterMs: policy.resetAfterMs ?? 60_000,
  };
}

/**
 * The delay before restart attempt `attempt` (1-based): exponential, capped, with symmetric
 * jitter so a fleet of servers that crashed together does not restart in lockstep.
 *
 * @example
 * backoffDelay(3, resolveRestartPolicy({ jitter: 0 })); // 800: 200 * 2^2
 */
export function backoffDelay(
  attempt: number,
  policy: ResolvedRestartPolicy,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** Math.max(0, attempt - 1));
  const spread = base * policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(base + spread));
}
