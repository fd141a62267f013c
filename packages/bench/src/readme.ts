// The README's performance tables, generated from one bench run (`pnpm bench -- --readme`, or
// `pnpm bench -- --from FILE.json --readme` for a run saved with --json): everything between the markers
// <!-- bench:begin --> and <!-- bench:end --> in README.md is replaced; the prose around them is not.
import { readFileSync, writeFileSync } from "node:fs";
import { judge, pairedSpeedUps } from "./goals.js";
import type { BenchFile, BenchRow } from "./report.js";

const BEGIN = "<!-- bench:begin -->";
const END = "<!-- bench:end -->";

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const sci = (n: number) => {
  const e = Math.floor(Math.log10(n));
  return `${(n / 10 ** e).toFixed(2)}×10^${e}`;
};
const ratio = (x: number) => (x >= 10 ? `${Math.round(x)}×` : `${x.toFixed(1)}×`);

function table(head: readonly string[], align: readonly ("l" | "r")[], body: readonly (readonly string[])[]): string {
  return [`| ${head.join(" | ")} |`, `|${align.map((a) => (a === "r" ? "---:" : "---")).join("|")}|`, ...body.map((b) => `| ${b.join(" | ")} |`)].join("\n");
}

/** The run's command as anyone can repeat it: file arguments become FILE (a machine's paths stay on it). */
export function commandLine(args: readonly string[]): string {
  const out = args.map((a, i) => (i > 0 && ["--json", "--baseline", "--from"].includes(args[i - 1]!) ? "FILE" : a));
  return `pnpm bench -- ${out.join(" ")}`.trim();
}

