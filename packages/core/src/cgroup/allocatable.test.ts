import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { nodeAllocatable } from "./index.js";
import { SchedkitError } from "../index.js";

interface AllocCase {
  name: string;
  cpu_capacity_m?: number;
  kube_reserved_m?: number;
  system_reserved_m?: number;
  cpu_allocatable_m?: number;
  memory_capacity?: number;
  kube_reserved?: number;
  system_reserved?: number;
  eviction_hard?: number;
  eviction_hard_pct?: number;
  memory_allocatable?: number;
  eviction_reservation?: number;
  source: string;
}

const cases = loadFixture<{ nodeAllocatable: { cases: AllocCase[] } }>("cgroup_vectors.json").nodeAllocatable.cases;

describe("node allocatable", () => {
  const counter = fixtureCounter("cgroup_vectors.json nodeAllocatable", 3);
  it.each(cases)("$name ($source)", (c) => {
    if (c.cpu_capacity_m !== undefined) {
      const got = nodeAllocatable({
        capacity: { cpu: c.cpu_capacity_m },
        kubeReserved: { cpu: c.kube_reserved_m ?? 0 },
        systemReserved: { cpu: c.system_reserved_m ?? 0 },
      });
      expect(got.allocatable["cpu"]).toBe(c.cpu_allocatable_m);
      // No eviction signal reserves CPU, so the kubepods cgroup gets the same size.
      expect(got.kubepods["cpu"]).toBe(c.cpu_allocatable_m);
    } else {
      const threshold =
        c.eviction_hard_pct !== undefined ? { percentage: c.eviction_hard_pct } : { quantity: c.eviction_hard as number };
      const got = nodeAllocatable({
        capacity: { memory: c.memory_capacity as number },
        kubeReserved: { memory: c.kube_reserved as number },
        systemReserved: { memory: c.system_reserved as number },
        evictionHard: { "memory.available": threshold },
      });
      expect(got.allocatable["memory"]).toBe(c.memory_allocatable);
      if (c.eviction_reservation !== undefined) expect(got.evictionReservation["memory"]).toBe(c.eviction_reservation);
      // docs/cgroup-overcommit.md §1.8: the kubepods cgroup is sized without the eviction reservation.
      expect(got.kubepods["memory"]).toBe((c.memory_capacity as number) - (c.kube_reserved as number) - (c.system_reserved as number));
    }
    counter.ran();
  });

  // docs/cgroup-overcommit.md §5.1: floored at 0; only memory.available and nodefs.available reserve anything.
  it("floors allocatable at 0 and reserves nodefs.available from ephemeral-storage", () => {
    const got = nodeAllocatable({
      capacity: { cpu: 1000, memory: 1000, "ephemeral-storage": 10000, pods: 110 },
      kubeReserved: { cpu: 600, memory: 200 },
      systemReserved: { cpu: 600 },
      evictionHard: { "memory.available": { quantity: 900 }, "nodefs.available": { percentage: 0.1 } },
    });
    expect(got.allocatable).toEqual({ cpu: 0, memory: 0, "ephemeral-storage": 9000, pods: 110 });
    expect(got.kubepods).toEqual({ cpu: 0, memory: 800, "ephemeral-storage": 10000, pods: 110 });
    expect(got.evictionReservation).toEqual({ memory: 900, "ephemeral-storage": 1000 });
  });

  it.each([
    ["negative capacity", { capacity: { cpu: -1 } }, /capacity\["cpu"\]/],
    ["fractional reservation", { capacity: { cpu: 1 }, kubeReserved: { cpu: 0.5 } }, /kubeReserved\["cpu"\]/],
    ["percentage above 1", { capacity: { memory: 1 }, evictionHard: { "memory.available": { percentage: 1.5 } } }, /percentage/],
    ["threshold without a value", { capacity: { memory: 1 }, evictionHard: { "memory.available": {} } }, /memory\.available/],
    ["missing capacity", {}, /capacity/],
  ])("rejects %s", (_n, input, msg) => {
    expect(() => nodeAllocatable(input as never)).toThrow(SchedkitError);
    expect(() => nodeAllocatable(input as never)).toThrow(msg);
  });
});
