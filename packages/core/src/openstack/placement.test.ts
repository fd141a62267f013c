import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import {
  libvirtInventory,
  NOVA_PRE_STEIN_RATIOS,
  novaAllocationRatio,
  placementCapacity,
  placementFit,
  type PlacementInventory,
  type RatioStorage,
} from "./index.js";
import { SchedkitError } from "../index.js";

interface Expected {
  capacity_float: number;
  capacity_int: number;
  fits: boolean;
  reason: string | null;
}
interface PlacementCase {
  name: string;
  resource_class: string;
  total: number;
  reserved: number;
  allocation_ratio: number;
  used: number;
  requested: number;
  min_unit: number;
  max_unit: number;
  step_size: number;
  expected: Expected;
  expected_if_ratio_stored_float32: Expected;
  source: string;
}
interface Meta {
  nova_defaults: {
    initial_cpu_allocation_ratio: number;
    initial_ram_allocation_ratio: number;
    initial_disk_allocation_ratio: number;
    pre_stein_effective_defaults: { cpu: number; ram: number; disk: number };
    reserved_host_memory_mb: number;
  };
}

const fixture = loadFixture<{ meta: Meta; cases: PlacementCase[] }>("openstack_placement.json");
const defaults = fixture.meta.nova_defaults;

describe("placementFit / placementCapacity (Placement capacity and fit)", () => {
  const counter = fixtureCounter("openstack_placement.json cases", fixture.cases.length);
  it.each(fixture.cases)("$name ($source)", (c) => {
    const inv: PlacementInventory = {
      total: c.total,
      reserved: c.reserved,
      allocationRatio: c.allocation_ratio,
      minUnit: c.min_unit,
      maxUnit: c.max_unit,
      stepSize: c.step_size,
    };
    const modes: [RatioStorage, Expected][] = [
      ["binary64", c.expected],
      ["binary32", c.expected_if_ratio_stored_float32],
    ];
    for (const [ratioStorage, want] of modes) {
      expect(placementFit(inv, c.used, c.requested, { ratioStorage })).toEqual({
        capacityFloat: want.capacity_float,
        capacityInt: want.capacity_int,
        fits: want.fits,
        reason: want.reason,
      });
      expect(placementCapacity(inv, { ratioStorage })).toEqual({ capacityFloat: want.capacity_float, capacityInt: want.capacity_int });
    }
    counter.ran();
  });

  it("applies Placement's inventory defaults (reserved 0, ratio 1.0, min_unit 1, max_unit 2^31−1, step 1)", () => {
    expect(placementFit({ total: 10 }, 9, 1)).toEqual({ capacityFloat: 10, capacityInt: 10, fits: true, reason: null });
    expect(placementFit({ total: 10 }, 9, 2).reason).toBe("capacity");
  });

  it("checks the unit constraints before capacity, as allocation.py does", () => {
    expect(placementFit({ total: 4, minUnit: 2 }, 4, 1).reason).toBe("min_unit");
    expect(placementFit({ total: 4, maxUnit: 2, stepSize: 2 }, 4, 3).reason).toBe("max_unit");
  });

  it.each([
    ["a fractional request", () => placementFit({ total: 4 }, 0, 1.5), /requested/],
    ["a zero request", () => placementFit({ total: 4 }, 0, 0), /requested/],
    ["negative usage", () => placementFit({ total: 4 }, -1, 1), /used/],
    ["a NaN ratio", () => placementCapacity({ total: 4, allocationRatio: NaN }), /allocationRatio/],
    ["a negative reserved", () => placementCapacity({ total: 4, reserved: -1 }), /reserved/],
  ])("rejects %s", (_n, run, msg) => {
    expect(run).toThrow(SchedkitError);
    expect(run).toThrow(msg);
  });
});

