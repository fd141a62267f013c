import { describe, expect, it } from "vitest";
import { SchedkitError } from "@schedkit/core";
import { layeredReport, waterFill, type LayeredInventory } from "@schedkit/core/overcommit";
import { createWasmCpuEngineSync } from "./index.js";
import { cpuKernelOf } from "./engine.js";
import { moduleBytes } from "../load.js";
import { expectSameNumbers } from "./_test/same.js";

const exampleUrl = new URL("../../../../examples/layered-incident.mjs", import.meta.url).href;
const { incidentInventory } = (await import(/* @vite-ignore */ exampleUrl)) as { incidentInventory: () => LayeredInventory };

describe("the module's ABI", () => {
  it("imports nothing and exports the facade's functions and its memory", () => {
    const module = new WebAssembly.Module(moduleBytes("cpu"));
    expect(WebAssembly.Module.imports(module)).toEqual([]);
    expect(WebAssembly.Module.exports(module).map((e) => e.name).sort()).toEqual(
      ["cpuAbiVersion", "cpuCgroups", "heapBase", "layered", "memory", "quadraticRaws", "scratchBytes", "sharesToWeights", "trap", "waterFillGroups"].sort(),
    );
  });
});

describe("traps, out-of-memory and memory growth", () => {
  const small = { capacities: [3], offsets: [0, 3], weights: [2, 1, 1], caps: [Infinity, Infinity, 0] };

  it("a trap becomes a SchedkitError naming the operation, and the engine stays usable", () => {
    const engine = createWasmCpuEngineSync();
    const kernel = cpuKernelOf(engine);
    expect(() => kernel.trap()).toThrow(SchedkitError);
    expect(() => kernel.trap()).toThrow(/WebAssembly trap in trap: unreachable/);
    // A context pointing past the end of memory: the kernel's loads trap.
    const beyond = kernel.memoryBytes - 4;
    expect(() => kernel.call("layeredReport", kernel.exports.layered, beyond)).toThrow(/WebAssembly trap in layeredReport/);
    expect(engine.layeredReport(incidentInventory())).toStrictEqual(layeredReport(incidentInventory()));
    expectSameNumbers(engine.waterFillGroups(small), waterFill(3, [2, 1, 1], [Infinity, Infinity, 0]));
  });

  it("a call beyond 4 GiB of linear memory is an out-of-memory SchedkitError naming it, and the engine stays usable", () => {
    const engine = createWasmCpuEngineSync();
    const huge = { length: 2 ** 30 } as ArrayLike<number>;
    const groups = { capacities: [], offsets: [0], weights: huge, caps: huge };
    // The offsets check fails first unless the last offset is the length: give it.
    const call = () => engine.waterFillGroups({ ...groups, capacities: [1], offsets: [0, 2 ** 30] });
    expect(call).toThrow(SchedkitError);
    expect(call).toThrow(/WebAssembly out of memory in waterFillGroups/);
    expect(() => cpuKernelOf(engine).reserve(2 ** 33, "test allocation")).toThrow(/WebAssembly out of memory in test allocation/);
    expect(engine.layeredReport(incidentInventory())).toStrictEqual(layeredReport(incidentInventory()));
  });

  it("does not grow over 10,000 successive calls", () => {
    const engine = createWasmCpuEngineSync();
    const inventory = incidentInventory();
    // One VM of the incident: the kernel's regions for a node, at a tenth of the host's parsing cost per call.
    const one: LayeredInventory = { hosts: [{ ...inventory.hosts[0]!, vms: [inventory.hosts[0]!.vms[0]!] }] };
    engine.layeredReport(inventory);
    engine.cpuCgroups([100, 200], [0, 400]);
    engine.waterFillGroups(small);
    const bytes = engine.memoryBytes;
    for (let i = 0; i < 10_000; i++) {
      engine.layeredReport(i % 10 === 0 ? inventory : one);
      engine.waterFillGroups(small);
      engine.cpuCgroups([100, 200], [0, 400]);
    }
    expect(engine.memoryBytes).toBe(bytes);
  });

  it("rebuilds its views after memory.grow: a call that grows memory, then small calls, all exact", () => {
    const engine = createWasmCpuEngineSync();
    expectSameNumbers(engine.waterFillGroups(small), waterFill(3, [2, 1, 1], [Infinity, Infinity, 0]));
    const before = engine.memoryBytes;
    const n = 300_000;
    const weights = Float64Array.from({ length: n }, (_, i) => 1 + (i % 13));
    const caps = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? Infinity : (i % 11) / 4));
    expectSameNumbers(engine.waterFillGroups({ capacities: [12345.5], offsets: [0, n], weights, caps }), waterFill(12345.5, weights, caps));
    expect(engine.memoryBytes).toBeGreaterThan(before);
    expectSameNumbers(engine.waterFillGroups(small), waterFill(3, [2, 1, 1], [Infinity, Infinity, 0]));
    expect(engine.layeredReport(incidentInventory())).toStrictEqual(layeredReport(incidentInventory()));
  });
});
