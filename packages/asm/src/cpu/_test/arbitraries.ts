// fast-check generators over the layered model's whole input domain, biased to its boundaries: zero and
// negative-zero demands, zero limits, equal weights, kernel shares at the clamps, requests at MAX_MILLI_CPU,
// hosts at WATER_FILL_MAX_CAPACITY pCPUs, and sibling sets past the insertion-sort threshold.
import fc from "fast-check";
import { MAX_MILLI_CPU } from "@schedkit/core/cgroup";
import {
  WATER_FILL_MAX_CAPACITY,
  WATER_FILL_MAX_WEIGHT,
  type LayeredHost,
  type LayeredInventory,
  type LayeredPod,
  type LayeredVm,
} from "@schedkit/core/overcommit";

import { kubePod, layeredPod, type NumericLayeredContainer } from "../../../../core/src/_test/layered-pod.js";

const big = (max: number) => fc.bigInt({ min: 0n, max: BigInt(max) }).map(Number);

/** Millicores of realistic pods, and the shares/quota edges (10 m, 1000 m, 256 CPUs). */
const milliCpuSmall = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 16_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1, 9, 10, 11, 100, 999, 1000, 1001, 255_999, 256_000, 256_001) },
);

/** Millicores: small realistic values, the shares/quota edges (10 m, 1000 m, 256 CPUs) and the domain end. */
export const milliCpuAny = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 16_000 }) },
  { weight: 6, arbitrary: fc.constantFrom(0, -0, 1, 9, 10, 11, 100, 999, 1000, 1001, 255_999, 256_000, 256_001, 262_144_000) },
  { weight: 1, arbitrary: big(MAX_MILLI_CPU) },
  { weight: 1, arbitrary: fc.constant(MAX_MILLI_CPU) },
);

const memorySmall = fc.constantFrom(0, -0, 1, 2 ** 30, 2 ** 32);

/** Bytes. */
const memoryAny = fc.oneof(
  { weight: 16, arbitrary: fc.constantFrom(0, -0, 1, 2 ** 30, 2 ** 32) },
  { weight: 1, arbitrary: big(Number.MAX_SAFE_INTEGER) },
  { weight: 1, arbitrary: fc.constant(Number.MAX_SAFE_INTEGER) },
);

/** CPU demand in millicores: idle, −0, integers, fractions, far beyond any cap. */
const demandMilli = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(0, -0, 1, 150, 1000, 4000) },
  { weight: 3, arbitrary: fc.double({ min: 0, max: 64_000, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1e15, noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 64_000 }) },
);

const threads = fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(0, -0, 1, 2) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 64 }) });

function list(cpu: fc.Arbitrary<number>, mem: fc.Arbitrary<number>) {
  return fc.option(fc.record({ cpu, memory: mem }, { requiredKeys: [] }), { nil: undefined, freq: 4 });
}

function container(extreme: boolean): fc.Arbitrary<NumericLayeredContainer> {
  const milliCpu = extreme ? milliCpuAny : milliCpuSmall;
  const memory = extreme ? memoryAny : memorySmall;
  const withThreads = (c: NumericLayeredContainer, t: number | undefined): NumericLayeredContainer => ({ ...c, ...(t === undefined ? {} : { threads: t }) });
  // Guaranteed-shaped: equal non-zero cpu and memory requests and limits.
  const guaranteed = fc
    .tuple(milliCpu.filter((v) => v > 0), memory.filter((v) => v > 0), demandMilli, threads)
    .map(([cpu, mem, d, t]) => withThreads({ requests: { cpu, memory: mem }, limits: { cpu, memory: mem }, demandMilli: d }, t));
  // Limits only: API defaulting makes them the requests.
  const limitOnly = fc.tuple(milliCpu, memory, demandMilli, threads).map(([cpu, mem, d, t]) => withThreads({ limits: { cpu, memory: mem }, demandMilli: d }, t));
  const any = fc
    .tuple(list(milliCpu, memory), list(milliCpu, memory), demandMilli, threads)
    .map(([requests, limits, d, t]) => withThreads({ ...(requests === undefined ? {} : { requests }), ...(limits === undefined ? {} : { limits }), demandMilli: d }, t));
  const bestEffort = fc.tuple(demandMilli, threads).map(([d, t]) => withThreads({ demandMilli: d }, t));
  return fc.oneof(guaranteed, limitOnly, any, bestEffort);
}

/**
 * How a pod writes its quantities (the pods come as "<n>m" cpu and "<n>" bytes): whole CPUs and binary
 * suffixes where they are exact, JSON numbers, or fractions and exponents that only the full parser reads.
 */
