#!/usr/bin/env node
// Prints line coverage per workspace package from vitest's json-summary, and fails when a
// package that has source files falls below the floor (COVERAGE_FLOOR, 80 by default).
import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";

const floor = Number(process.env.COVERAGE_FLOOR ?? 80);
const summaryPath = "coverage/coverage-summary.json";
if (!existsSync(summaryPath)) {
  console.error(`coverage: ${summaryPath} is missing; run vitest with --coverage first`);
  process.exit(1);
}
const summary = JSON.parse(readFileSync(summaryPath, "utf8"));
const byPackage = new Map();
for (const [file, figures] of Object.entries(summary)) {
  if (file === "total") continue;
  const parts = relative(process.cwd(), file).split("/");
  const key = `${parts[0]}/${parts[1]}`;
  const entry = byPackage.get(key) ?? { covered: 0, total: 0 };
  entry.covered += figures.lines.covered;
  entry.total += figures.lines.total;
  byPackage.set(key, entry);
}
// A package whose README still says "Not built yet" is reported but not held to the floor.
const notBuiltYet = (name) => {
  try {
    return readFileSync(`${name}/README.md`, "utf8").includes("Not built yet");
  } catch {
    return false;
  }
};
let failed = false;
console.log("\nLine coverage by package (floor %d%%):", floor);
for (const [name, { covered, total }] of [...byPackage].sort()) {
  const pct = total === 0 ? 100 : (covered / total) * 100;
  const exempt = notBuiltYet(name);
  const below = total > 0 && pct < floor;
  failed ||= below && !exempt;
  const mark = exempt ? "-" : below ? "✗" : "✓";
  const figures = `${pct.toFixed(1).padStart(5)}%  (${covered}/${total} lines)`;
  console.log(`  ${mark} ${name.padEnd(32)} ${figures}${exempt ? "  not built yet" : ""}`);
}
if (failed) {
  console.error(`coverage: a package is below the ${floor}% floor`);
  process.exit(1);
}
