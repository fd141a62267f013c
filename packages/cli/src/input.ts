// Reading JSON / YAML inputs: files or stdin, one or many documents each (parsed by documents.ts).
import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { CliError } from "./errors.js";
import type { CliIO } from "./io.js";
import { MAX_FILE_BYTES } from "./limits.js";
import { parseDocuments, type SourceDoc } from "./documents.js";


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
  return parseDocuments(decodeText(bytes, file), file, /\.json$/i.test(file));
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

export { parseDocuments, type SourceDoc };
