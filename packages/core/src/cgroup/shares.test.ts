import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { DomainError, SchedkitError } from "../index.js";
import { MAX_MILLI_CPU, MAX_SHARES, milliCPUToShares, MIN_SHARES, sharesToMilliCPU } from "./index.js";

interface SharesCase {
  milliCPU: number;
  shares: number;
  shares_pre_k8s_1_19_no_max_clamp: number;
  source: string;
}

const cases = loadFixture<{ milliCPUToShares: SharesCase[] }>("cgroup_vectors.json").milliCPUToShares;

describe("MilliCPUToShares", () => {
  const counter = fixtureCounter("cgroup_vectors.json milliCPUToShares", 30);
  it.each(cases)("$milliCPU m → $shares shares ($source)", (c) => {
    expect(milliCPUToShares(c.milliCPU)).toBe(c.shares);
    expect(milliCPUToShares(c.milliCPU, { clampToMaxShares: false })).toBe(c.shares_pre_k8s_1_19_no_max_clamp);
    counter.ran();
  });

  it("stays within the kernel range [MIN_SHARES, MAX_SHARES] at the edges of the domain", () => {
    expect(milliCPUToShares(MAX_MILLI_CPU)).toBe(MAX_SHARES);
    expect(milliCPUToShares(-MAX_MILLI_CPU)).toBe(MIN_SHARES);
  });

  it.each([
    [1.5, SchedkitError],
    [Number.NaN, SchedkitError],
    [Number.POSITIVE_INFINITY, SchedkitError],
    [MAX_MILLI_CPU + 1, DomainError],
    [-MAX_MILLI_CPU - 1, SchedkitError],
  ])("rejects milliCPU %s", (m, err) => {
    expect(() => milliCPUToShares(m)).toThrow(err);
    expect(() => milliCPUToShares(m)).toThrow(/milliCPU/);
  });

  it("rejects a non-boolean clamp option", () => {
    expect(() => milliCPUToShares(1000, { clampToMaxShares: "no" as unknown as boolean })).toThrow(/clampToMaxShares/);
  });
});

describe("SharesToMilliCPU", () => {
  // docs/cgroup-overcommit.md §1.2: ceil(shares × 1000 / 1024) for shares ≥ 2, else 0.
  it.each([
    [0, 0],
    [1, 0],
    [2, 2],
    [1024, 1000],
    [102, 100],
    [51, 50],
    [MAX_SHARES, 256000],
  ])("%i shares → %i m", (shares, milli) => {
    expect(sharesToMilliCPU(shares)).toBe(milli);
  });

  it("inverts MilliCPUToShares for whole-CPU requests (1024 shares per CPU)", () => {
    for (const cpus of [1, 2, 4, 8, 64, 256]) expect(sharesToMilliCPU(milliCPUToShares(cpus * 1000))).toBe(cpus * 1000);
  });

  it.each([-1, 0.5, 2 ** 43 + 1])("rejects shares %s", (s) => {
    expect(() => sharesToMilliCPU(s)).toThrow(/shares/);
  });
});
