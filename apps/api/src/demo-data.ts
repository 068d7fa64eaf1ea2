import { existsSync } from "node:fs";
import Database from "better-sqlite3";

const REGIONS = ["north", "south", "east", "west"];
const PRODUCTS = ["widget", "gadget", "gizmo"];

/**
 * Creates the demo database the seeded `database` server reads, once: a SQLite file with a small
 * `sales` table, so the usage guide's data-analysis workflow has data. SQLite, not PGlite: every
 * tenant gets its own database-server process, and many processes may read one SQLite file
 * safely (the server opens it read-only), which is not true of a PGlite directory.
 *
 * @example
 * await ensureDemoDatabase(".data/demo.sqlite");
 */
export function ensureDemoDatabase(file: string): boolean {
  if (existsSync(file)) return false;
  const db = new Database(file);
  try {
    db.exec(`
      CREATE TABLE sales (
        id INTEGER PRIMARY KEY,
        region TEXT NOT NULL,
        product TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        amount REAL NOT NULL,
        sold_on TEXT NOT NULL
      );
      CREATE INDEX sales_region_idx ON sales (region);
    `);
    const insert = db.prepare(
      "INSERT INTO sales (region, product, quantity, amount, sold_on) VALUES (?, ?, ?, ?, ?)",
    );
    // Deterministic figures, so the guide's examples show stable results.
    db.transaction(() => {
      for (let day = 0; day < 30; day++) {
        for (const [r, region] of REGIONS.entries()) {
          const product = PRODUCTS[(day + r) % PRODUCTS.length]!;
          const quantity = ((day * 7 + r * 3) % 9) + 1;
          const price = 10 + PRODUCTS.indexOf(product) * 5;
          const soldOn = new Date(Date.UTC(2026, 9, 1 + day)).toISOString().slice(0, 10);
          insert.run(region, product, quantity, quantity * price, soldOn);
        }
      }
    })();
  } finally {
    db.close();
  }
  return true;
}
