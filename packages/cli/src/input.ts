// Reading JSON / YAML inputs: files or stdin, one or many documents each.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseAllDocuments } from "yaml";
import { CliError } from "./errors.js";
import type { CliIO } from "./io.js";

/** One parsed document and how to name it in messages ("cluster.yaml (document 2)"). */
export interface SourceDoc {
  readonly value: unknown;
  readonly label: string;
}

/** Reads a file argument (`-` = stdin) and parses every document in it. */
export async function readSource(file: string, io: CliIO): Promise<SourceDoc[]> {
  if (file === "-") return parseDocuments(await io.readStdin(), "<stdin>");
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
    throw new CliError(`${file}: ${why}`);
  }
  return parseDocuments(text, file, /\.json$/i.test(file));
}

/** Reads several file arguments in order; `-` may appear once. */
export async function readSources(files: readonly string[], io: CliIO): Promise<SourceDoc[]> {
  if (files.filter((f) => f === "-").length > 1) throw new CliError('"-" (stdin) can be given only once');
  const out: SourceDoc[] = [];
  for (const f of files) out.push(...(await readSource(f, io)));
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
export function parseDocuments(text: string, label: string, json = false): SourceDoc[] {
  if (json) {
    // A .json file is JSON: its own parse error (with the position) beats YAML's reading of it.
    if (text.trim() === "") return [];
    try {
      return [{ value: JSON.parse(text) as unknown, label }];
    } catch (e) {
      throw new CliError(`${label}: ${(e as Error).message}`);
    }
  }
  const head = text.trimStart()[0];
  if (head === "{" || head === "[") {
    try {
      return [{ value: JSON.parse(text) as unknown, label }];
    } catch {
      // Not strict JSON: YAML (a superset) parses it or reports the position of the problem.
    }
  }
  const docs = parseAllDocuments(text, { intAsBigInt: true, merge: true, prettyErrors: true });
  if (!Array.isArray(docs)) return [];
  const many = docs.length > 1;
  const out: SourceDoc[] = [];
  docs.forEach((doc, i) => {
    const docLabel = many ? `${label} (document ${i + 1})` : label;
    const err = doc.errors[0];
    // The whole message: the yaml package's prettyErrors add the line and a code frame under the first line.
    if (err !== undefined) throw new CliError(`${docLabel}: ${err.message.trimEnd()}`);
    if (doc.contents === null) return;
    const value = doc.toJS({ reviver: reviveBigInt }) as unknown;
    if (value !== null && value !== undefined) out.push({ value, label: docLabel });
  });
  return out;
}
