// The malformed-input corpus through every public entry point of the library: core's createCluster /
// scheduleAll / schedule, the WebAssembly engine, layeredReport on core and on the CPU engine, scheduleVms.
// Every case asserts that only a SchedkitError escapes, that both engines give the same outcome (result or
// error message), and that nothing leaked into Object.prototype or the globals. Counts are printed with the
// test summary ("Malformed-input corpus").
import { describe, expect, it } from "vitest";
import { createCluster, MAX_LIST_DEPTH, scheduleAll, tsEngine } from "@schedkit/core";
import { layeredReport, type LayeredInventory } from "@schedkit/core/overcommit";
import { scheduleVms, type NovaComputeHost, type NovaVmRequest } from "@schedkit/core/openstack";
import { loadFixture } from "../../core/src/_test/fixtures.js";
import { corpusCounter, DELETE, expectNothingLeaked, mutate, outcome, pathText, positions, retyped, type Outcome } from "../../core/src/_test/malformed.js";
import { createWasmCpuEngineSync, createWasmEngineSync } from "./index.js";

const exampleUrl = new URL("../../../examples/layered-incident.mjs", import.meta.url).href;
const { incidentInventory } = (await import(/* @vite-ignore */ exampleUrl)) as { incidentInventory: () => LayeredInventory };

const wasm = createWasmEngineSync();
const cpu = createWasmCpuEngineSync();
const dump = loadFixture<Record<string, unknown>>("kubectl-sample.json");

/** scheduleAll of a document's pending pods on both engines: the same outcome, a SchedkitError or a result. */
function bothEngines(doc: unknown): Outcome {
  const ts = outcome(() => tsEngine.scheduleAll(undefined, createCluster(doc), { seed: 1 }));
  const wa = outcome(() => wasm.scheduleAll(undefined, createCluster(doc), { seed: 1 }));
  expect(wa).toEqual(ts);
  expectNothingLeaked();
  return ts;
}

describe("kubectl dumps with a null, a missing or a wrongly typed value at every position", () => {
  const count = corpusCounter("kubectl dump (createCluster + scheduleAll, TS and WASM engines)");
  const all = positions(dump);

  it("the unmutated dump schedules", () => {
    expect("ok" in bothEngines(dump)).toBe(true);
    count.ran();
  });

  // Go's decoder reads JSON null as a struct field's absence: so does every struct field here. Map values are
  // different in Go too (a null Quantity in a ResourceList is a zero entry, a null label value is ""), so
  // positions inside these maps only have to give the same outcome on both engines.
  const MAPS = new Set(["labels", "annotations", "requests", "limits", "allocatable", "capacity", "nodeSelector", "overhead", "matchLabels"]);
  it(`null at each of the ${all.length} positions: a SchedkitError or a result, a struct field's the same as without it`, () => {
    for (const p of all) {
      const nulled = bothEngines(mutate(dump, p, null));
      const parent = p[p.length - 2];
      if (typeof p[p.length - 1] === "string" && !(typeof parent === "string" && MAPS.has(parent))) {
        expect(nulled, pathText(p)).toEqual(bothEngines(mutate(dump, p, DELETE)));
      }
      count.ran();
    }
  });

  it("a wrongly typed value at each position: a SchedkitError or a result, never another exception", () => {
    for (const p of all) {
      let v: unknown = dump;
      for (const s of p) v = (v as Record<string | number, unknown>)[s];
      for (const r of retyped(v)) {
        bothEngines(mutate(dump, p, r));
        count.ran();
      }
    }
  });
});