type Spelling = "milli" | "whole" | "number" | "full-parser";

function respell(v: unknown, resource: string, spelling: Spelling): unknown {
  if (typeof v !== "string" || spelling === "milli") return v;
  if (resource === "cpu") {
    const m = Number(v.slice(0, -1));
    if (spelling === "whole") return m % 1000 === 0 ? String(m / 1000) : v;
    if (spelling === "number") return m % 1000 === 0 ? m / 1000 : v;
    return `${m / 1000}`.includes("e") ? v : `${m / 1000}`; // "0.25": a fraction of a CPU
  }
  const b = Number(v);
  if (spelling === "whole") return b % 2 ** 20 === 0 ? `${b / 2 ** 20}Mi` : b % 1024 === 0 ? `${b / 1024}Ki` : v;
  if (spelling === "number") return b;
  return b % 1000 === 0 ? `${b / 1000}e3` : v;
}

function respellLists(o: Record<string, unknown> | undefined, spelling: Spelling): void {
  if (o === undefined) return;
  for (const key of ["requests", "limits"]) {
    const list = o[key] as Record<string, unknown> | undefined;
    if (list !== undefined) o[key] = Object.fromEntries(Object.entries(list).map(([r, q]) => [r, respell(q, r, spelling)]));
  }
}

/**
 * A v1.Pod with demands: app containers, and sometimes a sidecar, a finished init container, overhead and
 * pod-level resources (spec.resources), its quantities in one of several spellings.
 */
function pod(maxContainers: number, extreme: boolean): fc.Arbitrary<LayeredPod> {
  const milliCpu = extreme ? milliCpuAny : milliCpuSmall;
  const memory = extreme ? memoryAny : memorySmall;
  return fc
    .record({
      name: fc.constantFrom("", "web", "-db", ".x1"),
      namespace: fc.option(fc.constantFrom("default", "prod", "batch"), { nil: undefined }),
      // Pods sharing one container shape make equal weights and caps (ties broken by index).
      containers: fc.array(container(extreme), { minLength: 1, maxLength: maxContainers }).chain((cs) => fc.constantFrom(cs, cs.map(() => cs[0]!))),
      sidecar: fc.option(container(extreme), { nil: undefined, freq: 4 }),
      init: fc.option(fc.record({ requests: list(milliCpu, memory), limits: list(milliCpu, memory) }), { nil: undefined, freq: 4 }),
      overhead: fc.option(fc.record({ cpu: milliCpuSmall.map((v) => `${v}m`), memory: memorySmall.map(String) }, { requiredKeys: [] }), { nil: undefined, freq: 5 }),
      podLevel: fc.option(fc.record({ requests: list(milliCpu, memory), limits: list(milliCpu, memory) }), { nil: undefined, freq: 5 }),
      spelling: fc.constantFrom<Spelling>("milli", "milli", "whole", "number", "full-parser"),
    })
    .map(({ name, namespace, containers, sidecar, init, overhead, podLevel, spelling }) => {
      const p = layeredPod(name, containers, namespace);
      const initContainers: Record<string, unknown>[] = [];
      const demand: Record<string, number> = { ...p.demandMilli };
      const threadsOf: Record<string, number> = { ...(p.threads ?? {}) };
      if (sidecar !== undefined) {
        const s = kubePod([{ ...sidecar, name: "sidecar", restartPolicy: "Always" }]).spec!.containers![0]!;
        initContainers.push(s);
        demand["sidecar"] = sidecar.demandMilli;
        if (sidecar.threads !== undefined) threadsOf["sidecar"] = sidecar.threads;
      }
      if (init !== undefined) {
        const i = kubePod([{ name: "init", ...(init.requests === undefined ? {} : { requests: init.requests }), ...(init.limits === undefined ? {} : { limits: init.limits }) }]);
        initContainers.push(i.spec!.containers![0]!);
      }
      let resources: Record<string, unknown> | undefined;
      if (podLevel !== undefined) {
        const lists = kubePod([{ name: "pod", ...(podLevel.requests === undefined ? {} : { requests: podLevel.requests }), ...(podLevel.limits === undefined ? {} : { limits: podLevel.limits }) }]);
        resources = { ...(lists.spec!.containers![0]!.resources as Record<string, unknown>) };
      }
      const spec = {
        ...p.spec,
        ...(initContainers.length === 0 ? {} : { initContainers }),
        ...(overhead === undefined ? {} : { overhead }),
        ...(resources === undefined ? {} : { resources }),
      } as unknown as { containers: { resources?: Record<string, unknown> }[]; initContainers?: { resources?: Record<string, unknown> }[]; resources?: Record<string, unknown> };
      spec.containers = spec.containers.map((c) => ({ ...c, ...(c.resources === undefined ? {} : { resources: { ...c.resources } }) }));
      for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) respellLists(c.resources, spelling);
      respellLists(spec.resources, spelling);
      return {
        ...p,
        spec,
        demandMilli: demand,
        ...(Object.keys(threadsOf).length === 0 ? {} : { threads: threadsOf }),
      } as unknown as LayeredPod;
    });
}

