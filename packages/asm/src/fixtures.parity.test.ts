// Engine parity on the core's own scenarios: the core's fixture-driven and end-to-end test files run here
// again, with the public schedule / scheduleAll wrapped so that every call also runs on the WebAssembly
// engine (explain as asked and explain off) and must return a deep-equal result, or throw the same error.
// The wrapped functions return the reference result, so each file's own expectations still run unchanged.
import { expect, vi } from "vitest";

const parity = vi.hoisted(() => ({ engine: null as null | { schedule: Function; scheduleAll: Function }, checked: 0 }));

vi.mock("../../core/src/index.ts", async (importOriginal) => {
  const core = await importOriginal<typeof import("../../core/src/index.js")>();
  function same(call: (e: { schedule: Function; scheduleAll: Function }) => unknown, ref: () => unknown): unknown {
    let expected: unknown;
    let error: unknown = null;
    try {
      expected = ref();
    } catch (e) {
      error = e;
    }
    if (parity.engine !== null) {
      if (error !== null) {
        expect(() => call(parity.engine!)).toThrow((error as Error).message);
      } else {
        expect(call(parity.engine)).toEqual(expected);
      }
      parity.checked++;
    }
    if (error !== null) throw error;
    return expected;
  }
  const noExplain = (o: unknown) => ({ ...(o as object | undefined), explain: false });
  return {
    ...core,
    schedule: (pod: unknown, cluster: never, options?: never) => {
      same((e) => e.schedule(pod, cluster, noExplain(options)), () => core.schedule(pod, cluster, noExplain(options) as never));
      return same((e) => e.schedule(pod, cluster, options), () => core.schedule(pod, cluster, options));
    },
    scheduleAll: (pods: never, cluster: never, options?: never) => {
      same((e) => e.scheduleAll(pods, cluster, noExplain(options)), () => core.scheduleAll(pods, cluster, noExplain(options) as never));
      return same((e) => e.scheduleAll(pods, cluster, options), () => core.scheduleAll(pods, cluster, options));
    },
  };
});

const { createWasmEngineSync } = await import("./index.js");
parity.engine = createWasmEngineSync();

const { afterAll } = await import("vitest");
afterAll(() => {
  console.log(`[parity] core scenarios: ${parity.checked} schedule/scheduleAll calls compared across engines`);
  expect(parity.checked).toBeGreaterThan(500);
});

await import("../../core/src/plugins/nodeaffinity.fixtures.test.js");
await import("../../core/src/plugins/nodename.fixtures.test.js");
await import("../../core/src/plugins/nodeports.fixtures.test.js");
await import("../../core/src/plugins/nodeunschedulable.fixtures.test.js");
await import("../../core/src/plugins/tainttoleration.fixtures.test.js");
await import("../../core/src/plugins/imagelocality.fixtures.test.js");
await import("../../core/src/plugins/imagelocality.test.js");
await import("../../core/src/plugins/noderesources/fit.fixtures.test.js");
await import("../../core/src/plugins/noderesources/least-allocated.fixtures.test.js");
await import("../../core/src/plugins/noderesources/most-allocated.fixtures.test.js");
await import("../../core/src/plugins/noderesources/balanced-allocation.fixtures.test.js");
await import("../../core/src/plugins/noderesources/requested-to-capacity-ratio.fixtures.test.js");
await import("../../core/src/plugins/podtopologyspread/filtering.fixtures.test.js");
await import("../../core/src/plugins/podtopologyspread/plugin.test.js");
await import("../../core/src/plugins/interpodaffinity/plugin.test.js");
await import("../../core/src/schedule.test.js");
