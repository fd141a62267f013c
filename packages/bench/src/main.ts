// pnpm bench [-- --suites LIST] [--quick] [--sizes 500,5000] [--json FILE] [--baseline FILE] [--update-baseline]
//            [--readme] [--from FILE] [--capacity-max 100000] [--run-nodes 5000] [--run-pods 50000]
//            [--upstream-sizes 500,5000,50000] [--workers 2] [--parallel-sizes 2000,10000] [--layered-against DIR[,DIR…]]
// Suites (default: schedule,kernel,profile,replicas,simulate,runs,deployment,replica-run,vs-upstream,ceiling,parallel):
//   schedule    the TypeScript engine, one cycle per pod (adaptive % and every node)
//   kernel, profile, replicas   TS, WASM scalar and WASM SIMD side by side, one cycle per pod, every node
//   runs        scheduleAll, 5,000 nodes × 50,000 varied pods, adaptive % and every node (issue 11)
//   deployment  scheduleAll of a 50,000-replica Deployment (with its ReplicaSet: system-default spreading) on 5,000 nodes, both modes
//   replica-run 50,000 identical pods without an owner (no default spreading) on 5,000 nodes, both modes (src/replicas.ts)
//   huge        100,000 nodes × 1,000,000 pods, wall and peak RSS in a child process (minutes, GiB: not default)
//   vs-upstream one cycle vs kube-scheduler v1.37.1 at 500/5,000/50,000 nodes, in this run (needs Go; skipped without)
//   ceiling     the resource kernel vs a native 128-bit SIMD C loop at 10,000 nodes (src/ceiling.ts; needs a C compiler)
//   long-lived  simulate() with a long-lived scheduler vs a new scheduler per pass (not default)
//   parallel    what-if questions on worker threads vs one thread (@schedkit/asm/parallel), and a seed sweep
//               split across processes (split.ts)
//   simulate, layered, capacity   simulate(), the layered CPU report (--layered-against DIR[,DIR…]: other built checkouts
//               timed beside this one), capacity()
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { scheduleSuite } from "./schedule.js";
import { defaultProfileSuite, kernelSuite, printRatios, replicasSuite } from "./engines.js";
import { printBaseline, printTable, readBench, updateBaseline, writeJson, type BenchFile, type BenchRow } from "./report.js";
import { layeredSuite } from "./layered.js";
import { capacitySuite } from "./capacity.js";
import { simulateSuite } from "./simulate.js";
import { deploymentRunSuite, variedRunSuite } from "./runs.js";
import { hugeSuite } from "./huge.js";
import { vsUpstreamSuite } from "./vs-upstream.js";
import { cpuList, parallelSuite } from "./parallel.js";
import { splitSuite } from "./split.js";
import { judge, printJudged } from "./goals.js";
import { commandLine, writeReadme } from "./readme.js";
import { ceilingSuite } from "./ceiling.js";
import { longLivedSuite } from "./long-lived.js";
import { deploymentSuite as identicalReplicaSuite } from "./replicas.js";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(name);
const numbers = (s: string) => s.split(",").map(Number);

const quick = flag("--quick");
const time = quick ? 300 : 2000;
const baselineFile = arg("--baseline") ?? fileURLToPath(new URL("../baseline.json", import.meta.url));
const DEFAULT_SUITES = "schedule,kernel,profile,replicas,simulate,runs,deployment,replica-run,vs-upstream,ceiling,parallel";
const suites = (arg("--suites") ?? DEFAULT_SUITES).split(",");
const meta: Record<string, unknown> = {
  node: process.version,
  cpu: cpus()[0]?.model ?? "",
  cores: cpus().length,
  date: new Date().toISOString(),
  time,
  command: commandLine(process.argv.slice(2)),
  loadStart: loadavg(),
};

