export {};

// Runs every benchmark suite in turn. Each suite compares our package with the official
// @modelcontextprotocol/sdk in the same run and prints medians and ratios; the figures are
// copied into docs/benchmarks.md. Suites are added by the issues that build what they measure.
const suites: Array<{ name: string; run: () => Promise<void> }> = [];

for (const suite of suites) {
  process.stdout.write(`\n## ${suite.name}\n`);
  await suite.run();
}
if (suites.length === 0) process.stdout.write("No benchmark suites yet.\n");
