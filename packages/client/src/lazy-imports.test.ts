import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

// A resolve hook that prints every module URL the entries load, so the test sees the import graph
// of a real `import` (not vitest's module runner).
const HOOK = `data:text/javascript,${encodeURIComponent(
  "export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('loaded ' + r.url + '\\n'); return r; }",
)}`;

async function loadedBy(entries: string[]): Promise<string[]> {
  const script = [
    'import { register } from "node:module";',
    `register(${JSON.stringify(HOOK)});`,
    ...entries.map((entry) => `await import(${JSON.stringify(entry)});`),
  ].join("\n");
  const { stderr } = await run(
    process.execPath,
    ["--conditions=@mcp/source", "--import", "tsx", "--input-type=module", "-e", script],
    { cwd: import.meta.dirname, timeout: 60_000 },
  );
  return stderr
    .split("\n")
    .filter((line) => line.startsWith("loaded "))
    .map((line) => line.slice("loaded ".length));
}

// Import time is one of the client's measured figures (issue #4): heavy dependencies are loaded
// when their feature is first used, never by importing the entries.
describe("what importing the client loads", { timeout: 90_000 }, () => {
  it("loads neither zod, nor execa, nor the JSON Schema validator, nor ws", async () => {
    const urls = await loadedBy(["@mcp/client", "@mcp/client/stdio"]);
    expect(urls.some((url) => url.includes("/client/src/stdio/stdio-client-transport.ts"))).toBe(true);
    const heavy = urls.filter((url) => /\/node_modules\/(zod|execa|@cfworker\/json-schema|ws)\//.test(url));
    expect(heavy).toEqual([]);
  });
});