let rows: BenchRow[] = [];
const json = arg("--json");
/** With --json, the file is rewritten after every suite: a long run stopped half-way keeps what it measured. */
const checkpoint = () => {
  if (json !== undefined) writeJson(json, rows, { ...meta, partial: true });
};
const from = arg("--from");
let run: BenchFile;
if (from !== undefined) {
  const saved = readBench(from);
  if (saved === null) throw new Error(`--from ${from}: not a bench JSON file`);
  run = saved;
  rows = [...saved.results];
} else {
  const sizes = numbers(arg("--sizes") ?? "500,5000");
  const engineSizes = numbers(arg("--sizes") ?? "500,5000,10000,50000");
  const runOpts = { nodes: Number(arg("--run-nodes") ?? 5000), pods: Number(arg("--run-pods") ?? 50_000), iterations: quick ? 3 : 5 };
  const workers = arg("--workers");
  const table: [string, () => Promise<BenchRow[]> | BenchRow[]][] = [
    ["schedule", () => scheduleSuite({ sizes, time })],
    ["kernel", () => kernelSuite({ sizes: engineSizes, time })],
    ["profile", () => defaultProfileSuite({ sizes: engineSizes, time })],
    ["layered", () => layeredSuite({ quick, against: arg("--layered-against")?.split(",") })],
    ["replicas", () => replicasSuite({ sizes: engineSizes, time })],
    ["simulate", () => simulateSuite({})],
    ["capacity", () => capacitySuite({ sizes: numbers(arg("--sizes") ?? "5000"), max: Number(arg("--capacity-max") ?? 100_000), quick })],
    ["runs", () => variedRunSuite(runOpts)],
    ["deployment", () => deploymentRunSuite(runOpts)],
    ["long-lived", () => longLivedSuite({ nodes: runOpts.nodes, iterations: quick ? 1 : 2 })],
    ["replica-run", () => identicalReplicaSuite({ sizes: [runOpts.nodes], replicas: runOpts.pods, iterations: runOpts.iterations })],
    ["huge", () => hugeSuite({ nodes: Number(arg("--huge-nodes") ?? 100_000), pods: Number(arg("--huge-pods") ?? 1_000_000) })],
    ["vs-upstream", () => vsUpstreamSuite({ sizes: numbers(arg("--upstream-sizes") ?? "500,5000,50000"), count: quick ? 3 : 5 })],
    ["ceiling", () => ceilingSuite({ sizes: numbers(arg("--ceiling-sizes") ?? "10000"), time })],
    [
      "parallel",
      async () => [
        ...(await parallelSuite({ sizes: numbers(arg("--parallel-sizes") ?? "2000"), iterations: quick ? 1 : 3, warmSamples: quick ? 7 : 11, ...(workers === undefined ? {} : { workers: numbers(workers) }) })),
        // The sweep split by seed across processes that README's "more than one machine" describes, on the
        // first parallel size with 30 arrivals a node (60,000 on the default 2,000 nodes).
        ...(await splitSuite({ nodes: numbers(arg("--parallel-sizes") ?? "2000")[0]!, arrivals: 30 * numbers(arg("--parallel-sizes") ?? "2000")[0]!, seeds: 8, samples: quick ? 3 : 5, cpus: cpuList() })),
      ],
    ],
  ];
  const unknown = suites.filter((s) => !table.some(([name]) => name === s));
  if (unknown.length > 0) throw new Error(`--suites: unknown suite ${unknown.join(", ")} (known: ${table.map(([n]) => n).join(", ")})`);
  for (const [name, suite] of table) {
    if (!suites.includes(name)) continue;
    rows.push(...(await suite()));
    checkpoint();
  }
  meta["loadEnd"] = loadavg();
  run = { meta, results: rows };
}

console.log("");
printTable(rows);
printRatios(rows);
printJudged(judge(rows));
// The committed baseline (packages/bench/baseline.json) is the previous measurement to compare against.
printBaseline(rows, baselineFile);
if (json !== undefined && from === undefined) {
  writeJson(json, rows, meta);
  console.log(`\nwrote ${json}`);
}
if (flag("--update-baseline") && from === undefined) {
  updateBaseline(baselineFile, rows, meta);
  console.log(`\nupdated the baseline ${baselineFile} with this run's ${rows.length} rows`);
}
if (flag("--readme")) writeReadme(fileURLToPath(new URL("../../../README.md", import.meta.url)), run);
