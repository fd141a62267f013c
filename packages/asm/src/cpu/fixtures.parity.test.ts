// Engine parity on the core's own CPU scenarios: every core test file that calls a function the CPU-truth engine
// has a twin of (found on disk: _test/parity-discovery.ts CPU_PARITY_TESTS) runs here again, with core's
// layeredReport, waterFill, milliCPUToShares, milliCPUToQuota and sharesToWeight wrapped so that every call also
// runs on the engine and must return the same numbers (Object.is) and report (deep, strict), or throw the same
// error class and problem. The wrapped functions return the reference result, so each file's own expectations
// still run unchanged. A coverage check fails when a discovered file compared nothing or did not read a golden
// table it names.
import { join } from "node:path";
import { expect, vi } from "vitest";
import { coreSrc, CPU_PARITY_TESTS, CPU_TWINS, tablesNamedIn } from "../_test/parity-discovery.js";

const parity = vi.hoisted(() => ({
  engine: null as null | import("./engine.js").WasmCpuEngine,
  inEngine: false,
  /** Comparisons per wrapped function, and per test file being imported. */
  byTwin: new Map<string, number>(),
  byFile: new Map<string, number>(),
  file: "",
  tables: new Set<string>(),
}));

/** Shared by the mocks: the reference call and the engine's, compared and counted. */
async function sameFactory() {
  const { SchedkitError } = await import("../../../core/src/errors.js");
  const { attempt } = await import("../_test/parity-discovery.js");
  return function same<T>(twin: string, wasm: () => unknown, ref: () => T, compare: (a: unknown, b: T) => void): T {
    // The engine itself replays rejected input on core (which these mocks replace): that call is the reference.
    if (parity.inEngine) return ref();
    const inEngine = () => {
      parity.inEngine = true;
      try {
        return wasm();
      } finally {
        parity.inEngine = false;
      }
    };
    const { value: expected, error } = attempt(ref);
    if (parity.engine !== null) {
      if (error !== null) {
        const e = error as Error;
        const problem = e instanceof SchedkitError && e.path !== "" ? e.message.slice(e.path.length) : e.message;
        expect(inEngine).toThrow(e.constructor as new () => Error);
        expect(inEngine).toThrow(problem);
      } else compare(inEngine(), expected as T);
      parity.byTwin.set(twin, (parity.byTwin.get(twin) ?? 0) + 1);
      parity.byFile.set(parity.file, (parity.byFile.get(parity.file) ?? 0) + 1);
    }
    if (error !== null) throw error;
    return expected as T;
  };
}

function sameNumber(a: unknown, b: number): void {
  if (!Object.is(a, b)) expect.fail(`${String(a)} is not ${b}`);
}

vi.mock("../../../core/src/overcommit/index.ts", async (importOriginal) => {
  const core = await importOriginal<typeof import("../../../core/src/overcommit/index.js")>();
  const same = await sameFactory();
  return {
    ...core,
    layeredReport: (inventory: never) =>
      same(
        "layeredReport",
        () => parity.engine!.layeredReport(inventory),
        () => core.layeredReport(inventory),
        (a, b) => expect(a).toStrictEqual(b),
      ),
    waterFill: (capacity: number, weights: ArrayLike<number>, caps: ArrayLike<number>, out?: Float64Array) =>
      same(
        "waterFill",
        () => parity.engine!.waterFillGroups({ capacities: [capacity], offsets: [0, weights?.length], weights, caps }),
        () => core.waterFill(capacity, weights, caps, out),
        (a, b) => {
          const got = a as Float64Array;
          expect(got.length).toBe(weights.length);
          for (let i = 0; i < got.length; i++) if (!Object.is(got[i], b[i])) expect.fail(`waterFill [${i}]: ${got[i]} is not ${b[i]}`);
        },
      ),
  };
});

