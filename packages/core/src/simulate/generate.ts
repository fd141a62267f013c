// A seeded workload generator: diurnal, bursty or uniform arrivals; uniform or heavy-tailed (Zipf) pod sizes;
// exponential or heavy-tailed (Pareto) run times. The same options and seed give the same workload.
import { SchedkitError } from "../errors.js";
import { Rng } from "../framework/rng.js";
import type { PodArrival, Workload } from "./types.js";
import { MAX_SIMULATED_SECONDS, WorkloadBuilder } from "./workload.js";

/** Options of generateWorkload. */
export interface GenerateWorkloadOptions {
  /** Number of pod arrivals (0..10,000,000). */
  readonly pods: number;
  /** Generator seed (uint32). Default 1. */
  readonly seed?: number;
  /** Length of the generated period in seconds. Default 86400 (a day). */
  readonly durationSeconds?: number;
  /** Arrival pattern. Default "diurnal". */
  readonly arrivals?: "uniform" | "diurnal" | "bursty";
  /** Pod size mix. Default "heavy-tailed". */
  readonly sizes?: "uniform" | "heavy-tailed";
  /** Run-time distribution. Default "heavy-tailed". */
  readonly durations?: "exponential" | "heavy-tailed";
  /** Mean run time in seconds (before truncation at the period's length). Default 600. */
  readonly meanRunSeconds?: number;
  /** Share of pods at priority 1000 (the rest at 0), 0..1. Default 0.05. */
  readonly highPriorityShare?: number;
  /** Namespace of the pods. Default "default". */
  readonly namespace?: string;
}

const CPU_MILLI = [100, 250, 500, 1000, 2000, 4000, 8000, 16000] as const;
const MEM_MI_PER_CORE = [1024, 2048, 4096] as const;
const PARETO_ALPHA = 1.5;
/** Bursty: this share of arrivals falls in bursts, one burst per two hours, each a Gaussian of σ = 5 minutes. */
const BURST_SHARE = 0.3;
const BURST_EVERY_S = 7200;
const BURST_SIGMA_S = 300;

/** A uniform double in (0, 1). */
function unit(r: Rng): number {
  return (r.next() + 0.5) / 4294967296;
}

/** Diurnal rate, low at midnight and high at noon: 1 + 0.6·sin(2πt/day − π/2), in [0.4, 1.6]. */
function diurnal(t: number): number {
  return 1 + 0.6 * Math.sin((2 * Math.PI * t) / 86400 - Math.PI / 2);
}

function choice<T extends string>(v: unknown, path: string, allowed: readonly T[], def: T): T {
  if (v === undefined) return def;
  if (!allowed.includes(v as T)) throw new SchedkitError(path, v, `is not one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`);
  return v as T;
}

