// Parsing JSON / YAML text into documents. No Node built-ins: the playground page parses with it too.
import { parseAllDocuments } from "yaml";
import { CliError } from "./errors.js";
import { MAX_DOCUMENT_DEPTH, MAX_YAML_ALIASES } from "./limits.js";

/** One parsed document and how to name it in messages ("cluster.yaml (document 2)"). */
export interface SourceDoc {
  readonly value: unknown;
  readonly label: string;
}

// Integers beyond 2^53 would silently lose digits as JS numbers; as strings, quantity fields keep them
// exact (quantityFromJSON takes strings) and integer fields reject them with the field path.
function reviveBigInt(_key: unknown, value: unknown): unknown {
  if (typeof value !== "bigint") return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value.toString();
}

/**
 * Parses JSON (fast path, the usual `kubectl -o json` dump) or YAML with any number of `---`
 * documents (kubectl `-o yaml`, manifests). Empty documents are skipped. Labels number documents
 * only when there is more than one.
 */
export function parseDocuments(text: string, label: string, json = false): SourceDoc[] {
  if (json) {
    // A .json file is JSON: its own parse error (with the position) beats YAML's reading of it.
    if (text.trim() === "") return [];
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch (e) {
      throw new CliError(`${label}: ${(e as Error).message}`);
    }
    checkShape(value, label);
    return [{ value, label }];
  }
  const head = text.trimStart()[0];
  if (head === "{" || head === "[") {
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      value = NOT_JSON;
    }
    if (value !== NOT_JSON) {
      checkShape(value, label);
      return [{ value, label }];
    }
    // Not strict JSON: YAML (a superset) parses it or reports the position of the problem.
  }
  const docs = parseAllDocuments(text, { intAsBigInt: true, merge: true, prettyErrors: true });
  if (!Array.isArray(docs)) return [];
  const many = docs.length > 1;
  const out: SourceDoc[] = [];
  docs.forEach((doc, i) => {
    const docLabel = many ? `${label} (document ${i + 1})` : label;
    const err = doc.errors[0];
    if (err !== undefined) {
      // The yaml parser recurses per nesting level and reports its own stack overflow as a parse error.
      if (/Maximum call stack size exceeded/.test(err.message)) throw tooDeep(docLabel);
      // The whole message: the yaml package's prettyErrors add the line and a code frame under the first line.
      throw new CliError(`${docLabel}: ${err.message.trimEnd()}`);
    }
    if (doc.contents === null) return;
    let value: unknown;
    try {
      // No reviver here: yaml applies one recursively, which a self-referencing alias turns into a stack
      // overflow; checkShape revives integers after it has refused cycles.
      value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as unknown;
    } catch (e) {
      // yaml throws a ReferenceError past maxAliasCount ("Excessive alias count indicates a resource exhaustion attack").
      if (e instanceof ReferenceError && /alias/i.test(e.message)) {
        throw new CliError(`${docLabel}: YAML aliases expand more than ${MAX_YAML_ALIASES} times (the limit, against "billion laughs" documents)`);
      }
      if (e instanceof RangeError && /call stack/.test(e.message)) throw tooDeep(docLabel);
      throw e;
    }
    value = reviveBigInt("", checkShape(value, docLabel));
    if (value !== null && value !== undefined) out.push({ value, label: docLabel });
  });
  return out;
}

const NOT_JSON = Symbol("not JSON");

/**
 * Refuses a document nested deeper than MAX_DOCUMENT_DEPTH or containing itself (a YAML alias to its own
 * ancestor, `a: &x {b: *x}`, decodes to a cyclic object), and revives big integers (reviveBigInt) in place.
 * Iterative: the check must not overflow the stack it protects.
 */
function checkShape<T>(root: T, label: string): T {
  // [value, depth, exiting]: a node is on the ancestor path between its enter and exit.
  const stack: [unknown, number, boolean][] = [[root, 0, false]];
  const ancestors = new Set<object>();
  while (stack.length > 0) {
    const [v, depth, exiting] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (exiting) {
      ancestors.delete(v);
      continue;
    }
    if (ancestors.has(v)) throw new CliError(`${label}: a YAML alias refers to a node that contains it (the document would be infinite)`);
    if (depth >= MAX_DOCUMENT_DEPTH) throw tooDeep(label);
    ancestors.add(v);
    stack.push([v, depth, true]);
    for (const [k, c] of Object.entries(v)) {
      if (typeof c === "object" && c !== null) stack.push([c, depth + 1, false]);
      else if (typeof c === "bigint") (v as Record<string, unknown>)[k] = reviveBigInt(k, c);
    }
  }
  return root;
}

function tooDeep(label: string): CliError {
  return new CliError(`${label}: the document is nested more than ${MAX_DOCUMENT_DEPTH} levels deep (the limit)`);
}
