// The ratios the speed work is judged by (issue 11's table): each goal reads the rows of one run and says what
// was measured, the starting point the issue recorded on the same kind of machine, the goal, and measured ÷
// goal oriented so that ≥ 1 meets it. A goal whose suite did not run in this run is left out.
import type { BenchRow } from "./report.js";

export interface Judged {
  readonly run: string;
  readonly measured: string;
  /** What the issue measured before the work (2-core machine, medians). */
  readonly start: string;
  readonly goal: string;
  /** measured ÷ goal, ≥ 1 when met (for "below" goals: goal ÷ measured). */
  readonly ratio: number;
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");

/**
 * How far the speed-up of `many` over `one` moved from sample to sample: sample i of each ran in the same
 * iteration, side by side, so each pair's ratio is one reading of it under the load of that moment.
 * Undefined with fewer than two pairs.
 */
export function pairedSpeedUps(one: readonly number[] | undefined, many: readonly number[] | undefined): { min: number; max: number; n: number } | undefined {
  if (one === undefined || many === undefined || one.length !== many.length || one.length < 2) return undefined;
  const xs = one.map((t, i) => t / many[i]!);
  return { min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}
const find = (rows: readonly BenchRow[], suite: string, engine: string) => rows.find((r) => r.suite === suite && r.engine === engine);

export function judge(rows: readonly BenchRow[]): Judged[] {
  const out: Judged[] = [];
  // Labels name the sizes the row measured (the issue's: 5,000 nodes × 50,000 pods; smaller with --run-pods).
  const perSec = (run: (r: BenchRow) => string, suite: string, start: number, goal: number, startNote = "") => {
    const r = find(rows, suite, "wasm-simd");
    if (r !== undefined) out.push({ run: run(r), measured: `${int(r.podsPerSec)} pods/s`, start: `${int(start)} pods/s${startNote}`, goal: `≥ ${int(goal)} pods/s`, ratio: r.podsPerSec / goal });
  };
  perSec((r) => `\`scheduleAll\`, ${int(r.nodes)} nodes × ${int(r.pods)} varied pods, adaptive %`, "scheduleAll varied (adaptive %)", 14_100, 100_000);
  perSec((r) => `same (${int(r.nodes)} × ${int(r.pods)}), every node examined`, "scheduleAll varied (100% nodes)", 8_650, 40_000);
  // The starting points for the Deployment were measured without its ReplicaSet in the cluster, so
  // without PodTopologySpread's system-default constraints; the suite includes them, as the goal does.
  perSec((r) => `${int(r.pods)}-replica Deployment on ${int(r.nodes)} nodes, every node, system-default spreading`, "deployment replicas (100% nodes)", 22_000, 300_000, " (no spreading)");
  perSec((r) => `${int(r.pods)}-replica Deployment on ${int(r.nodes)} nodes, adaptive %, system-default spreading`, "deployment replicas (adaptive %)", 14_600, 300_000, " (no spreading)");

  // src/replicas.ts: identical pods without an owner, the shape the starting points were measured on.
  perSec((r) => `${int(r.pods)} identical replicas (no owner, no spreading) on ${int(r.nodes)} nodes, every node`, "deployment every node", 22_000, 300_000);
  perSec((r) => `${int(r.pods)} identical replicas (no owner, no spreading) on ${int(r.nodes)} nodes, adaptive %`, "deployment adaptive %", 14_600, 300_000);

  const huge = rows.find((r) => r.suite.startsWith("100k nodes × 1M pods"));
  if (huge !== undefined) {
    out.push({ run: "100,000 nodes × 1,000,000 pods, adaptive %: wall", measured: `${(huge.wallMs! / 1000).toFixed(1)} s`, start: "117 s", goal: "< 30 s", ratio: 30_000 / huge.wallMs! });
    out.push({ run: "same: peak RSS", measured: `${(huge.peakRssBytes! / 1e9).toFixed(2)} GB`, start: "3.66 GB", goal: "< 1.5 GB", ratio: 1.5e9 / huge.peakRssBytes! });
  }

  const start: Record<number, string> = { 500: "5×", 5000: "11×", 50000: "7×" };
  for (const up of rows.filter((r) => r.suite === "one cycle vs kube-scheduler v1.37.1" && r.engine === "upstream p=1")) {
    const mine = find(rows.filter((r) => r.nodes === up.nodes), up.suite, "wasm-simd");
    if (mine === undefined) continue;
    const x = up.medianMs / mine.medianMs;
    out.push({ run: `one cycle vs kube-scheduler v1.37.1 (p=1), ${int(up.nodes)} nodes`, measured: `${x.toFixed(1)}× faster`, start: start[up.nodes] ?? "", goal: "≥ 20×", ratio: x / 20 });
  }

  // The ceiling suite (packages/bench/src/ceiling.ts): the WASM SIMD resource kernel against a native SIMD C
  // loop of the same formulas, per size.
  for (const c of rows.filter((r) => /ceiling|native|vs C/i.test(r.suite) && /^(c|native)/i.test(r.engine))) {
    const mine = rows.find((r) => r.suite === c.suite && r.nodes === c.nodes && r.engine === "wasm-simd");
    if (mine === undefined) continue;
    const x = mine.podsPerSec / c.podsPerSec;
    out.push({ run: `resource kernel at ${int(c.nodes)} nodes vs native 128-bit SIMD C`, measured: `${x.toFixed(2)}×`, start: "0.49–0.72×", goal: "≥ 0.8×", ratio: x / 0.8 });
  }

  // Two threads judged against one thread free to use every core (V8's helper threads then take part of the
  // second core for it), and against one thread with the whole process confined to one core: how the same work
  // scales from one core to two (suite parallel's rows with `cores: 1`, where taskset could confine it).
  for (const one of rows.filter((r) => r.workers === 1)) {
    for (const many of rows.filter((r) => r.suite === one.suite && r.nodes === one.nodes && (r.workers ?? 1) > 1)) {
      // Judged by the ratio of the medians (the README's table shows the same), with the pairs' spread beside it.
      const x = one.wallMs! / many.wallMs!;
      const pairs = pairedSpeedUps(one.runsMs, many.runsMs);
      const spread = pairs === undefined ? "" : `medians of ${pairs.n}, pair by pair ${pairs.min.toFixed(2)}–${pairs.max.toFixed(2)}×; `;
      out.push({
        run: `${one.suite} on ${many.workers} ${many.processes ? "processes" : "threads"} vs 1${one.cores === 1 ? " on 1 core" : ""} (${int(one.nodes)} nodes)`,
        measured: `${x.toFixed(2)}× (${spread}CPU/wall ${(many.cpuMs! / many.wallMs!).toFixed(2)} vs ${(one.cpuMs! / one.wallMs!).toFixed(2)})`,
        start: "1 thread",
        goal: many.workers === 2 ? "≥ 1.7×" : `≥ ${(0.85 * many.workers!).toFixed(1)}×`,
        ratio: x / (0.85 * many.workers!),
      });
    }
  }
  return out;
}

export function printJudged(judged: readonly Judged[]): void {
  if (judged.length === 0) return;
  console.log("\nissue 11's goals (ratio = measured ÷ goal; ≥ 1 meets it):");
  const w = Math.max(...judged.map((j) => j.run.length));
  for (const j of judged) console.log(`  ${j.run.padEnd(w)}  ${j.measured.padStart(28)}  (start ${j.start}, goal ${j.goal})  ${j.ratio.toFixed(2)}${j.ratio >= 1 ? "  met" : ""}`);
}