/** Sizes of a generated fleet. */
export interface FleetSizes {
  readonly hosts: number;
  readonly vms: number;
  readonly pods: number;
  readonly containers: number;
  /** "max" draws VM and pod counts up to the maxima (fast-check's default size stops near 10). */
  readonly size?: "max";
}

const SMALL: FleetSizes = { hosts: 3, vms: 5, pods: 8, containers: 3 };

function vm(version: 1 | 2, sizes: FleetSizes, extreme: boolean): fc.Arbitrary<LayeredVm> {
  const shares = version === 2 ? fc.integer({ min: 1, max: 10_000 }) : fc.oneof(fc.integer({ min: 0, max: 300_000 }), fc.constantFrom(1, 2, 262_144, 262_145));
  const extraSpecs = fc.option(
    fc.record(
      {
        "quota:cpu_shares": shares.map(String),
        "quota:cpu_quota": fc.oneof(fc.constant("0"), fc.integer({ min: 1000, max: 2_000_000 }).map(String)),
        "quota:cpu_period": fc.integer({ min: 1000, max: 1_000_000 }).map(String),
      },
      { requiredKeys: [] },
    ),
    { nil: undefined },
  );
  const node = fc.record(
    {
      name: fc.string({ maxLength: 4 }),
      allocatableMilli: fc.oneof(fc.integer({ min: 1, max: 64_000 }), fc.constantFrom(1, MAX_MILLI_CPU)),
      systemDemandMilli: demandMilli,
      pods: fc.array(pod(sizes.containers, extreme), { maxLength: sizes.pods, ...(sizes.size === undefined ? {} : { size: sizes.size }) }),
    },
    { requiredKeys: ["pods"] },
  );
  const demandCpus = fc.oneof(fc.constantFrom(0, -0, 1), fc.double({ min: 0, max: 128, noNaN: true }), fc.double({ min: 0, max: 1e12, noNaN: true, noDefaultInfinity: true }));
  return fc
    .record({
      name: fc.string({ maxLength: 4 }),
      // Small vCPU counts keep pre-Zed 1024 × vCPUs weights inside cgroup v2's 10000.
      vcpus: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 9 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 256 }) }),
      extraSpecs,
      body: fc.oneof({ weight: 4, arbitrary: node.map((n) => ({ node: n })) }, { weight: 1, arbitrary: demandCpus.map((d) => ({ demandCpus: d })) }),
    })
    .map(({ body, extraSpecs: specs, ...rest }) => ({ ...rest, ...(specs === undefined ? {} : { extraSpecs: specs }), ...body }));
}

/**
 * Inventories the reference accepts, except where a pod or QoS total leaves the exact domain or cgroup v2
 * is asked for a pre-Zed weight above 10000. One in four draws requests and limits from the whole domain
 * (up to MAX_MILLI_CPU millicores, 2^53 − 1 bytes), the others from realistic pods.
 */
export function inventoryArbitrary(sizes: FleetSizes = SMALL): fc.Arbitrary<LayeredInventory> {
  return fc.oneof({ weight: 3, arbitrary: inventory(sizes, false) }, { weight: 1, arbitrary: inventory(sizes, true) });
}

const hostFields = {
  name: fc.string({ maxLength: 4 }),
  pcpus: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 128 }) }, { weight: 1, arbitrary: fc.constantFrom(1, WATER_FILL_MAX_CAPACITY) }),
  reservedHostCpus: fc.integer({ min: 0, max: 4 }),
  cpuAllocationRatio: fc.constantFrom(1, 1.5, 4, 16),
  novaCpuSharesDefault: fc.constantFrom("none" as const, "1024-per-vcpu" as const),
};
const HOST_REQUIRED = ["name", "pcpus", "vms", "cgroupVersion"] as const;