vi.mock("../../../core/src/cgroup/index.ts", async (importOriginal) => {
  const core = await importOriginal<typeof import("../../../core/src/cgroup/index.js")>();
  const same = await sameFactory();
  type SharesOptions = Parameters<typeof core.milliCPUToShares>[1];
  type QuotaGates = Parameters<typeof core.milliCPUToQuota>[2];
  return {
    ...core,
    // One pod per call through the batch: its request for shares, no limit (quota 0) beside it.
    milliCPUToShares: (milliCPU: number, options?: SharesOptions) =>
      same(
        "milliCPUToShares",
        () => parity.engine!.cpuCgroups([milliCPU], [0], options === undefined ? {} : { clampToMaxShares: options.clampToMaxShares }).shares[0],
        () => core.milliCPUToShares(milliCPU, options),
        sameNumber,
      ),
    milliCPUToQuota: (milliCPU: number, period?: number, gates?: QuotaGates) =>
      same(
        "milliCPUToQuota",
        () =>
          parity.engine!.cpuCgroups([0], [milliCPU], {
            ...(period === undefined ? {} : { periodUs: period }),
            ...(gates === undefined ? {} : { customCPUCFSQuotaPeriod: gates.customCPUCFSQuotaPeriod }),
          }).quota[0],
        () => core.milliCPUToQuota(milliCPU, period, gates),
        sameNumber,
      ),
    sharesToWeight: (shares: number, formula: import("../../../core/src/cgroup/index.js").WeightFormula) =>
      same(
        "sharesToWeight",
        () => parity.engine!.sharesToWeights([shares], formula)[0],
        () => core.sharesToWeight(shares, formula),
        sameNumber,
      ),
  };
});

// Which golden tables the core's tests loaded while running here (core _test/fixtures.ts loadFixture).
vi.mock("../../../core/src/_test/fixtures.ts", async (importOriginal) =>
  (await import("../_test/parity-discovery.js")).recordingFixtures(importOriginal<typeof import("../../../core/src/_test/fixtures.js")>, parity.tables),
);

const { createWasmCpuEngineSync } = await import("./index.js");
parity.engine = createWasmCpuEngineSync();

const { afterAll, beforeAll, describe, it } = await import("vitest");
afterAll(() => {
  const total = [...parity.byTwin.values()].reduce((a, b) => a + b, 0);
  console.log(`[parity] core CPU scenarios: ${total} calls compared with the CPU-truth engine (${CPU_TWINS.map((t) => `${t} ${parity.byTwin.get(t) ?? 0}`).join(", ")})`);
});

// Each file's suites are collected inside a describe of its own, so its comparisons are counted against it.
for (const f of CPU_PARITY_TESTS) {
  describe(`core ${f}`, async () => {
    beforeAll(() => {
      parity.file = f;
    });
    parity.file = f;
    await import(/* @vite-ignore */ join(coreSrc, f));
  });
}

// Defined after the imported files' suites, so it runs after them.
describe("CPU parity coverage", () => {
  it("finds core's CPU test files on disk", () => {
    expect(CPU_PARITY_TESTS, "core test files calling a CPU twin").toEqual(expect.arrayContaining(["cgroup/shares.test.ts", "cgroup/quota.test.ts", "cgroup/weight.test.ts", "overcommit/water-fill.test.ts", "overcommit/layered.test.ts", "overcommit/example.test.ts"]));
  });

  it("compares every twin and every discovered file at least once", () => {
    for (const t of CPU_TWINS) expect(parity.byTwin.get(t) ?? 0, `${t}: calls compared`).toBeGreaterThan(0);
    const silent = CPU_PARITY_TESTS.filter((f) => (parity.byFile.get(f) ?? 0) === 0);
    expect(silent, "discovered files whose calls never reached a wrapped function").toEqual([]);
    expect([...parity.byTwin.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(300);
  });

  it("reads every golden table the discovered files name (the scheduling parity counts these as covered here)", () => {
    const named = tablesNamedIn(CPU_PARITY_TESTS);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((t) => !parity.tables.has(t)), "tables named but not loaded").toEqual([]);
  });
});