/** The generated section, without the markers. */
export function performanceSection(run: BenchFile): string {
  const rows = run.results;
  const m = run.meta;
  const parts: string[] = [];
  const load = (l: unknown) => (Array.isArray(l) ? (l as number[]).map((x) => x.toFixed(2)).join(", ") : "?");
  parts.push(
    `Generated from one \`pnpm bench\` run (\`${commandLine(String(m["command"] ?? "pnpm bench").replace(/^pnpm bench -- ?/, "").split(" ").filter((a) => a !== ""))}\`) on ${String(m["date"] ?? "?").slice(0, 10)}: ${String(m["cpu"] ?? "?")}, ${String(m["cores"] ?? "?")} cores, Node ${String(m["node"] ?? "?")}; load average (1, 5, 15 min) ${load(m["loadStart"])} at the start and ${load(m["loadEnd"])} at the end${Number((m["loadStart"] as number[] | undefined)?.[0] ?? 0) > 2.5 ? " — other jobs shared the machine, so absolute numbers are low and ratios measured side by side are the ones to read" : ""}. Medians.`,
  );

  const judged = judge(rows);
  if (judged.length > 0) {
    parts.push("**Issue 11's goals** (ratio = measured ÷ goal, ≥ 1 meets it):");
    parts.push(table(["run", "measured", "before", "goal", "ratio"], ["l", "r", "r", "r", "r"], judged.map((j) => [j.run, j.measured, j.start, j.goal, `${j.ratio.toFixed(2)}${j.ratio >= 1 ? " ✓" : ""}`])));
  }

  const runs = rows.filter((r) => r.suite.startsWith("scheduleAll varied") || r.suite.startsWith("deployment replicas") || r.suite.startsWith("100k nodes"));
  if (runs.length > 0) {
    parts.push("**Whole runs** (`scheduleAll`, each placed pod assumed, WASM SIMD; suites `runs`, `deployment`, `huge`):");
    parts.push(
      table(
        ["run", "nodes", "pods", "median time", "pods/s", "node-evals/s", "peak RSS"],
        ["l", "r", "r", "r", "r", "r", "r"],
        runs.map((r) => [r.suite, int(r.nodes), int(r.pods), `${(r.medianMs / 1000).toFixed(2)} s`, int(r.podsPerSec), r.nodeEvalsPerSec > 0 ? sci(r.nodeEvalsPerSec) : "", r.peakRssBytes === undefined ? "" : `${(r.peakRssBytes / 1e9).toFixed(2)} GB`]),
      ),
    );
  }

  const engineSuites = ["resource kernel", "default profile 100%", "replicas 100%"];
  const byEngine = (suite: string, n: number, engine: string) => rows.find((r) => r.suite === suite && r.nodes === n && r.engine === engine);
  const engineRows: string[][] = [];
  for (const suite of engineSuites) {
    for (const n of [...new Set(rows.filter((r) => r.suite === suite).map((r) => r.nodes))]) {
      const [ts, sc, simd] = ["ts", "wasm-scalar", "wasm-simd"].map((e) => byEngine(suite, n, e));
      if (simd === undefined) continue;
      engineRows.push([suite, int(n), ts === undefined ? "" : int(ts.podsPerSec), sc === undefined ? "" : int(sc.podsPerSec), int(simd.podsPerSec), sci(simd.nodeEvalsPerSec), ts === undefined ? "" : ratio(simd.podsPerSec / ts.podsPerSec)]);
    }
  }
  if (engineRows.length > 0) {
    parts.push("**One cycle per pod, nothing assumed, every node examined** (suites `kernel`, `profile`, `replicas`; resource kernel = NodeResourcesFit + LeastAllocated + BalancedAllocation):");
    parts.push(table(["suite", "nodes", "TS pods/s", "WASM scalar pods/s", "WASM SIMD pods/s", "SIMD node-evals/s", "SIMD / TS"], ["l", "r", "r", "r", "r", "r", "r"], engineRows));
  }

  const vs = rows.filter((r) => r.suite === "one cycle vs kube-scheduler v1.37.1");
  if (vs.length > 0) {
    const sizes = [...new Set(vs.map((r) => r.nodes))];
    const ms = (n: number, e: string) => vs.find((r) => r.nodes === n && r.engine === e)?.medianMs;
    parts.push("**Against the real kube-scheduler** (suite `vs-upstream`: one cycle of the bench pod, every node filtered and every feasible node scored, the same decision checked against the oracle; upstream v1.37.1 linked as a library at parallelism 1 and 2, schedkit on one thread; × = upstream time ÷ schedkit time):");
    parts.push(
      table(
        ["nodes", "upstream p=1", "upstream p=2", "schedkit TS", "schedkit WASM SIMD", "WASM vs p=1", "WASM vs p=2", "TS vs p=1"],
        ["r", "r", "r", "r", "r", "r", "r", "r"],
        sizes.map((n) => {
          const [u1, u2, ts, w] = [ms(n, "upstream p=1"), ms(n, "upstream p=2"), ms(n, "ts"), ms(n, "wasm-simd")];
          const f = (x: number | undefined) => (x === undefined ? "" : `${x.toFixed(x < 10 ? 3 : 1)} ms`);
          const x = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? "" : `${(a / b).toFixed(1)}×`);
          return [int(n), f(u1), f(u2), f(ts), f(w), x(u1, w), x(u2, w), x(u1, ts)];
        }),
      ),
    );
  }

  const par = rows.filter((r) => r.workers !== undefined);
  if (par.length > 0) {
    const one = (r: BenchRow) => par.find((x) => x.suite === r.suite && x.nodes === r.nodes && x.workers === 1 && x.cores === undefined);
    const oneCore = (r: BenchRow) => par.find((x) => x.suite === r.suite && x.nodes === r.nodes && x.workers === 1 && x.cores === 1);
    parts.push(
      "**Both cores** (suite `parallel`: `@schedkit/asm/parallel`. *warm pool*: questions asked of an `openParallelCluster` whose threads have already built their cluster and engine and answered once — start-up is paid once per cluster; *one call*: `capacityEach()` / `nodesToAdd()` alone, thread start-up and each thread's `createCluster` included. Both check the threaded answer against the one-thread answer before timing. Medians; thread counts alternate within each iteration, and *pair by pair* is the lowest and highest of the samples' speed-ups, one per iteration; CPU = user + system over all threads, so CPU ÷ wall is the cores kept busy whatever else runs):",
    );
    parts.push(
      table(
        ["question", "nodes", "workers", "samples", "wall", "CPU", "CPU ÷ wall", "speed-up vs 1 thread", "pair by pair", "vs 1 thread on 1 core", "pair by pair"],
        ["l", "r", "r", "r", "r", "r", "r", "r", "r", "r", "r"],
        par.map((r) => {
          const pairs = r.workers === 1 ? undefined : pairedSpeedUps(one(r)!.runsMs, r.runsMs);
          const confined = r.workers === 1 ? undefined : oneCore(r);
          const corePairs = confined === undefined ? undefined : pairedSpeedUps(confined.runsMs, r.runsMs);
          return [
            r.suite,
            int(r.nodes),
            `${r.workers}${r.processes ? ` process${r.workers === 1 ? "" : "es"}` : ""}${r.cores === 1 ? ", on 1 core" : ""}`,
            String(r.samples),
            `${(r.wallMs! / 1000).toFixed(2)} s`,
            `${(r.cpuMs! / 1000).toFixed(2)} s`,
            (r.cpuMs! / r.wallMs!).toFixed(2),
            r.workers === 1 ? "" : `${(one(r)!.wallMs! / r.wallMs!).toFixed(2)}×`,
            pairs === undefined ? "" : `${pairs.min.toFixed(2)}–${pairs.max.toFixed(2)}×`,
            confined === undefined ? "" : `${(confined.wallMs! / r.wallMs!).toFixed(2)}×`,
            corePairs === undefined ? "" : `${corePairs.min.toFixed(2)}–${corePairs.max.toFixed(2)}×`,
          ];
        }),
      ),
    );
  }
  return parts.join("\n\n");
}

/** Replaces the section between the markers of `readme`; throws when they are missing. */
export function writeReadme(readme: string, run: BenchFile): void {
  const text = readFileSync(readme, "utf8");
  const b = text.indexOf(BEGIN);
  const e = text.indexOf(END);
  if (b < 0 || e < b) throw new Error(`${readme}: no ${BEGIN} … ${END} section to regenerate`);
  writeFileSync(readme, `${text.slice(0, b + BEGIN.length)}\n${performanceSection(run)}\n${text.slice(e)}`);
  console.log(`\nregenerated the performance tables in ${readme}`);
}
