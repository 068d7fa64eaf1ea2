/**
 * Reads `docs/usage-guide.md` into its fenced blocks and the annotations that say what each
 * runnable block must show. See `usage-guide.test.ts` for the annotation format.
 */

/** One fenced block of the guide. */
export interface GuideBlock {
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string after the fence, e.g. `sh`, `sh no-run`, `json response`. */
  info: string;
  body: string;
  /** Annotations from the HTML comments right above the fence. */
  annotations: Annotation[];
}

export type Annotation =
  | { kind: "expect"; text: string }
  | { kind: "expect-not"; text: string }
  | { kind: "expect-status"; status: number }
  | { kind: "expect-json"; subset: unknown }
  | { kind: "output-text" };

const ANNOTATION = /^(expect|expect-not|expect-status|expect-json|output):\s?(.*)$/;

function parseAnnotation(raw: string, line: number): Annotation {
  const match = ANNOTATION.exec(raw.trim());
  if (!match) throw new Error(`line ${line}: unknown guide annotation '${raw.trim()}'`);
  const [, kind, value = ""] = match;
  switch (kind) {
    case "expect":
      return { kind, text: value };
    case "expect-not":
      return { kind, text: value };
    case "expect-status": {
      const status = Number(value.trim());
      if (!Number.isInteger(status)) throw new Error(`line ${line}: expect-status needs a number`);
      return { kind, status };
    }
    case "expect-json":
      return { kind, subset: JSON.parse(value) };
    default:
      if (value.trim() !== "text") throw new Error(`line ${line}: only 'output: text' is known`);
      return { kind: "output-text" };
  }
}

/**
 * Splits Markdown into fenced blocks. HTML comments `<!-- ... -->` on the lines just above a fence
 * (blank lines allowed between) annotate it; one comment may hold several annotations, one per
 * line. A comment that is not right above a fence is an error, so a stray annotation cannot be
 * silently ignored.
 *
 * @example
 * const blocks = parseGuide(readFileSync("docs/usage-guide.md", "utf8"));
 */
