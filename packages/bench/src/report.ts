// Result rows, the printed table and the JSON file (`--json FILE`).
import { writeFileSync } from "node:fs";

/** One measured configuration. */
export interface BenchRow {
  readonly suite: string;
  readonly engine: string;
  readonly nodes: number;
  readonly pods: number;
  readonly podsPerSec: number;
  readonly nodeEvalsPerSec: number;
  /** Median latency of one task (a batch of `pods` cycles), ms. */
  readonly medianMs: number;
  readonly samples: number;
}

function fmt(n: number): string {
  return n >= 1e6 ? n.toExponential(2) : n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(2);
}

export function printTable(rows: readonly BenchRow[]): void {
  const head = ["suite", "engine", "nodes", "pods/task", "median ms", "pods/s", "node-evals/s", "samples"];
  const body = rows.map((r) => [r.suite, r.engine, String(r.nodes), String(r.pods), r.medianMs.toFixed(3), fmt(r.podsPerSec), fmt(r.nodeEvalsPerSec), String(r.samples)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const b of body) console.log(line(b));
}

export function writeJson(file: string, rows: readonly BenchRow[], meta: Record<string, unknown>): void {
  writeFileSync(file, JSON.stringify({ meta, results: rows }, null, 2) + "\n");
}
