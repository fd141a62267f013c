// overcommitFromSources with the CPU-truth engine: the same answer as with core's layeredReport, on the
// example dumps (kubectl, OpenStack hypervisors/servers/flavors/Placement, metrics) under every demand.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { overcommitFromSources, type DemandSource } from "@schedkit/core/overcommit";
import { createWasmCpuEngineSync } from "./index.js";
import { layeredStatsOf } from "./engine.js";

const dir = new URL("../../../../examples/data/overcommit/", import.meta.url);
const text = (f: string) => readFileSync(new URL(f, dir), "utf8");
const json = (f: string) => JSON.parse(text(f)) as unknown;
const sources = (demand: DemandSource) => ({
  kubernetes: json("cluster.json"),
  hypervisors: json("hypervisors.json"),
  servers: json("servers.json"),
  flavors: json("flavors.json"),
  placement: json("placement.json"),
  demand,
  ...(demand === "metrics" ? { metrics: json("pod-metrics.json") } : {}),
});

describe("overcommitFromSources({ engine: createWasmCpuEngine() })", () => {
  const engine = createWasmCpuEngineSync();
  const stats = layeredStatsOf(engine);

  it.each<DemandSource>(["requests", "limits", "metrics"])("demand %s: the same answer as core's layeredReport, from the WebAssembly path", (demand) => {
    const fast = stats.fast;
    const wasm = overcommitFromSources({ ...sources(demand), engine });
    expect(stats.fast).toBe(fast + 1);
    expect(wasm).toStrictEqual(overcommitFromSources(sources(demand)));
    expect(wasm.report.findings.length + wasm.podsShortOfRequests.length).toBeGreaterThanOrEqual(demand === "limits" ? 1 : 0);
  });

  it("rejects an engine without layeredReport, naming the field", () => {
    expect(() => overcommitFromSources({ ...sources("requests"), engine: {} as never })).toThrow("engine: an object is not a layered-report engine");
  });
});
