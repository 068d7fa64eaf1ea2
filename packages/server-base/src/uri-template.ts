// RFC 6570 URI templates for resource templates. Parsing and expansion come from the
// `uri-template` library (a PEG grammar of the full RFC, levels 1-4). RFC 6570 defines no
// matching, so matching is two steps:
//   1. a regular expression derived from the library's parsed AST (one group per expression,
//      with each operator's prefix, separator and character set) extracts candidate values;
//   2. the candidate values are expanded again with the library and the result must equal the
//      URI (percent-encoding case aside). Only an exact round trip counts as a match, so the
//      regular expression may be permissive without ever producing a false match, and every
//      operator (`{+path}`, `{/segments*}`, `{?query,params}`, `{;matrix}`, `{#frag}`) is handled
//      by the same rule instead of hand-written special cases.
import { parse } from "uri-template";
import { ServerError } from "./errors.js";

/** Values extracted from a URI: exploded or comma-listed variables become arrays. */
export type TemplateVariables = Record<string, string | string[]>;

interface ParsedExpression {
  type: "expression";
  operator: string;
  variables: { name: string; modifier?: { type: string } }[];
}
type ParsedPart = { type: "literal"; value: string } | ParsedExpression;

interface OperatorSpec {
  prefix: string;
  separator: string;
  named: boolean;
  body: string;
}

// Character classes are deliberately loose (the round trip is the real check); they only keep
// a simple `{id}` from swallowing the `/` or `?` that follows it.
const OPERATORS: Record<string, OperatorSpec> = {
  "": { prefix: "", separator: ",", named: false, body: "[^/?#]+" },
  "+": { prefix: "", separator: ",", named: false, body: ".+?" },
  "#": { prefix: "#", separator: ",", named: false, body: ".*?" },
  ".": { prefix: ".", separator: ".", named: false, body: "[^/?#]*?" },
  "/": { prefix: "/", separator: "/", named: false, body: "[^?#]*?" },
  ";": { prefix: ";", separator: ";", named: true, body: "[^/?#]*?" },
  "?": { prefix: "?", separator: "&", named: true, body: "[^#]*?" },
  "&": { prefix: "&", separator: "&", named: true, body: "[^#]*?" },
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function normalizeEncoding(uri: string): string {
  return uri.replace(/%[0-9a-fA-F]{2}/g, (sequence) => sequence.toUpperCase());
}

function decode(value: string): string {
  return decodeURIComponent(value);
}

/**
 * A parsed RFC 6570 template that can expand values and match URIs.
 *
 * @example
 * ```ts
 * const template = new UriTemplate("users://{id}/posts{?page}");
 * template.match("users://42/posts?page=2"); // { id: "42", page: "2" }
 * template.expand({ id: "7" });              // "users://7/posts"
 * ```
 */
export class UriTemplate {
  readonly template: string;
  readonly variableNames: readonly string[];
  readonly #expand: (values: Record<string, unknown>) => string;
  readonly #expressions: ParsedExpression[];
  readonly #regex: RegExp;

  constructor(template: string) {
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(template);
    } catch (error) {
      throw new ServerError("INVALID_TEMPLATE", `Invalid URI template "${template}": ${String(error)}`, {
        cause: error,
      });
    }
    this.template = template;
    this.#expand = parsed.expand;
    const parts = parsed.ast.parts as ParsedPart[];
    this.#expressions = parts.filter((part): part is ParsedExpression => part.type === "expression");
    this.variableNames = this.#expressions.flatMap((expression) =>
      expression.variables.map((variable) => variable.name),
    );
    const source = parts
      .map((part) => {
        if (part.type === "literal") return escapeRegExp(part.value);
        const spec = OPERATORS[part.operator] ?? OPERATORS[""];
        const group = `(${(spec as OperatorSpec).body})`;
        return spec?.prefix ? `(?:${escapeRegExp(spec.prefix)}${group})?` : group;
      })
      .join("");
    this.#regex = new RegExp(`^${source}$`, "s");
  }

  /** Expands the template (RFC 6570, by the `uri-template` library). */
  expand(values: TemplateVariables): string {
    return this.#expand(values);
  }

  /** The variables of `uri` when it is exactly an expansion of this template, else undefined. */
  match(uri: string): TemplateVariables | undefined {
    const found = this.#regex.exec(uri);
    if (!found) return undefined;
    const variables: TemplateVariables = {};
    try {
      this.#expressions.forEach((expression, index) => {
        const body = found[index + 1];
        if (body === undefined) return;
        extract(expression, body, variables);
      });
    } catch {
      return undefined;
    }
    if (normalizeEncoding(this.#expand(variables)) !== normalizeEncoding(uri)) return undefined;
    return variables;
  }
}

function extract(expression: ParsedExpression, body: string, into: TemplateVariables): void {
  const spec = OPERATORS[expression.operator] as OperatorSpec;
  const pieces = body.split(spec.separator);
  if (spec.named) {
    for (const variable of expression.variables) {
      const exploded = variable.modifier?.type === "explode";
      const values: string[] = [];
      for (const piece of pieces) {
        const eq = piece.indexOf("=");
        const key = eq >= 0 ? piece.slice(0, eq) : piece;
        if (key !== variable.name) continue;
        const raw = eq >= 0 ? piece.slice(eq + 1) : "";
        if (exploded) values.push(decode(raw));
        else values.push(...listOrSingle(raw));
      }
      if (values.length === 1 && !exploded) into[variable.name] = values[0] as string;
      else if (values.length === 1 && exploded) into[variable.name] = values;
      else if (values.length > 1) into[variable.name] = values;
    }
    return;
  }
  const variables = expression.variables;
  if (variables.length === 1) {
    const variable = variables[0] as ParsedExpression["variables"][number];
    const exploded = variable.modifier?.type === "explode";
    if (exploded || pieces.length > 1) into[variable.name] = pieces.map(decode);
    else {
      const values = listOrSingle(body);
      into[variable.name] = values.length === 1 ? (values[0] as string) : values;
    }
    return;
  }
  variables.forEach((variable, index) => {
    if (index >= pieces.length) return;
    if (index === variables.length - 1 && pieces.length > variables.length) {
      into[variable.name] = pieces.slice(index).map(decode);
    } else into[variable.name] = decode(pieces[index] as string);
  });
}

function listOrSingle(raw: string): string[] {
  return raw.split(",").map(decode);
}
