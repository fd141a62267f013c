// Aligned text columns for human output.
import { visibleLength } from "./io.js";
import { escapeTerminal } from "./terminal.js";

/** Column alignment: numbers right, text left. */
export type Align = "left" | "right";

/**
 * Lays out rows in columns separated by two spaces. The last column is not padded, so lines carry
 * no trailing blanks and a long free-text last column (a FailedScheduling message) stays intact.
 */
export function formatTable(input: readonly (readonly string[])[], align: readonly Align[] = [], indent = ""): string[] {
  // Cells are escaped before they are measured: a name with a newline or an escape sequence stays one cell
  // wide and on its line (the output layer would escape it too, after the widths were computed).
  const rows = input.map((row) => row.map((cell) => escapeTerminal(cell, { keepColors: true, cell: true })));
  const widths: number[] = [];
  for (const row of rows) {
    for (let c = 0; c < row.length; c++) {
      const w = visibleLength(row[c]!);
      if (w > (widths[c] ?? 0)) widths[c] = w;
    }
  }
  const lines: string[] = [];
  for (const row of rows) {
    let line = indent;
    for (let c = 0; c < row.length; c++) {
      const cell = row[c]!;
      const last = c === row.length - 1;
      const pad = " ".repeat((widths[c] ?? 0) - visibleLength(cell));
      if (align[c] === "right") line += pad + cell;
      else line += last ? cell : cell + pad;
      if (!last) line += "  ";
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** Millicores, always with the unit ("4000m"), so columns and sentences compare at a glance. */
export function formatMilliCPU(m: number): string {
  return `${m}m`;
}

const BINARY = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

/**
 * Bytes as Kubernetes writes memory: the largest binary unit that keeps the number whole and short
 * ("14Gi", "1280Mi"); otherwise two decimals in the largest unit ("3.70Gi").
 */
export function formatBytes(b: number): string {
  let u = 0;
  while (u < BINARY.length - 1 && b >= 1024 ** (u + 1)) u++;
  for (let w = u; w >= 0; w--) {
    const v = b / 1024 ** w;
    if (Number.isInteger(v) && v < 10_000) return `${v}${BINARY[w]}`;
  }
  return `${(b / 1024 ** u).toFixed(2)}${BINARY[u]}`;
}

/** The binary unit a column of byte values is written in: the largest that its largest value reaches. */
export function bytesUnit(values: readonly number[]): number {
  // A loop, not Math.max(...values): spreading a 100,000-node column overflows the call stack.
  let max = 0;
  for (const v of values) if (v > max) max = v;
  let u = 0;
  while (u < BINARY.length - 1 && max >= 1024 ** (u + 1)) u++;
  return u;
}

/** Bytes in a given binary unit (from bytesUnit), at most two decimals: "0.25Gi", "14Gi". */
export function formatBytesIn(b: number, unit: number): string {
  return `${Number((b / 1024 ** unit).toFixed(2))}${BINARY[unit]}`;
}

/** A used/total percentage with no decimals ("45%"); "-" when the total is 0. */
export function percent(used: number, total: number): string {
  return total === 0 ? "-" : `${Math.round((used / total) * 100)}%`;
}
