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
  /** Whole-run suites: wall and CPU time (user + system, every thread) of the median sample, ms. */
  readonly wallMs?: number;
  readonly cpuMs?: number;
  /** Suite "huge": the child process's peak resident set, bytes. */
  readonly peakRssBytes?: number;
  /** Suite "parallel": threads. */
  readonly workers?: number;
  /** Suites "parallel" and "split": 1 when every thread of the process was confined to one CPU for the run (taskset). */
  readonly cores?: 1;
  /** Suite "split": the workers were processes of their own. */
  readonly processes?: true;
  /** Suite "vs-upstream": every run's ms per cycle; suite "parallel": every sample's wall ms, in iteration order. */
  readonly runsMs?: readonly number[];
}

/** A bench run as written by --json and kept in baseline.json. */
export interface BenchFile {
  readonly meta: Record<string, unknown>;
  readonly results: readonly BenchRow[];
}

const rowKey = (r: BenchRow): string => `${r.suite}|${r.engine}|${r.nodes}`;

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
  const base = readBench(file);
  if (base === null) {
    console.log(`\n(no baseline at ${file}; write one with --update-baseline)`);
    return;
  }
  const byKey = new Map(base.results.map((r) => [rowKey(r), r]));
  const matched = rows.filter((r) => byKey.has(rowKey(r)));
  const fresh = rows.filter((r) => !byKey.has(rowKey(r)));
  console.log(`\nagainst the baseline ${file} of ${String(base.meta["date"] ?? "?")} (pods/s now / then, medians of both runs; above 1: faster now):`);
  for (const r of matched) {
    const b = byKey.get(rowKey(r))!;
    console.log(`  ${r.suite.padEnd(40)} ${r.engine.padEnd(22)} ${String(r.nodes).padStart(7)}  ${(r.podsPerSec / b.podsPerSec).toFixed(2)}×`);
  }
  if (fresh.length > 0) console.log(`  (${fresh.length} row${fresh.length === 1 ? "" : "s"} not in the baseline: ${[...new Set(fresh.map((r) => r.suite))].join("; ")})`);
}

export function readBench(file: string): BenchFile | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as BenchFile;
  } catch {
    return null;
  }
}

/**
 * --update-baseline: this run's rows replace the baseline's rows of the same (suite, engine, nodes); rows of
 * suites this run did not measure stay, so that a run of some suites keeps the others' baseline.
 */
export function updateBaseline(file: string, rows: readonly BenchRow[], meta: Record<string, unknown>): void {
  const old = readBench(file)?.results ?? [];
  const mine = new Set(rows.map(rowKey));
  writeJson(file, [...old.filter((r) => !mine.has(rowKey(r))), ...rows], meta);
}
