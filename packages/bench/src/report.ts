// Result rows, the printed table and the JSON file (`--json FILE`).
import { readFileSync, writeFileSync } from "node:fs";

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

/** Prints each row's pods/s against the same (suite, engine, nodes) row of a previous run's JSON file. */
export function printBaseline(rows: readonly BenchRow[], file: string): void {
  let base: BenchRow[];
  try {
    base = (JSON.parse(readFileSync(file, "utf8")) as { results: BenchRow[] }).results;
  } catch {
    console.log(`\n(no baseline at ${file}; write one with --json ${file})`);
    return;
  }
  const key = (r: BenchRow) => `${r.suite}|${r.engine}|${r.nodes}`;
  const byKey = new Map(base.map((r) => [key(r), r]));
  const matched = rows.filter((r) => byKey.has(key(r)));
  if (matched.length === 0) return;
  console.log(`\nagainst the baseline ${file} (pods/s now / then; medians of both runs):`);
  for (const r of matched) {
    const b = byKey.get(key(r))!;
    console.log(`  ${r.suite.padEnd(36)} ${r.engine.padEnd(12)} ${String(r.nodes).padStart(6)}  ${(r.podsPerSec / b.podsPerSec).toFixed(2)}×`);
  }
}
