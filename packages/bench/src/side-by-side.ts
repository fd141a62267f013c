// The bench's Deployment run (runs.ts `deploymentRunSuite`: 50,000 replicas of `benchDeployment` on
// syntheticCluster({ nodes: 5000, seed: 1 }), system-default spreading, seed 7) on two builds of schedkit in one
// process, run by run alternating, so that a loaded machine's load falls on both alike:
//
//   node --expose-gc --single-threaded-gc packages/bench/dist/side-by-side.js <other checkout> [adaptive|all] [rounds]
//
// Both checkouts built (`pnpm run build`); A is the other checkout, B this one. Per build: the median and the
// fastest CPU time of a run (process.cpuUsage: with --single-threaded-gc the garbage collector's work is on
// the main thread and counted) and wall time, the time spent inside the kernel's run calls and the rest (the
// host's JavaScript and garbage collection), and whether both builds' runs give equal results (their JSON).
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { benchDeployment } from "./runs.js";

const [other, mode = "adaptive", roundsArg = "9"] = process.argv.slice(2);
if (other === undefined || (mode !== "adaptive" && mode !== "all")) {
  console.error("usage: node --expose-gc --single-threaded-gc packages/bench/dist/side-by-side.js <other checkout> [adaptive|all] [rounds]");
  process.exit(2);
}
const rounds = Number(roundsArg);

interface Build {
  readonly run: () => unknown;
  readonly timed: { kernel: number };
}

// Untyped: the other checkout's build may differ from this one's types.
async function build(core: any, asm: any): Promise<Build> {
  const base = core.syntheticCluster({ nodes: 5000, seed: 1 });
  const nodes = core.createCluster({ nodes: base.nodes, pods: [] }).nodes;
  const expansion = core.expandWorkload(benchDeployment(50000), "deployment", { nodes });
  const cluster = core.createCluster([...base.nodes, ...base.pods, ...expansion.controllers, ...expansion.pods]);
  const engine = asm.createWasmEngineSync({ flavor: "simd" });
  // The kernel's run calls, timed (a WasmScheduler's kernel is internal: reached here for the measurement only).
  const kernel = Object.getPrototypeOf(engine.scheduler(cluster).kernel);
  const runPods = kernel.runPods;
  const timed = { kernel: 0 };
  kernel.runPods = function (this: unknown, ...args: unknown[]) {
    const t = performance.now();
    try {
      return runPods.apply(this, args);
    } finally {
      timed.kernel += performance.now() - t;
    }
  };
  const options = { explain: false, seed: 7, ...(mode === "all" ? { percentageOfNodesToScore: 100 } : {}) };
  return { run: () => engine.scheduleAll(undefined, cluster, options), timed };
}

const at = (p: string) => pathToFileURL(resolve(other, p)).href;
const builds = [
  await build(await import(at("packages/core/dist/index.js")), await import(at("packages/asm/dist/index.js"))),
  await build(await import(new URL("../../core/dist/index.js", import.meta.url).href), await import(new URL("../../asm/dist/index.js", import.meta.url).href)),
];
// One run each first (the warm-up), compared.
const first = builds.map((b) => JSON.stringify(b.run()));
const equal = first[0] === first[1];
const samples: { cpu: number; wall: number; kernel: number }[][] = [[], []];
const loads: number[] = [];
for (let r = 0; r < rounds; r++) {
  for (const k of r % 2 === 0 ? [0, 1] : [1, 0]) {
    (globalThis as { gc?: () => void }).gc?.();
    const b = builds[k]!;
    b.timed.kernel = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    b.run();
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    samples[k]!.push({ cpu: (c.user + c.system) / 1000, wall, kernel: b.timed.kernel });
  }
  loads.push(loadavg()[0]!);
}
const median = (xs: number[]) => xs.slice().sort((x, y) => x - y)[xs.length >> 1]!;
const row = (name: string, s: { cpu: number; wall: number; kernel: number }[]) => {
  const cpu = s.map((x) => x.cpu);
  return { name, cpu: median(cpu), fastest: Math.min(...cpu), wall: median(s.map((x) => x.wall)), kernel: median(s.map((x) => x.kernel)), rest: median(s.map((x) => x.wall - x.kernel)) };
};
const [a, b] = [row("A (other)", samples[0]!), row("B (this)", samples[1]!)];
for (const x of [a, b]) {
  console.log(`${x.name.padEnd(10)} cpu ${x.cpu.toFixed(1)} ms (fastest ${x.fastest.toFixed(1)}), wall ${x.wall.toFixed(1)} ms: kernel ${x.kernel.toFixed(1)}, the rest ${x.rest.toFixed(1)}`);
}
console.log(
  `${mode}, ${rounds} runs each: A/B cpu ${(a.cpu / b.cpu).toFixed(3)} (fastest ${(a.fastest / b.fastest).toFixed(3)}), wall ${(a.wall / b.wall).toFixed(3)}, the rest ${(a.rest / b.rest).toFixed(3)}; results equal: ${equal}; load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
);
if (!equal) process.exitCode = 1;
