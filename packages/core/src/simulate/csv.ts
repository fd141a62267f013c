// RFC 4180 CSV: comma-separated cells, double-quoted cells may hold commas, quotes ("") and newlines.
import { SchedkitError } from "../errors.js";

/** Rows of cells; a trailing newline does not add a row. */
export function parseCsv(text: string, path: string): string[][] {
  if (typeof text !== "string") throw new SchedkitError(path, text, "is not CSV text");
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === "\n") line++;
        cell += c;
      }
      i++;
      continue;
    }
    if (c === '"' && cell === "") quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      line++;
    } else cell += c;
    i++;
  }
  if (quoted) throw new SchedkitError(`${path}:${line}`, text.slice(-20), "ends inside a quoted cell");
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
