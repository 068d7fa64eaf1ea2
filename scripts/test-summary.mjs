#!/usr/bin/env node
// Prints vitest's JSON results as one plain closing line ("N passed, N failed, N skipped")
// that any CI reader understands, and fails when no test ran.
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? "coverage/test-results.json";
const results = JSON.parse(readFileSync(file, "utf8"));
const passed = results.numPassedTests ?? 0;
const failed = results.numFailedTests ?? 0;
const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || passed === 0) process.exit(1);
