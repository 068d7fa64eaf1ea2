import { DatabaseToolError } from "../errors.js";
import type { Dialect, Driver } from "./types.js";

/**
 * The dialect a connection URL names: `postgres://`/`postgresql://`, `mysql://`/`mariadb://`,
 * `pglite:` (memory or a directory), and `sqlite:`/`file:` or a plain file path.
 *
 * @example
 * ```ts
 * dialectOf("postgresql://localhost/app"); // "postgres"
 * dialectOf("./data/app.sqlite"); // "sqlite"
 * ```
 */
export function dialectOf(url: string): Dialect {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === "postgres" || scheme === "postgresql") return "postgres";
  if (scheme === "mysql" || scheme === "mariadb") return "mysql";
  if (scheme === "pglite") return "pglite";
  if (scheme === "sqlite" || scheme === "file" || scheme === undefined || /^[a-z]$/i.test(scheme))
    return "sqlite";
  throw new DatabaseToolError("UNSUPPORTED_URL", `unsupported database URL scheme "${scheme}:"`);
}

/**
 * Opens the driver for a URL; each driver's module is loaded only when used, so a PostgreSQL
 * user never loads the SQLite native addon.
 *
 * @example
 * ```ts
 * const driver = await openDriver(process.env.DATABASE_URL ?? "pglite:memory");
 * ```
 */
export async function openDriver(url: string): Promise<Driver> {
  switch (dialectOf(url)) {
    case "postgres": {
      const { PostgresDriver } = await import("./postgres-driver.js");
      return new PostgresDriver(url);
    }
    case "mysql": {
      const { MysqlDriver } = await import("./mysql-driver.js");
      return new MysqlDriver(url);
    }
    case "pglite": {
      const { PgliteDriver } = await import("./pglite-driver.js");
      return PgliteDriver.open(url);
    }
    case "sqlite": {
      const { SqliteDriver } = await import("./sqlite-driver.js");
      return SqliteDriver.open(url);
    }
  }
}
