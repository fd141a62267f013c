// Engine parity on the core's own scenarios: the core's fixture-driven and end-to-end test files run here
// again, with the public schedule / scheduleAll wrapped so that every call also runs on the WebAssembly
// engine (explain as asked and explain off) and must return a deep-equal result, or throw the same error.
// The wrapped functions return the reference result, so each file's own expectations still run unchanged.
// The golden table tests are found on disk, and a coverage check fails when a table of core/test-data is
// neither run through both engines (here, or by the CPU parity in src/cpu/fixtures.parity.test.ts) nor declared
// engine-independent.
import { join } from "node:path";
import { expect, vi } from "vitest";
import { coreSrc, CPU_PARITY_TESTS, ENGINE_INDEPENDENT, SCHEDULING_FIXTURE_TESTS, TABLES, tablesNamedIn } from "./_test/parity-discovery.js";

const parity = vi.hoisted(() => ({ engine: null as null | { schedule: Function; scheduleAll: Function }, checked: 0, tables: new Set<string>() }));

vi.mock("../../core/src/index.ts", async (importOriginal) => {
  const core = await importOriginal<typeof import("../../core/src/index.js")>();
  const { attempt } = await import("./_test/parity-discovery.js");
  function same(call: (e: { schedule: Function; scheduleAll: Function }) => unknown, ref: () => unknown): unknown {
    const { value: expected, error } = attempt(ref);
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

// Which golden tables the core's tests loaded while running here (core _test/fixtures.ts loadFixture).
vi.mock("../../core/src/_test/fixtures.ts", async (importOriginal) =>
  (await import("./_test/parity-discovery.js")).recordingFixtures(importOriginal<typeof import("../../core/src/_test/fixtures.js")>, parity.tables),
);

const { createWasmEngineSync } = await import("./index.js");
parity.engine = createWasmEngineSync();

// Every per-plugin golden table test of core (<plugin>.fixtures.test.ts, found on disk: a new plugin's table is
// included without editing this file), then core's end-to-end scenario files.
const fixtureTests = SCHEDULING_FIXTURE_TESTS;
const scenarioTests = ["plugins/imagelocality.test.ts", "plugins/dynamicresources.extended.test.ts", "plugins/podtopologyspread/plugin.test.ts", "plugins/interpodaffinity/plugin.test.ts", "schedule.test.ts"];

const { afterAll, describe, it } = await import("vitest");
afterAll(() => {
  console.log(`[parity] core scenarios: ${parity.checked} schedule/scheduleAll calls compared across engines`);
  expect(parity.checked).toBeGreaterThan(500);
});

for (const f of [...fixtureTests, ...scenarioTests]) await import(/* @vite-ignore */ join(coreSrc, f));

// Defined after the imported files' suites, so it runs after them.
describe("parity coverage", () => {
  it("runs every golden table of core/test-data through both engines, unless it is engine-independent", () => {
    expect(fixtureTests.length, "core's <plugin>.fixtures.test.ts files found").toBeGreaterThanOrEqual(13);
    for (const t of ENGINE_INDEPENDENT.keys()) expect(TABLES, "ENGINE_INDEPENDENT names a table that exists").toContain(t);
    // The CPU parity reads these (and checks that it did).
    const cpu = new Set(tablesNamedIn(CPU_PARITY_TESTS));
    const uncovered = TABLES.filter((t) => !ENGINE_INDEPENDENT.has(t) && !parity.tables.has(t) && !cpu.has(t));
    expect(uncovered, "tables no parity run read (add a <plugin>.fixtures.test.ts reading it)").toEqual([]);
  });
});
