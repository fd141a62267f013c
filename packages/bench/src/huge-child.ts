// The child process of suite "huge" (huge.ts): one whole run, then one JSON line on stdout. The run takes the
// path a caller of 10⁶ pods should: the pods handed over as an iterable that makes each as it is asked for
// (syntheticPodStream; a reader of a dump would parse one item at a time), so that their objects are garbage
// once parsed, and results streamed through onResult (keepResults false), none kept.
import { createCluster, syntheticCluster, syntheticPodStream } from "@schedkit/core";
import { createWasmEngineSync } from "@schedkit/asm";

const nodes = Number(process.argv[2]);
const pods = Number(process.argv[3]);
const cpu0 = process.cpuUsage();
const marks: { phase: string; ms: number; rssBytes: number }[] = [];
let last = performance.now();
const t0 = last;
const mark = (phase: string) => {
  const now = performance.now();
  marks.push({ phase, ms: now - last, rssBytes: process.memoryUsage().rss });
  last = now;
};
let generated: ReturnType<typeof syntheticCluster> | null = syntheticCluster({ nodes, seed: 1 });
const input = syntheticPodStream({ count: pods, seed: 2 });
mark("generate");
const cluster = createCluster(generated);
// The cluster keeps what it parsed, not the objects it was given: a caller who read a dump can drop them.
generated = null;
mark("cluster");
const scheduler = createWasmEngineSync({ flavor: "simd" }).scheduler(cluster, { explain: false, seed: 7 });
mark("engine");
let results = 0;
let scheduled = 0;
let evaluatedNodes = 0;
const run = scheduler.scheduleAll(input, {
  keepResults: false,
  onResult: (r) => {
    results++;
    evaluatedNodes += r.evaluatedNodes;
    if (r.nodeName !== null) scheduled++;
  },
});
mark("run");
if (results !== pods || scheduled !== run.summary.scheduled) throw new Error(`huge: ${results} results (${scheduled} placed) for ${pods} pods (summary: ${run.summary.scheduled} placed)`);
const cpu = process.cpuUsage(cpu0);
const wallMs = performance.now() - t0;
process.stdout.write(
  JSON.stringify({
    nodes,
    pods: results,
    scheduled,
    wallMs,
    runMs: marks.find((m) => m.phase === "run")!.ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    phases: marks,
    paths: { runPods: scheduler.stats.runPods, fusedWindowPods: scheduler.stats.fusedWindowPods, fusedWindowKeptPairs: scheduler.stats.fusedWindowKeptPairs, evaluatedNodes },
  }) + "\n",
);
