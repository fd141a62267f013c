// Reading JSON / YAML inputs: files or stdin, one or many documents each.
import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { parseAllDocuments } from "yaml";
import { CliError } from "./errors.js";
import type { CliIO } from "./io.js";
import { MAX_DOCUMENT_DEPTH, MAX_FILE_BYTES, MAX_YAML_ALIASES } from "./limits.js";

/** One parsed document and how to name it in messages ("cluster.yaml (document 2)"). */
export interface SourceDoc {
  readonly value: unknown;
  readonly label: string;
}

/** Reads a file argument (`-` = stdin) and parses every document in it. */
export async function readSource(file: string, io: CliIO): Promise<SourceDoc[]> {
  if (file === "-") return parseDocuments(await io.readStdin(), "<stdin>");
  let bytes: Buffer;
  try {
    const path = resolve(io.cwd, file);
    const size = (await stat(path)).size;
    if (size > MAX_FILE_BYTES) throw new CliError(`${file}: ${size} bytes is more than the input file size limit of ${MAX_FILE_BYTES} bytes (512 MiB)`);
    bytes = await readFile(path);
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
    throw new CliError(`${file}: ${why}`);
  }
  return parseDocuments(decodeText(bytes, file), file);
}

/**
 * UTF-8 text of a file (a UTF-8 byte order mark dropped). UTF-16 and UTF-32 are refused by name, as
 * kubectl's decoder reads only UTF-8: read as UTF-8 they turn into NUL-riddled text that fails far from the
 * cause. Invalid UTF-8 sequences become U+FFFD, as kubectl's Go strings would carry them.
 */
export function decodeText(bytes: Uint8Array, label: string): string {
  const b = bytes;
  const encoding =
    b[0] === 0x00 && b[1] === 0x00 && b[2] === 0xfe && b[3] === 0xff ? "UTF-32 (big-endian byte order mark)"
    : b[0] === 0xff && b[1] === 0xfe && b[2] === 0x00 && b[3] === 0x00 ? "UTF-32 (little-endian byte order mark)"
    : b[0] === 0xfe && b[1] === 0xff ? "UTF-16 (big-endian byte order mark)"
    : b[0] === 0xff && b[1] === 0xfe ? "UTF-16 (little-endian byte order mark)"
    : b.length >= 2 && b[0] !== 0 && b[1] === 0 ? "UTF-16 little-endian (no byte order mark: every other byte is NUL)"
    : b.length >= 2 && b[0] === 0 && b[1] !== 0 ? "UTF-16 big-endian (no byte order mark: every other byte is NUL)"
    : "";
  if (encoding !== "") throw new CliError(`${label}: the file is ${encoding}; schedkit reads UTF-8 (convert it, e.g. iconv -f UTF-16 -t UTF-8)`);
  // TextDecoder drops a UTF-8 byte order mark (ignoreBOM: false).
  return new TextDecoder("utf-8").decode(b);
}

/** Reads several file arguments in order; `-` may appear once. */
export async function readSources(files: readonly string[], io: CliIO): Promise<SourceDoc[]> {
  if (files.filter((f) => f === "-").length > 1) throw new CliError('"-" (stdin) can be given only once');
  const out: SourceDoc[] = [];
  for (const f of files) for (const d of await readSource(f, io)) out.push(d);
  return out;
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
export function parseDocuments(text: string, label: string): SourceDoc[] {
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
      throw new CliError(`${docLabel}: ${err.message.split("\n")[0]}`);
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