describe("novaAllocationRatio (nova/virt/driver.py _get_allocation_ratios)", () => {
  it("uses the initial_* ratios while the provider has no inventory of the class", () => {
    expect(novaAllocationRatio("VCPU")).toBe(defaults.initial_cpu_allocation_ratio);
    expect(novaAllocationRatio("MEMORY_MB")).toBe(defaults.initial_ram_allocation_ratio);
    expect(novaAllocationRatio("DISK_GB")).toBe(defaults.initial_disk_allocation_ratio);
  });

  it("keeps the ratio already in Placement when nothing is configured", () => {
    expect(novaAllocationRatio("VCPU", {}, 2.5)).toBe(2.5);
    expect(novaAllocationRatio("VCPU", { cpuAllocationRatio: 0 }, 2.5)).toBe(2.5);
    expect(novaAllocationRatio("VCPU", { cpuAllocationRatio: null }, 2.5)).toBe(2.5);
  });

  it("lets a configured ratio override the Placement value and the initial one", () => {
    expect(novaAllocationRatio("VCPU", { cpuAllocationRatio: 8 }, 2.5)).toBe(8);
    expect(novaAllocationRatio("MEMORY_MB", { ramAllocationRatio: 1.2, initialRamAllocationRatio: 3 })).toBe(1.2);
  });

  it("fixes PCPU at 1.0", () => {
    expect(novaAllocationRatio("PCPU", { cpuAllocationRatio: 16 }, 4)).toBe(1.0);
  });

  it("falls back to the scheduler-side defaults before Stein", () => {
    const pre = defaults.pre_stein_effective_defaults;
    expect(NOVA_PRE_STEIN_RATIOS).toEqual({ VCPU: pre.cpu, MEMORY_MB: pre.ram, DISK_GB: pre.disk });
    expect(novaAllocationRatio("VCPU", {}, 4, "pre-stein")).toBe(pre.cpu);
    expect(novaAllocationRatio("MEMORY_MB", { ramAllocationRatio: 0 }, null, "pre-stein")).toBe(pre.ram);
  });
});

describe("libvirtInventory (libvirt update_provider_tree)", () => {
  const ratios = { VCPU: 4, MEMORY_MB: 1, DISK_GB: 1 };

  it("reports VCPU with max_unit = total and the default 512 MB memory reservation", () => {
    const inv = libvirtInventory({ onlineCpus: 32, reservedHostCpus: 2, memoryMb: 65536, diskGb: 1000 }, ratios);
    expect(inv.VCPU).toEqual({ total: 32, reserved: 2, allocationRatio: 4, minUnit: 1, maxUnit: 32, stepSize: 1 });
    expect(inv.MEMORY_MB?.reserved).toBe(defaults.reserved_host_memory_mb);
    expect(inv.PCPU).toBeUndefined();
  });

  it("splits shared and dedicated CPUs; PCPU is never overcommitted", () => {
    const inv = libvirtInventory({ onlineCpus: 32, cpuSharedSet: 8, cpuDedicatedSet: 16, memoryMb: 1024, diskGb: 10 }, ratios);
    expect(inv.VCPU?.total).toBe(8);
    expect(inv.VCPU?.maxUnit).toBe(8);
    expect(inv.PCPU).toEqual({ total: 16, reserved: 0, allocationRatio: 1, minUnit: 1, maxUnit: 16, stepSize: 1 });
  });

  it("reserves disk in whole GB, rounding reserved_host_disk_mb up", () => {
    expect(libvirtInventory({ onlineCpus: 4, memoryMb: 1024, diskGb: 100, reservedHostDiskMb: 1025 }, ratios).DISK_GB?.reserved).toBe(2);
  });

  it("rejects reserved_host_cpus together with CPU sets", () => {
    expect(() => libvirtInventory({ onlineCpus: 4, reservedHostCpus: 1, cpuSharedSet: 2, memoryMb: 1, diskGb: 1 }, ratios)).toThrow(/reservedHostCpus/);
  });
});
