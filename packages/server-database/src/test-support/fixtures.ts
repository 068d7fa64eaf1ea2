import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import Database from "better-sqlite3";
import mysql from "mysql2/promise";
import pg from "pg";
import { MysqlDriver } from "../drivers/mysql-driver.js";
import { PgliteDriver } from "../drivers/pglite-driver.js";
import { PostgresDriver } from "../drivers/postgres-driver.js";
import { SqliteDriver } from "../drivers/sqlite-driver.js";
import type { Dialect, Driver } from "../drivers/types.js";
import { serviceUrl } from "./services.js";

// A throwaway database with the same two tables on every dialect, a driver on it, and an admin
// connection that reads the state directly (never through the driver under test).
export interface Fixture {
  dialect: Dialect;
  /** The table names as a query writes them (schema-qualified on PostgreSQL). */
  users: string;
  orders: string;
  /** The schema describe_table and list_tables use. */
  schema: string;
  /** `$1` or `?`. */
  param: (n: number) => string;
  driver: Driver;
  /** The connection URL a real process would use (undefined for in-process PGlite). */
  url?: string;
  /** A fingerprint of everything a hostile query could change. */
  snapshot(): Promise<string>;
  cleanup(): Promise<void>;
}

const id = () => randomBytes(4).toString("hex");

export async function sqliteFixture(): Promise<Fixture> {
  const file = join(tmpdir(), `mcp_dbserver_test_${id()}.db`);
  const setup = new Database(file);
  setup.exec(`
    CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT DEFAULT 'anon');
    CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), total REAL);
    CREATE INDEX orders_user ON orders(user_id);
    INSERT INTO users (email, name) VALUES ('ada@example.com', 'Ada'), ('bob@example.com', 'Bob');
    INSERT INTO orders (user_id, total) VALUES (1, 9.5), (2, 20);`);
  setup.close();
  const driver = await SqliteDriver.open(`sqlite:${file}`);
  return {
    dialect: "sqlite",
    users: "users",
    orders: "orders",
    schema: "main",
    param: () => "?",
    driver,
    url: `sqlite:${file}`,
    async snapshot() {
      const admin = new Database(file, { readonly: true });
      try {
        const tables = admin.prepare("SELECT name, sql FROM sqlite_schema ORDER BY name").all();
        const users = admin.prepare("SELECT * FROM users ORDER BY id").all();
        const orders = admin.prepare("SELECT * FROM orders ORDER BY id").all();
        return JSON.stringify({ tables, users, orders });
      } finally {
        admin.close();
      }
    },
    async cleanup() {
      await driver.close();
      rmSync(file, { force: true });
      rmSync(`${file}-journal`, { force: true });
    },
  };
}

const PG_SETUP = (schema: string) => `
  CREATE SCHEMA ${schema};
  CREATE TABLE ${schema}.users (id serial PRIMARY KEY, email text NOT NULL UNIQUE, name text DEFAULT 'anon');
  CREATE TABLE ${schema}.orders (id serial PRIMARY KEY, user_id int REFERENCES ${schema}.users(id), total numeric(10,2));
  CREATE INDEX orders_user ON ${schema}.orders(user_id);
  INSERT INTO ${schema}.users (email, name) VALUES ('ada@example.com', 'Ada'), ('bob@example.com', 'Bob');
  INSERT INTO ${schema}.orders (user_id, total) VALUES (1, 9.5), (2, 20);`;

const PG_SNAPSHOT = (schema: string) => `
  SELECT json_build_object(
    'tables', (SELECT json_agg(table_name ORDER BY table_name) FROM information_schema.tables WHERE table_schema = '${schema}'),
    'users', (SELECT json_agg(u ORDER BY id) FROM ${schema}.users u),
    'orders', (SELECT json_agg(o ORDER BY id) FROM ${schema}.orders o),
    'seq', (SELECT last_value FROM ${schema}.users_id_seq),
    'locks', (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'))::text AS state`;

