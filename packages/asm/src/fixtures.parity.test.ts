// Engine parity on the core's own scenarios: the core's fixture-driven and end-to-end test files run here
// again, with the public schedule / scheduleAll wrapped so that every call also runs on the WebAssembly
// engine (explain as asked and explain off) and must return a deep-equal result, or throw the same error.
// The wrapped functions return the reference result, so each file's own expectations still run unchanged.
// The golden table tests are found on disk, and a coverage check fails when a table of core/test-data is
// neither run through both engines nor declared engine-independent.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, vi } from "vitest";

const parity = vi.hoisted(() => ({ engine: null as null | { schedule: Function; scheduleAll: Function }, checked: 0, tables: new Set<string>() }));

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

// Which golden tables the core's tests loaded while running here (core _test/fixtures.ts loadFixture).
vi.mock("../../core/src/_test/fixtures.ts", async (importOriginal) => {
  const fixtures = await importOriginal<typeof import("../../core/src/_test/fixtures.js")>();
  return {
    ...fixtures,
    loadFixture: (file: string) => {
      parity.tables.add(file);
      return fixtures.loadFixture(file);
    },
  };
});

const { createWasmEngineSync } = await import("./index.js");
parity.engine = createWasmEngineSync();

const coreSrc = fileURLToPath(new URL("../../core/src/", import.meta.url));
const testData = fileURLToPath(new URL("../../core/test-data/", import.meta.url));

/**
 * Golden tables of core/test-data that no scheduling call reads: each is checked by core's own tests, and
 * where the WASM side has a twin (the cgroup math), by its own parity tests in src/cpu/.
 */
const ENGINE_INDEPENDENT = new Map([
  ["cgroup_vectors.json", "kubelet cgroup and overcommit math (src/cpu parity tests)"],
  ["failed_scheduling_message.json", "FitError message formatting, shared by both engines"],
  ["gomath.json", "Go math ports"],
  ["kubectl-sample.json", "kubectl JSON decoding"],
  ["kubelet_pod_cgroup.json", "kubelet QoS, PodLimits and pod cgroup (src/cpu/layered.test.ts runs every pod through both engines)"],
  ["num_feasible_nodes.json", "numFeasibleNodesToFind arithmetic, shared by both engines"],
  ["openstack_placement.json", "OpenStack Placement"],
  ["pod_requests.json", "pod request arithmetic, shared by both engines"],
  ["quantity.json", "Kubernetes quantity parsing"],
]);

// Every per-plugin golden table test of core (<plugin>.fixtures.test.ts, found on disk: a new plugin's table is
// included without editing this file), then core's end-to-end scenario files.
const fixtureTests = (readdirSync(coreSrc, { recursive: true }) as string[]).filter((f) => f.endsWith(".fixtures.test.ts")).sort();
const scenarioTests = ["plugins/imagelocality.test.ts", "plugins/dynamicresources.extended.test.ts", "dra/allocator.test.ts", "plugins/podtopologyspread/plugin.test.ts", "plugins/interpodaffinity/plugin.test.ts", "schedule.test.ts"];

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
    const tables = readdirSync(testData).filter((f) => f.endsWith(".json"));
    for (const t of ENGINE_INDEPENDENT.keys()) expect(tables, "ENGINE_INDEPENDENT names a table that exists").toContain(t);
    const uncovered = tables.filter((t) => !ENGINE_INDEPENDENT.has(t) && !parity.tables.has(t));
    expect(uncovered, "tables no parity run read (add a <plugin>.fixtures.test.ts reading it)").toEqual([]);
  });
});
