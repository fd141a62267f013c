// Reading JSON / YAML inputs: files or stdin, one or many documents each (parsed by documents.ts).
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CliError } from "./errors.js";
import { parseDocuments, type SourceDoc } from "./documents.js";
import type { CliIO } from "./io.js";

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
  return parseDocuments(text, file);
}

/** Reads several file arguments in order; `-` may appear once. */
export async function readSources(files: readonly string[], io: CliIO): Promise<SourceDoc[]> {
  if (files.filter((f) => f === "-").length > 1) throw new CliError('"-" (stdin) can be given only once');
  const out: SourceDoc[] = [];
  for (const f of files) out.push(...(await readSource(f, io)));
  return out;
}

export { parseDocuments, type SourceDoc };