export async function postgresFixture(): Promise<Fixture | undefined> {
  const { url } = serviceUrl("postgres");
  if (!url) return undefined;
  const schema = `mcp_dbserver_test_${id()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(PG_SETUP(schema));
  const driver = new PostgresDriver(url);
  return {
    dialect: "postgres",
    users: `${schema}.users`,
    orders: `${schema}.orders`,
    schema,
    param: (n) => `$${n}`,
    driver,
    url,
    async snapshot() {
      return (await admin.query<{ state: string }>(PG_SNAPSHOT(schema))).rows[0]?.state ?? "";
    },
    async cleanup() {
      await driver.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}

export async function pgliteFixture(): Promise<Fixture> {
  const db = new PGlite();
  const schema = "mcp_dbserver_test";
  await db.exec(PG_SETUP(schema));
  await db.exec("SET default_transaction_read_only = on");
  const driver = new PgliteDriver(db);
  return {
    dialect: "pglite",
    users: `${schema}.users`,
    orders: `${schema}.orders`,
    schema,
    param: (n) => `$${n}`,
    driver,
    async snapshot() {
      // The driver serialises its own statements; this read happens between them.
      const result = await db.query<{ state: string }>(PG_SNAPSHOT(schema));
      return result.rows[0]?.state ?? "";
    },
    async cleanup() {
      await db.close();
    },
  };
}

export async function mysqlFixture(): Promise<Fixture | undefined> {
  const { url } = serviceUrl("mysql");
  if (!url) return undefined;
  const database = `mcp_dbserver_test_${id()}`;
  const admin = await mysql.createConnection({ uri: url, multipleStatements: true });
  await admin.query(`
    CREATE DATABASE ${database};
    CREATE TABLE ${database}.users (id int PRIMARY KEY AUTO_INCREMENT, email varchar(100) NOT NULL UNIQUE, name varchar(50) DEFAULT 'anon');
    CREATE TABLE ${database}.orders (id int PRIMARY KEY AUTO_INCREMENT, user_id int, total decimal(10,2), FOREIGN KEY (user_id) REFERENCES ${database}.users(id));
    CREATE INDEX orders_user ON ${database}.orders(user_id);
    INSERT INTO ${database}.users (email, name) VALUES ('ada@example.com', 'Ada'), ('bob@example.com', 'Bob');
    INSERT INTO ${database}.orders (user_id, total) VALUES (1, 9.5), (2, 20);`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${database}`;
  const driver = new MysqlDriver(dbUrl.toString());
  return {
    dialect: "mysql",
    users: "users",
    orders: "orders",
    schema: database,
    param: () => "?",
    driver,
    url: dbUrl.toString(),
    async snapshot() {
      const [tables] = await admin.query(
        `SELECT TABLE_NAME, AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${database}' ORDER BY 1`,
      );
      const [users] = await admin.query(`SELECT * FROM ${database}.users ORDER BY id`);
      const [orders] = await admin.query(`SELECT * FROM ${database}.orders ORDER BY id`);
      const [locks] = await admin.query("SELECT IS_FREE_LOCK('mcp_dbserver_lock') AS free");
      return JSON.stringify({ tables, users, orders, locks });
    },
    async cleanup() {
      await driver.close();
      await admin.query(`DROP DATABASE IF EXISTS ${database}`);
      await admin.end();
    },
  };
}

export type FixtureFactory = () => Promise<Fixture | undefined>;

/** Every dialect: name, factory, and the reason to skip when its server is not configured. */
export const FIXTURES: Array<{ name: Dialect; create: FixtureFactory; skip?: string }> = [
  { name: "sqlite", create: sqliteFixture },
  { name: "pglite", create: pgliteFixture },
  {
    name: "postgres",
    create: postgresFixture,
    skip: serviceUrl("postgres").url ? undefined : serviceUrl("postgres").skipReason,
  },
  {
    name: "mysql",
    create: mysqlFixture,
    skip: serviceUrl("mysql").url ? undefined : serviceUrl("mysql").skipReason,
  },
];