const guestArbitrary = fc.option(
  fc.record(
    {
      cgroupVersion: fc.constantFrom<1 | 2>(1, 2),
      containerWeightFormula: fc.constantFrom("runc-quadratic" as const, "runc-linear" as const),
      enforceCPULimits: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

const verdictArbitrary = fc.option(
  fc.record({ vmStealFraction: fc.constantFrom(0, 0.1, 0.5), podShortfallFraction: fc.constantFrom(0, 1e-9, 0.01) }, { requiredKeys: [] }),
  { nil: undefined },
);

function withOptions(hosts: LayeredHost[], guest: LayeredInventory["guest"] | undefined, verdict: LayeredInventory["verdict"] | undefined): LayeredInventory {
  return { hosts: uniquelyNamed(hosts), ...(guest === undefined ? {} : { guest }), ...(verdict === undefined ? {} : { verdict }) };
}

function inventory(sizes: FleetSizes, extreme: boolean): fc.Arbitrary<LayeredInventory> {
  const host = fc.constantFrom<1 | 2>(1, 2).chain((version) =>
    fc.record(
      {
        ...hostFields,
        cgroupVersion: fc.constant(version),
        vms: fc.array(vm(version, sizes, extreme), { maxLength: sizes.vms, ...(sizes.size === undefined ? {} : { size: sizes.size }) }),
      },
      { requiredKeys: [...HOST_REQUIRED] },
    ),
  );
  return fc
    .record({ hosts: fc.array(host, { minLength: 0, maxLength: sizes.hosts }), guest: guestArbitrary, verdict: verdictArbitrary })
    .map(({ guest, verdict, hosts }) => withOptions(hosts, guest, verdict));
}

/** The largest sibling sets a large fleet reaches: VMs on a host, pods on a node. */
const LARGE_FLEET = { vms: 40, pods: 60 } as const;
/** The water-fill kernel sorts sibling sets up to this size by insertion and longer ones by merge sort. */
const INSERTION_SORT_MAX = 24;

/** mulberry32: the expansion's picks, all from the seed fast-check draws (so a case replays from its seed). */
function picker(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n) | 0;
  };
}

/**
 * Fleets with sibling sets past the water-fill kernel's insertion-sort threshold, cheaply: fast-check draws
 * small pools (up to 6 pods, 4 VMs, 12 CPU demands, each from the same whole-domain generators as
 * inventoryArbitrary, boundaries included), a shape and a seed; the large level is then filled from the pools
 * by a seeded PRNG, every pod's running containers' demands redrawn from the demand pool so that long sibling sets hold
 * many distinct keys besides the ties repeated shapes make. Per case one level is large — a host of 25–40
 * VMs (their nodes holding up to 3 pods), or a node of 25–60 pods — and one case in 25 has both (25–30 VMs
 * of 25–30 pods each). The kernel's per-level code only sees a sibling set's length and the run's totals, so
 * this reaches what fleets that are large everywhere at once reach, at about a tenth of their cost per case
 * (an everywhere-large fleet averages ~1,250 containers and ~15 ms; these ~150).
 */
export function largeFleetArbitrary(): fc.Arbitrary<LayeredInventory> {
  return fc.oneof({ weight: 3, arbitrary: largeFleet(false) }, { weight: 1, arbitrary: largeFleet(true) });
}

function largeFleet(extreme: boolean): fc.Arbitrary<LayeredInventory> {
  const few: FleetSizes = { hosts: 1, vms: 4, pods: 3, containers: 4 };
  const large = (max: number) => fc.integer({ min: INSERTION_SORT_MAX + 1, max });
  const shape = fc.oneof(
    { weight: 12, arbitrary: large(LARGE_FLEET.vms).map((vms) => ({ vms, pods: 0 })) },
    { weight: 12, arbitrary: large(LARGE_FLEET.pods).map((pods) => ({ vms: 0, pods })) },
    { weight: 1, arbitrary: fc.tuple(large(30), large(30)).map(([vms, pods]) => ({ vms, pods })) },
  );
  return fc.constantFrom<1 | 2>(1, 2).chain((version) =>
    fc
      .record({
        host: fc.record({ ...hostFields, cgroupVersion: fc.constant(version) }, { requiredKeys: ["name", "pcpus", "cgroupVersion"] }),
        vmPool: fc.array(vm(version, few, extreme), { minLength: 1, maxLength: few.vms }),
        podPool: fc.array(pod(few.containers, extreme), { minLength: 1, maxLength: 6 }),
        demands: fc.array(demandMilli, { minLength: 1, maxLength: 12 }),
        shape,
        seed: fc.integer(),
        second: fc.boolean(),
        guest: guestArbitrary,
        verdict: verdictArbitrary,
      })
      .map(({ host, vmPool, podPool, demands, shape: { vms, pods }, seed, second, guest, verdict }) => {
        const pick = picker(seed);
        const podOf = (): LayeredPod => {
          const p = podPool[pick(podPool.length)]!;
          return { ...p, demandMilli: Object.fromEntries(Object.keys(p.demandMilli).map((name) => [name, demands[pick(demands.length)]!])) };
        };
        const nodeOf = (vm: LayeredVm, count: number): LayeredVm => {
          const { demandCpus: _, ...rest } = vm;
          return { ...rest, node: { ...vm.node, pods: Array.from({ length: count }, podOf) } };
        };
        const vmOf = (count: number): LayeredVm => {
          const vm = vmPool[pick(vmPool.length)]!;
          return vm.node === undefined ? vm : nodeOf(vm, count);
        };
        let hostVms: LayeredVm[];
        if (vms === 0) hostVms = [nodeOf(vmPool[0]!, pods), ...vmPool.slice(1)];
        else hostVms = Array.from({ length: vms }, () => vmOf(pods > 0 ? pods : pick(4)));
        const hosts: LayeredHost[] = [{ ...host, vms: hostVms }];
        if (second) hosts.push({ ...host, vms: vmPool });
        return withOptions(hosts, guest, verdict);
      }),
  );
}

// Host and VM names are unique and names non-empty (layeredReport rejects the others): the generated name
// stays as a suffix, so odd characters are still drawn.
function uniquelyNamed(hosts: LayeredHost[]): LayeredHost[] {
  return hosts.map((h, i) => ({
    ...h,
    name: `h${i}${h.name}`,
    vms: h.vms.map((vm, j) => ({
      ...vm,
      name: `v${i}.${j}${vm.name}`,
      ...(vm.node === undefined ? {} : { node: { ...vm.node, ...(vm.node.name === undefined ? {} : { name: `n${vm.node.name}` }), pods: vm.node.pods.map((p, k) => ({ ...p, metadata: { ...p.metadata, name: `p${k}${p.metadata.name}` } })) } }),
    })),
  }));
}

/** Weights for the generic water-fill: 1, equal small values, kernel-sized, and up to WATER_FILL_MAX_WEIGHT. */
const weight = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(1, 2, 10, 1024, 102_400, 262_144) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 262_144 }) },
  { weight: 1, arbitrary: fc.constant(WATER_FILL_MAX_WEIGHT) },
  { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: BigInt(WATER_FILL_MAX_WEIGHT) }).map(Number) },
);

