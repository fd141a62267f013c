// Engine parity on the core's own overcommit scenarios: core's water-fill, layered-report and example test
// files run here again, with the public layeredReport and waterFill wrapped so that every call also runs on
// the CPU-truth engine and must return the same numbers (Object.is) and report (deep, strict), or throw the
// same error class and problem. The wrapped functions return the reference result, so each file's own
// expectations still run unchanged.
import { expect, vi } from "vitest";

const parity = vi.hoisted(() => ({ engine: null as null | import("./engine.js").WasmCpuEngine, checked: 0, inEngine: false }));

vi.mock("../../../core/src/overcommit/index.ts", async (importOriginal) => {
  const core = await importOriginal<typeof import("../../../core/src/overcommit/index.js")>();
  const { SchedkitError } = await import("../../../core/src/errors.js");
  function same<T>(wasm: () => unknown, ref: () => T, compare: (a: unknown, b: T) => void): T {
    // The engine itself replays rejected input on core (which this mock replaces): that call is the reference.
    if (parity.inEngine) return ref();
    const inEngine = (f: () => unknown) => () => {
      parity.inEngine = true;
      try {
        return f();
      } finally {
        parity.inEngine = false;
      }
    };
    wasm = inEngine(wasm);
    let expected: T | undefined;
    let error: unknown = null;
    try {
      expected = ref();
    } catch (e) {
      error = e;
    }
    if (parity.engine !== null) {
      if (error !== null) {
        const e = error as Error;
        const problem = e instanceof SchedkitError && e.path !== "" ? e.message.slice(e.path.length) : e.message;
        expect(wasm).toThrow(e.constructor as new () => Error);
        expect(wasm).toThrow(problem);
      } else compare(wasm(), expected as T);
      parity.checked++;
    }
    if (error !== null) throw error;
    return expected as T;
  }
  return {
    ...core,
    layeredReport: (inventory: never) =>
      same(
        () => parity.engine!.layeredReport(inventory),
        () => core.layeredReport(inventory),
        (a, b) => expect(a).toStrictEqual(b),
      ),
    waterFill: (capacity: number, weights: ArrayLike<number>, caps: ArrayLike<number>, out?: Float64Array) =>
      same(
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

const { createWasmCpuEngineSync } = await import("./index.js");
parity.engine = createWasmCpuEngineSync();

const { afterAll } = await import("vitest");
afterAll(() => {
  console.log(`[parity] core overcommit scenarios: ${parity.checked} layeredReport/waterFill calls compared with the CPU-truth engine`);
  expect(parity.checked).toBeGreaterThan(300);
});

await import("../../../core/src/overcommit/water-fill.test.js");
await import("../../../core/src/overcommit/layered.test.js");
await import("../../../core/src/overcommit/example.test.js");