describe("named regressions and the classes they stand for", () => {
  const count = corpusCounter("named cases (core and WASM engines)");
  const node = { kind: "Node", metadata: { name: "n1" }, status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } } };
  const pod = (name: string, spec: Record<string, unknown> = {}) => ({ kind: "Pod", metadata: { name }, spec: { containers: [{ name: "c" }], ...spec } });
  let deep: unknown = pod("deep");
  for (let i = 0; i < 5000; i++) deep = { kind: "List", items: [deep] };
  it.each<[string, unknown, RegExp]>([
    ["a List nested 5,000 deep", { kind: "List", items: [node, deep] }, new RegExp(`is a List nested in more than ${MAX_LIST_DEPTH} Lists`)],
    ["containers: []", [node, pod("p", { containers: [] })], /spec\.containers: an array must list at least one container \(Required value\)/],
    ["node affinity operator Foo", [node, pod("p", { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "k", operator: "Foo", values: ["v"] }] }] } } } })], /operator: "Foo" is not a valid selector operator/],
    ["a duplicate node", [node, node], /is a duplicate node name/],
    ["a duplicate pod", [node, pod("p"), pod("p")], /is a duplicate pod name/],
    ["a quantity beyond the exact domain", [{ ...node, status: { allocatable: { cpu: "1e300" } } }], /cpu/],
    ["a quantity with a control character", [node, pod("p", { containers: [{ name: "c", resources: { requests: { cpu: "1\u001b[2J" } } }] })], /is not a Kubernetes quantity/],
    ["a __proto__ label", [{ ...node, metadata: { name: "n1", labels: JSON.parse('{"__proto__": {"polluted": "yes"}}') } }], /__proto__/],
    ["a constructor.prototype label", [{ ...node, metadata: { name: "n1", labels: { constructor: { prototype: { polluted: "yes" } } } } }], /constructor/],
    ["a root that is a number", 7, /is not an object/],
    ["a root that is null", null, /null/],
    ["items: null in a List", { kind: "List", items: [null] }, /null is not an object/],
  ])("%s", (_name, doc, message) => {
    const o = bothEngines(doc);
    expect(o).toEqual({ error: expect.stringMatching(message) });
    count.ran();
  });

  it("accepted: a pod bound to a node the dump does not have (a stale dump) is left out with a warning", () => {
    const doc = [node, pod("p", { nodeName: "ghost" })];
    expect("ok" in bothEngines(doc)).toBe(true);
    expect(JSON.stringify(createCluster(doc).warnings)).toMatch(/ghost/);
    count.ran();
  });

  it.each<[string, unknown[], RegExp]>([
    ["the same pod twice", [pod("p"), pod("p")], /pods\[1\]\.metadata\.name: "p" is a duplicate pod name/],
    ["a pod with spec.nodeName", [pod("p", { nodeName: "n1" })], /pods\[0\]\.spec\.nodeName: "n1" is set: a pod to schedule is not bound to a node yet/],
    ["a pod named like a bound pod", [pod("bound")], /pods\[0\]\.metadata\.name: "bound" is a duplicate pod name in namespace "default" \(also the pod bound to node "n1"\)/],
    ["a null pod", [null], /pods\[0\]: null is not an object/],
  ])("scheduleAll's pending list: %s", (_name, pods, message) => {
    const cluster = createCluster([node, pod("bound", { nodeName: "n1" })]);
    const ts = outcome(() => scheduleAll(pods, cluster));
    expect(outcome(() => wasm.scheduleAll(pods, cluster))).toEqual(ts);
    expect(ts).toEqual({ error: expect.stringMatching(message) });
    expectNothingLeaked();
    count.ran();
  });
});

describe("layered inventories with a null or a wrongly typed value at every position (core and CPU engine)", () => {
  const count = corpusCounter("layered inventory (layeredReport, TS and CPU engine)");
  // Every kind of position of the incident inventory, on a spiking and an idle VM (its other 14 VMs repeat
  // them position for position): each pod is a v1.Pod, whose nesting multiplies the positions.
  const incident = incidentInventory();
  const host = incident.hosts[0]!;
  const base: LayeredInventory = { ...incident, hosts: [{ ...host, vms: [host.vms[0]!, host.vms[10]!] }] };
  const all = positions(base);
  const both = (inv: unknown): Outcome => {
    const ts = outcome(() => layeredReport(inv as LayeredInventory));
    expect(outcome(() => cpu.layeredReport(inv as LayeredInventory))).toEqual(ts);
    expectNothingLeaked();
    return ts;
  };
  it(`every one of the ${all.length} positions`, () => {
    for (const p of all) {
      let v: unknown = base;
      for (const s of p) v = (v as Record<string | number, unknown>)[s];
      for (const r of [null, ...retyped(v)]) {
        both(mutate(base, p, r));
        count.ran();
      }
    }
  });
});

describe("Nova requests and hosts with a null or a wrongly typed value at every position", () => {
  const count = corpusCounter("Nova (scheduleVms)");
  const hosts: NovaComputeHost[] = [
    { name: "cmp-1", inventories: { VCPU: { total: 16, allocationRatio: 4 }, MEMORY_MB: { total: 65536, reserved: 512 }, DISK_GB: { total: 500 } }, usages: { VCPU: 8 }, aggregates: [{ cpu_allocation_ratio: "2.0" }] as never },
    { name: "cmp-2", inventories: { PCPU: { total: 8 }, MEMORY_MB: { total: 32768 } }, numInstances: 3, up: true },
  ];
  const requests: NovaVmRequest[] = [
    { name: "vm-a", vcpus: 4, memoryMb: 8192, rootGb: 20 },
    { name: "vm-b", vcpus: 2, memoryMb: 4096, dedicatedCpus: true, bootFromVolume: true },
  ];
  const input = { hosts, requests };
  it(`every position of hosts and requests`, () => {
    for (const p of positions(input)) {
      let v: unknown = input;
      for (const s of p) v = (v as Record<string | number, unknown>)[s];
      for (const r of [null, ...retyped(v)]) {
        const m = mutate(input, p, r) as { hosts: unknown; requests: unknown };
        outcome(() => scheduleVms(m.hosts as NovaComputeHost[], m.requests as NovaVmRequest[], { filters: ["ComputeFilter", "AggregateInstanceExtraSpecsFilter"] as never }));
        expectNothingLeaked();
        count.ran();
      }
    }
  });
});