export function parseGuide(markdown: string): GuideBlock[] {
  const lines = markdown.split("\n");
  const blocks: GuideBlock[] = [];
  let pending: { annotations: Annotation[]; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^```(.*)$/.exec(line);
    if (fence) {
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]!);
      if (i >= lines.length) throw new Error(`line ${start + 1}: unclosed fence`);
      blocks.push({
        line: start + 1,
        info: fence[1]!.trim(),
        body: body.join("\n"),
        annotations: pending?.annotations ?? [],
      });
      pending = undefined;
      continue;
    }
    if (line.trimStart().startsWith("<!--")) {
      const startLine = i + 1;
      let text = line.trim().slice(4);
      while (!text.includes("-->") && i + 1 < lines.length) text += `\n${lines[++i]}`;
      if (!text.includes("-->")) throw new Error(`line ${startLine}: unclosed comment`);
      text = text.slice(0, text.indexOf("-->"));
      const annotations = text
        .split("\n")
        .map((part) => part.trim())
        .filter((part) => part.length > 0)
        .map((part) => parseAnnotation(part, startLine));
      pending = { annotations: [...(pending?.annotations ?? []), ...annotations], line: startLine };
      continue;
    }
    if (line.trim() !== "" && pending) {
      throw new Error(`line ${pending.line}: an annotation must sit right above a fenced block`);
    }
  }
  if (pending) throw new Error(`line ${pending.line}: an annotation must sit right above a fenced block`);
  return blocks;
}

/** Whether a block is run by the test: info string exactly `sh`. */
export function isRunnable(block: GuideBlock): boolean {
  return block.info === "sh";
}

/**
 * The top-level JSON values printed one after another (curl prints bodies without a newline, so
 * two calls in one block print `{...}{...}`). Returns undefined when the text is not such a
 * sequence.
 *
 * @example
 * jsonValues('{"a":1}{"b":2}\n'); // [{ a: 1 }, { b: 2 }]
 */
export function jsonValues(text: string): unknown[] | undefined {
  const values: unknown[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  skipSpace();
  while (i < text.length) {
    const start = i;
    const open = text[i];
    if (open !== "{" && open !== "[") return undefined;
    let depth = 0;
    let inString = false;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (inString) {
        if (ch === "\\") i++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === "{" || ch === "[") depth++;
      else if (ch === "}" || ch === "]") {
        depth--;
        if (depth === 0) break;
      }
    }
    if (depth !== 0) return undefined;
    try {
      values.push(JSON.parse(text.slice(start, ++i)));
    } catch {
      return undefined;
    }
    skipSpace();
  }
  return values;
}

/**
 * Whether `actual` contains `subset`: objects by their listed keys, arrays element by element
 * (each listed element matches some actual element), other values by equality.
 *
 * @example
 * containsSubset({ a: 1, b: [{ c: 2, d: 3 }] }, { b: [{ c: 2 }] }); // true
 */
export function containsSubset(actual: unknown, subset: unknown): boolean {
  if (Array.isArray(subset)) {
    return (
      Array.isArray(actual) && subset.every((wanted) => actual.some((item) => containsSubset(item, wanted)))
    );
  }
  if (subset !== null && typeof subset === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
    return Object.entries(subset).every(
      ([key, value]) => Object.hasOwn(actual, key) && containsSubset((actual as never)[key], value),
    );
  }
  return Object.is(actual, subset);
}

/**
 * Whether `actual` has every key path that the example `shown` has (values may differ: ids, times).
 * Arrays: every shown element must have its shape in some actual element. Returns the first
 * missing path, or undefined when the shape is present.
 *
 * @example
 * missingShape({ id: "x", items: [{ a: 1 }] }, { id: "y", items: [{ a: 2 }] }); // undefined
 */
export function missingShape(actual: unknown, shown: unknown, path = "$"): string | undefined {
  if (Array.isArray(shown)) {
    if (!Array.isArray(actual)) return path;
    for (const [index, item] of shown.entries()) {
      if (item === null || typeof item !== "object") continue;
      if (!actual.some((candidate) => missingShape(candidate, item) === undefined)) {
        return `${path}[${index}]`;
      }
    }
    return undefined;
  }
  if (shown !== null && typeof shown === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return path;
    for (const [key, value] of Object.entries(shown)) {
      if (!Object.hasOwn(actual, key)) return `${path}.${key}`;
      const missing = missingShape((actual as never)[key], value, `${path}.${key}`);
      if (missing) return missing;
    }
  }
  return undefined;
}

/** One HTTP call a shell block makes with curl: its method and its path under `$MCP_URL`. */
export interface CurlCall {
  method: string;
  path: string;
}

/**
 * The curl calls of a shell block, with the method (`-X`, else POST when it sends data, else
 * GET) and the path after `$MCP_URL` (query included). Line continuations are joined first.
 *
 * @example
 * curlCalls('curl -s -X DELETE "$MCP_URL/v1/agents/$ID"'); // [{ method: "DELETE", path: "/v1/agents/$ID" }]
 */
export function curlCalls(script: string): CurlCall[] {
  const joined = script.replace(/\\\n/g, " ");
  const calls: CurlCall[] = [];
  // One curl command per line once continuations are joined; a pipe ends it (URLs hold no " | ").
  for (const match of joined.matchAll(/\bcurl\b[^\n]*/g)) {
    const args = match[0].split(" | ")[0]!;
    const url = /"\$(?:\{MCP_URL\}|MCP_URL)(\/[^"]*)"/.exec(args);
    if (!url) continue;
    const explicit = /(?:^|\s)(?:-X|--request)\s+([A-Z]+)/.exec(args);
    const sendsData = /(?:^|\s)(?:-d|--data|--data-raw|--data-binary)\b/.test(args);
    calls.push({ method: explicit ? explicit[1]! : sendsData ? "POST" : "GET", path: url[1]! });
  }
  return calls;
}
