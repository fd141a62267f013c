// `schedkit compare` results: per-profile statistics over seeds (mean and a 95 % confidence interval) and the
// side-by-side table.
import type { CompareRun } from "../commands/compare-run.js";
import { formatTable } from "../table.js";

/** A metric of the comparison: how to read it from a run, its unit, and which direction is better. */
export interface CompareMetric {
  readonly key: string;
  readonly label: string;
  readonly unit: "pods" | "s" | "%" | "nodes" | "pp" | "attempts" | "×";
  readonly better: "lower" | "higher" | null;
  readonly value: (r: CompareRun) => number | null;
  /** Shown only when some run has a value (the contention rows need --hypervisors). */
  readonly optional?: boolean;
}

const COMPARE_METRICS: readonly CompareMetric[] = [
  { key: "placed", label: "pods placed", unit: "pods", better: "higher", value: (r) => r.summary.placed },
  { key: "pendingAtEnd", label: "pending at end", unit: "pods", better: "lower", value: (r) => r.summary.pendingAtEnd },
  { key: "unschedulableAttempts", label: "unschedulable attempts", unit: "attempts", better: "lower", value: (r) => r.summary.unschedulableAttempts },
  { key: "waitP50", label: "wait p50", unit: "s", better: "lower", value: (r) => r.summary.wait.p50 },
  { key: "waitP95", label: "wait p95", unit: "s", better: "lower", value: (r) => r.summary.wait.p95 },
  { key: "waitP99", label: "wait p99", unit: "s", better: "lower", value: (r) => r.summary.wait.p99 },
  { key: "nodesInUseMean", label: "nodes in use (mean)", unit: "nodes", better: "lower", value: (r) => r.summary.nodesInUse.mean },
  { key: "nodesInUsePeak", label: "nodes in use (peak)", unit: "nodes", better: "lower", value: (r) => r.summary.nodesInUse.peak },
  { key: "cpuAllocated", label: "CPU allocated (mean)", unit: "%", better: null, value: (r) => r.summary.cpuAllocated.mean * 100 },
  { key: "memoryAllocated", label: "memory allocated (mean)", unit: "%", better: null, value: (r) => r.summary.memoryAllocated.mean * 100 },
  { key: "strandedCPU", label: "stranded CPU (mean)", unit: "%", better: "lower", value: (r) => r.summary.strandedCPU.mean * 100 },
  { key: "strandedMemory", label: "stranded memory (mean)", unit: "%", better: "lower", value: (r) => r.summary.strandedMemory.mean * 100 },
  { key: "zoneSpread", label: "zone CPU spread (mean)", unit: "pp", better: "lower", value: (r) => r.summary.zoneSpread.mean * 100 },
  { key: "evicted", label: "pods evicted", unit: "pods", better: "lower", value: (r) => r.summary.evicted },
  { key: "contentionMean", label: "host contention, most contended (mean)", unit: "×", better: "lower", optional: true, value: (r) => r.summary.contention?.mean ?? null },
  { key: "contentionPeak", label: "host contention, most contended (peak)", unit: "×", better: "lower", optional: true, value: (r) => r.summary.contention?.peak ?? null },
];

/** The metrics to show: the optional ones only when some profile has a value. */
export function shownMetrics(stats: readonly Record<string, MetricStats>[]): CompareMetric[] {
  return COMPARE_METRICS.filter((m) => m.optional !== true || stats.some((s) => s[m.key]!.n > 0));
}

/** Mean over seeds and the half-width of its 95 % confidence interval (Student's t; null with one seed). */
export interface MetricStats {
  readonly n: number;
  readonly mean: number | null;
  readonly ci95: number | null;
  readonly min: number | null;
  readonly max: number | null;
}

// Two-sided 97.5 % quantiles of Student's t for 1..30 degrees of freedom; 1.96 beyond.
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export function metricStats(values: readonly (number | null)[]): MetricStats {
  const v = values.filter((x): x is number => x !== null);
  const n = v.length;
  if (n === 0) return { n, mean: null, ci95: null, min: null, max: null };
  const mean = v.reduce((a, b) => a + b, 0) / n;
  let ci95: number | null = null;
  if (n > 1) {
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    ci95 = (T975[n - 2] ?? 1.96) * (sd / Math.sqrt(n));
  }
  return { n, mean, ci95, min: Math.min(...v), max: Math.max(...v) };
}

/** Each profile's statistics per metric key. */
export function compareStats(profiles: number, runs: readonly CompareRun[]): Record<string, MetricStats>[] {
  return Array.from({ length: profiles }, (_, p) => {
    const mine = runs.filter((r) => r.profile === p);
    const out: Record<string, MetricStats> = {};
    for (const m of COMPARE_METRICS) out[m.key] = metricStats(mine.map(m.value));
    return out;
  });
}

function num(v: number, unit: CompareMetric["unit"]): string {
  const digits = unit === "pods" || unit === "attempts" ? 0 : unit === "×" ? 2 : unit === "nodes" || unit === "s" ? (Math.abs(v) >= 100 ? 0 : 1) : 1;
  return v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "12.3 ± 0.4 s"; "-" when no run had a value. */
export function formatStat(s: MetricStats, unit: CompareMetric["unit"]): string {
  if (s.mean === null) return "-";
  const u = unit === "%" ? "%" : unit === "s" ? " s" : unit === "pp" ? " pp" : unit === "×" ? "×" : "";
  return s.ci95 === null ? `${num(s.mean, unit)}${u}` : `${num(s.mean, unit)} ± ${num(s.ci95, unit)}${u}`;
}

/** The side-by-side table: one row per metric, one column per profile; the better mean is marked. */
export function renderCompareTable(names: readonly string[], stats: readonly Record<string, MetricStats>[], seeds: number): string[] {
  const rows: string[][] = [["metric", ...names]];
  for (const m of shownMetrics(stats)) {
    const means = stats.map((s) => s[m.key]!.mean);
    const valid = means.filter((x): x is number => x !== null);
    const best = m.better === null || valid.length < 2 || Math.min(...valid) === Math.max(...valid) ? null : m.better === "lower" ? Math.min(...valid) : Math.max(...valid);
    rows.push([m.label, ...stats.map((s, i) => formatStat(s[m.key]!, m.unit) + (best !== null && means[i] === best ? " *" : ""))]);
  }
  const note = seeds > 1 ? `mean ± 95% confidence interval over ${seeds} seeds; * = better` : "one seed (no confidence interval; use --seeds); * = better";
  return [...formatTable(rows, ["left", ...names.map(() => "right" as const)]), "", note];
}
