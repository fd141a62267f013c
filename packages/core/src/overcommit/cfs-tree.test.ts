import { describe, expect, it } from "vitest";
import { allocateCfsTree, type CfsGroup } from "./index.js";
import { SchedkitError } from "../index.js";

const leaf = (name: string, weight: number, demandCpus: number, extra: Partial<CfsGroup> = {}): CfsGroup => ({ name, weight, demandCpus, ...extra });

describe("allocateCfsTree (hierarchical share, docs/cgroup-overcommit.md §3.2–§3.4)", () => {
  it("caps a parent at its own quota and splits that among its children (throttling applies to the subtree)", () => {
    const [a, b] = allocateCfsTree(4, [
      { name: "a", weight: 1, maxCpus: 1, children: [leaf("x", 1, 5), leaf("y", 1, 5)] },
      leaf("b", 1, 10),
    ]);
    expect(a!.capCpus).toBe(1);
    expect(a!.cpus).toBe(1);
    expect(b!.cpus).toBe(3);
    expect(a!.children.map((c) => c.cpus)).toEqual([0.5, 0.5]);
  });

  it("gives an idle sibling's share to the busy ones (work-conserving)", () => {
    const [a, b] = allocateCfsTree(4, [leaf("idle", 1000, 0), leaf("busy", 1, 8)]);
    expect(a!.cpus).toBe(0);
    expect(b!.cpus).toBe(4);
  });

  it("caps a group at its runnable thread count", () => {
    const [a, b] = allocateCfsTree(8, [leaf("two-threads", 1, 6, { threads: 2 }), leaf("other", 1, 3)]);
    expect(a!.capCpus).toBe(2);
    expect(a!.cpus).toBe(2);
    expect(b!.cpus).toBe(3);
  });

  it("caps a parent at what its subtree can use, and an empty parent at nothing", () => {
    const [a, empty, b] = allocateCfsTree(8, [
      { name: "a", weight: 100, children: [leaf("x", 1, 0.25), leaf("y", 1, 0.5)] },
      { name: "empty", weight: 100, children: [] },
      leaf("b", 1, 100),
    ]);
    expect(a!.capCpus).toBe(0.75);
    expect(a!.cpus).toBe(0.75);
    expect(empty!.cpus).toBe(0);
    expect(b!.cpus).toBe(7.25);
  });

  it.each([
    ["a leaf without demand", [{ name: "x", weight: 1 }], /groups\[0\]\.demandCpus/],
    ["demand on a parent", [{ name: "x", weight: 1, demandCpus: 1, children: [leaf("y", 1, 1)] }], /groups\[0\]\.demandCpus/],
    ["a zero weight deep in the tree", [{ name: "x", weight: 1, children: [leaf("y", 0, 1)] }], /groups\[0\]\.children\[0\]\.weight/],
    ["fractional threads", [leaf("x", 1, 1, { threads: 1.5 })], /threads/],
    ["a negative quota", [leaf("x", 1, 1, { maxCpus: -1 })], /maxCpus/],
  ] as const)("rejects %s", (_n, groups, msg) => {
    expect(() => allocateCfsTree(1, groups as readonly CfsGroup[])).toThrow(SchedkitError);
    expect(() => allocateCfsTree(1, groups as readonly CfsGroup[])).toThrow(msg);
  });
});