/** Caps in CPUs: none, zero, −0, the smallest subnormal, fractions, huge. */
const cap = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(Infinity, 0, -0, Number.MIN_VALUE, 0.5, 1, 2, WATER_FILL_MAX_CAPACITY) },
  { weight: 3, arbitrary: fc.double({ min: 0, max: 512, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 2 ** 40, noNaN: true }) },
);

/** Capacities in CPUs, up to WATER_FILL_MAX_CAPACITY. */
const capacity = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(0, -0, 1, 4, WATER_FILL_MAX_CAPACITY) },
  { weight: 3, arbitrary: fc.double({ min: 0, max: 1024, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: WATER_FILL_MAX_CAPACITY, noNaN: true }) },
);

/** One sibling set. */
export interface Siblings {
  readonly capacity: number;
  readonly weights: number[];
  readonly caps: number[];
}

/**
 * Sibling sets of up to `maxChildren`; with size "max" the lengths spread over the whole range (past the
 * kernel's insertion-sort threshold of 24, into its merge sort).
 */
export function siblingsArbitrary(maxChildren: number, size?: "max"): fc.Arbitrary<Siblings> {
  const len = { maxLength: maxChildren, ...(size === undefined ? {} : { size }) };
  const children: fc.Arbitrary<[number, number][]> = fc.oneof(
    fc.array(fc.tuple(weight, cap), len),
    // All weights equal, or all caps equal: every key ties and the index decides.
    fc.tuple(weight, fc.array(cap, len)).map(([w, cs]) => cs.map((c) => [w, c] as [number, number])),
    fc.tuple(cap, fc.array(weight, len)).map(([c, ws]) => ws.map((w) => [w, c] as [number, number])),
    // Few distinct keys among many children: long runs of ties across merge boundaries.
    fc.array(fc.tuple(fc.constantFrom<number>(1, 2, 4), fc.constantFrom<number>(0, 1, 2, Infinity)), len),
  );
  return fc.record({ capacity, children }).map(({ capacity: c, children: ch }) => ({ capacity: c, weights: ch.map((x) => x[0]), caps: ch.map((x) => x[1]) }));
}