function mix(seed: number, i: number): number {
  let h = Math.imul(seed ^ 0x27d4eb2d, 0x165667b1) ^ Math.imul(i + 1, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca77);
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * Generates a workload of `pods` arrivals over `durationSeconds`. Arrival times are drawn independently from
 * the pattern's density and sorted (8 bytes per pod are kept); each pod's size, priority and run time come
 * from its own stream (seed, index), produced while the workload is iterated. Heavy-tailed sizes pick the
 * k-th CPU size (100m … 16) with weight 1/(k+1)^1.5 and 1, 2 or 4 GiB per core; heavy-tailed run times are
 * Pareto (α = 1.5) with the given mean, truncated at the period's length.
 */
export function generateWorkload(options: GenerateWorkloadOptions): Workload {
  if (typeof options !== "object" || options === null) throw new SchedkitError("options", options, "is not an options object");
  const n = options.pods;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 10_000_000) throw new SchedkitError("pods", n, "is not an integer 0..10000000");
  const seed = options.seed ?? 1;
  const rng = new Rng(seed);
  const period = options.durationSeconds ?? 86400;
  if (typeof period !== "number" || !(period > 0) || period > MAX_SIMULATED_SECONDS) throw new SchedkitError("durationSeconds", period, `is not a duration in (0, ${MAX_SIMULATED_SECONDS}] seconds`);
  const pattern = choice(options.arrivals, "arrivals", ["uniform", "diurnal", "bursty"] as const, "diurnal");
  const sizes = choice(options.sizes, "sizes", ["uniform", "heavy-tailed"] as const, "heavy-tailed");
  const durations = choice(options.durations, "durations", ["exponential", "heavy-tailed"] as const, "heavy-tailed");
  const mean = options.meanRunSeconds ?? 600;
  if (typeof mean !== "number" || !(mean > 0) || mean > MAX_SIMULATED_SECONDS) throw new SchedkitError("meanRunSeconds", mean, "is not a positive number of seconds");
  const high = options.highPriorityShare ?? 0.05;
  if (typeof high !== "number" || !(high >= 0 && high <= 1)) throw new SchedkitError("highPriorityShare", high, "is not a share in [0, 1]");

  const times = new Float64Array(n);
  const bursts: number[] = [];
  if (pattern === "bursty") for (let b = 0; b < Math.max(1, Math.round(period / BURST_EVERY_S)); b++) bursts.push(unit(rng) * period);
  for (let i = 0; i < n; i++) {
    let t: number;
    if (pattern === "bursty" && unit(rng) < BURST_SHARE) {
      // A burst's arrivals: Box–Muller normal around its centre, redrawn until inside the period.
      const c = bursts[rng.below(bursts.length)]!;
      do t = c + BURST_SIGMA_S * Math.sqrt(-2 * Math.log(unit(rng))) * Math.cos(2 * Math.PI * unit(rng));
      while (t < 0 || t >= period);
    } else if (pattern === "uniform") t = unit(rng) * period;
    else {
      // Rejection sampling from the diurnal density (its maximum is 1.6).
      do t = unit(rng) * period;
      while (unit(rng) * 1.6 >= diurnal(t));
    }
    // Millisecond resolution, the simulation's clock.
    times[i] = Math.floor(t * 1000) / 1000;
  }
  times.sort();

  const b = new WorkloadBuilder();
  const ns = options.namespace ?? "default";
  const shapeIndex: number[] = [];
  for (const cpu of CPU_MILLI) {
    for (const mem of MEM_MI_PER_CORE) {
      for (const priority of [0, 1000]) {
        const memMi = Math.max(128, Math.round((mem * cpu) / 1000));
        shapeIndex.push(b.shape({ namespace: ns, cpu: `${cpu}m`, memory: `${memMi}Mi`, priority, labels: { app: "generated" } }, "generated", `gen-${cpu}m-${memMi}mi${priority > 0 ? "-hi" : ""}`));
      }
    }
  }
  const cpuWeights = CPU_MILLI.map((_, k) => (sizes === "uniform" ? 1 : 1 / (k + 1) ** 1.5));
  const totalWeight = cpuWeights.reduce((a, c) => a + c, 0);
  const xm = (mean * (PARETO_ALPHA - 1)) / PARETO_ALPHA;
  const arrival = (i: number): PodArrival => {
    const r = new Rng(mix(seed, i));
    let u = unit(r) * totalWeight;
    let k = 0;
    while (k < CPU_MILLI.length - 1 && u >= cpuWeights[k]!) u -= cpuWeights[k++]!;
    const m = r.below(MEM_MI_PER_CORE.length);
    const hi = unit(r) < high ? 1 : 0;
    const v = unit(r);
    const d = durations === "exponential" ? -mean * Math.log(v) : xm / v ** (1 / PARETO_ALPHA);
    return { at: times[i]!, shape: shapeIndex[(k * MEM_MI_PER_CORE.length + m) * 2 + hi]!, duration: Math.min(period, Math.max(1, Math.round(d))) };
  };
  const base = b.build(period);
  return Object.freeze({
    ...base,
    arrivals: {
      *[Symbol.iterator](): Iterator<PodArrival> {
        for (let i = 0; i < n; i++) yield arrival(i);
      },
    },
    arrivalCount: n,
  });
}
