import type { LoggingLevel } from "@mcp/protocol";

/** RFC 5424 severities in increasing order, as `logging/setLevel` uses them. */
export const LOGGING_LEVELS: readonly LoggingLevel[] = [
  "debug",
  "info",
  "notice",
  "warning",
  "error",
  "critical",
  "alert",
  "emergency",
];

const RANK = new Map(LOGGING_LEVELS.map((level, index) => [level, index]));

/** True when a message at `level` passes a session whose minimum is `minimum`. */
export function isLevelEnabled(level: LoggingLevel, minimum: LoggingLevel): boolean {
  return (RANK.get(level) ?? 0) >= (RANK.get(minimum) ?? 0);
}

/** A logger bound to one session (and, in handlers, to one request). */
export type Logger = {
  [L in LoggingLevel]: (data: unknown, logger?: string) => Promise<void>;
};

/** Builds a {@link Logger} whose every method calls `send(level, data, logger)`. */
export function createLogger(
  send: (level: LoggingLevel, data: unknown, logger?: string) => Promise<void>,
): Logger {
  const logger = {} as Logger;
  for (const level of LOGGING_LEVELS) {
    logger[level] = (data, name) => send(level, data, name);
  }
  return logger;
}
