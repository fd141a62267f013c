import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { NOVA_DEFAULT_MULTIPLIERS, novaNormalize, weighHosts, type NovaHostState } from "./index.js";
import { SchedkitError } from "../index.js";

interface WeigherHost {
  name: string;
  vcpus_total: number;
  cpu_allocation_ratio: number;
  vcpus_used: number;
  free_ram_mb: number;
}
interface CpuRamExample {
  hosts: WeigherHost[];
  cpu_raw: number[];
  cpu_normalized: number[];
  ram_raw_clamped: number[];
  ram_normalized: number[];
  multipliers: { cpu_weight_multiplier: number; ram_weight_multiplier: number };
  total_weight: number[];
  sorted_desc: string[];
  source: string;
}
interface StackingExample {
  cpu_weight_multiplier: number;
  total_weight: number[];
  sorted_desc: string[];
  source: string;
}

const fixture = loadFixture<{ cpuRamWeigherExample: CpuRamExample; cpuWeigherStackingExample: StackingExample }>("openstack_placement.json");
const example = fixture.cpuRamWeigherExample;

// Only the fields these weighers read come from the fixture; the rest are neutral.
const state = (h: WeigherHost): NovaHostState => ({
  name: h.name,
  vcpusTotal: h.vcpus_total,
  vcpusUsed: h.vcpus_used,
  cpuAllocationRatio: h.cpu_allocation_ratio,
  totalUsableRamMb: 0,
  freeRamMb: h.free_ram_mb,
  ramAllocationRatio: 1,
  totalUsableDiskGb: 0,
  freeDiskMb: 0,
  diskAllocationRatio: 1,
  numInstances: 0,
  numIoOps: 0,
});
const hosts = example.hosts.map(state);
const byName = (list: ReturnType<typeof weighHosts>, name: string) => list.find((w) => w.host.name === name)!;
// The fixture writes −0.0 where Python's multiplier × 0.0 gives it; the weight sum starts at +0.0.
const plusZero = (x: number) => x + 0;

describe("weighHosts (nova/weights.py get_weighed_objects)", () => {
  const counter = fixtureCounter("openstack_placement.json weigher examples", 2);

  it(`CPUWeigher + RAMWeigher spread (${example.source})`, () => {
    const got = weighHosts(hosts, {
      weighers: ["CPUWeigher", "RAMWeigher"],
      multipliers: example.multipliers,
    });
    example.hosts.forEach((h, i) => {
      const w = byName(got, h.name);
      const cpu = w.scores.find((s) => s.weigher === "CPUWeigher")!;
      const ram = w.scores.find((s) => s.weigher === "RAMWeigher")!;
      expect(cpu.raw).toBe(example.cpu_raw[i]);
      expect(cpu.normalized).toBe(example.cpu_normalized[i]);
      expect(ram.raw).toBe(example.ram_raw_clamped[i]);
      expect(ram.normalized).toBe(example.ram_normalized[i]);
      expect(w.weight).toBe(example.total_weight[i]);
    });
    expect(got.map((w) => w.host.name)).toEqual(example.sorted_desc);
    counter.ran();
  });

  it(`CPUWeigher with a negative multiplier stacks (${fixture.cpuWeigherStackingExample.source})`, () => {
    const stack = fixture.cpuWeigherStackingExample;
    const got = weighHosts(hosts, { weighers: ["CPUWeigher"], multipliers: { cpu_weight_multiplier: stack.cpu_weight_multiplier } });
    example.hosts.forEach((h, i) => expect(byName(got, h.name).weight).toBe(plusZero(stack.total_weight[i]!)));
    expect(got.map((w) => w.host.name)).toEqual(stack.sorted_desc);
    counter.ran();
  });

  it("does not weigh a single host", () => {
    const got = weighHosts([hosts[0]!]);
    expect(got[0]!.weight).toBe(0);
    expect(got[0]!.scores).toEqual([]);
  });

  it("keeps input order for ties (Python's sort is stable)", () => {
    const same = [state({ ...example.hosts[0]!, name: "a" }), state({ ...example.hosts[0]!, name: "b" }), state({ ...example.hosts[0]!, name: "c" })];
    expect(weighHosts(same).map((w) => w.host.name)).toEqual(["a", "b", "c"]);
  });

  it("takes the smallest aggregate multiplier over the configured one (get_weight_multiplier)", () => {
    const [h1, h2] = [hosts[0]!, hosts[1]!];
    const agg: NovaHostState = { ...h2, aggregates: [{ cpu_weight_multiplier: "2.0" }, { cpu_weight_multiplier: "-1.5" }, { other: "x" }] };
    const got = weighHosts([h1, agg], { weighers: ["CPUWeigher"] });
    // h2 has the most free vCPUs (normalized 1.0); its aggregates make the multiplier −1.5.
    expect(byName(got, h2.name).weight).toBe(-1.5);
    expect(byName(got, h2.name).scores[0]!.multiplier).toBe(-1.5);
    expect(got.map((w) => w.host.name)).toEqual([h1.name, h2.name]);
  });

  it("falls back to the configured multiplier when an aggregate value is not a float", () => {
    const agg = { ...hosts[1]!, aggregates: [{ cpu_weight_multiplier: "-1" }, { cpu_weight_multiplier: "lots" }] };
    const got = weighHosts([hosts[0]!, agg], { weighers: ["CPUWeigher"] });
    expect(byName(got, hosts[1]!.name).scores[0]!.multiplier).toBe(NOVA_DEFAULT_MULTIPLIERS.cpu_weight_multiplier);
  });

  it("uses the default multipliers: I/O ops negative (prefer idle hosts), instance count off", () => {
    const busy = { ...hosts[0]!, name: "busy", numIoOps: 6, numInstances: 40 };
    const idle = { ...hosts[0]!, name: "idle", numIoOps: 0, numInstances: 1 };
    const got = weighHosts([busy, idle], { weighers: ["IoOpsWeigher", "NumInstancesWeigher"] });
    expect(byName(got, "busy").weight).toBe(NOVA_DEFAULT_MULTIPLIERS.io_ops_weight_multiplier);
    expect(byName(got, "idle").weight).toBe(0);
    expect(got.map((w) => w.host.name)).toEqual(["idle", "busy"]);
  });

  it("rejects an unknown weigher and a non-finite host field", () => {
    expect(() => weighHosts(hosts, { weighers: ["GPUWeigher" as never] })).toThrow(SchedkitError);
    expect(() => weighHosts([hosts[0]!, { ...hosts[1]!, freeRamMb: NaN }])).toThrow(/freeRamMb/);
  });
});

describe("novaNormalize (nova/weights.py normalize)", () => {
  it.each([
    ["min and max from the list", [2, 4, 6], null, null, [0, 0.5, 1]],
    ["a weigher minval", [2, 4, 6], 0, null, [2 / 6, 4 / 6, 1]],
    ["all equal", [3, 3], null, null, [0, 0]],
    ["minval equal to every value", [0, 0, 0], 0, null, [0, 0, 0]],
  ] as const)("%s", (_n, values, minval, maxval, want) => {
    expect(Array.from(novaNormalize(values, minval, maxval, new Float64Array(values.length)))).toEqual(want);
  });
});
