// Runs benchmark suites: every module in ./suites exports `name` and `run()`. Each suite
// compares our package with the official @modelcontextprotocol/sdk (or the official reference
// server) in the same run and prints medians and ratios; the figures go into
// docs/benchmarks.md. `pnpm bench protocol client` runs only the suites whose file names match.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

interface Suite {
  name: string;
  run: () => Promise<void>;
}

const suitesDir = join(import.meta.dirname, "suites");
const filters = process.argv.slice(2).filter((arg) => arg !== "--");
const files = readdirSync(suitesDir)
  .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

for (const file of files) {
  const suite = (await import(pathToFileURL(join(suitesDir, file)).href)) as Suite;
  process.stdout.write(`\n## ${suite.name}\n\n`);
  await suite.run();
}
if (files.length === 0) process.stdout.write("No benchmark suite matched.\n");
