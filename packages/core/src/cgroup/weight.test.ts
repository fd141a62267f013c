import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import {
  kernelSharesToWeight,
  MAX_CPU_WEIGHT,
  MAX_SHARES,
  milliCPUToShares,
  MIN_CPU_WEIGHT,
  sharesToWeight,
  weightToKernelShares,
  weightToShares,
} from "./index.js";
import { SchedkitError } from "../index.js";
import type { WeightFormula } from "./index.js";
import { kernelRunParameters } from "../_test/long.js";

interface WeightRow {
  shares: number;
  weight_quadratic_new: number | null;
  weight_linear_runc_old: number | null;
  weight_kubelet_getCPUWeight: number | null;
}
interface Digest {
  lo: number;
  hi: number;
  sha256: string;
  sum: number;
}
interface Fixture {
  sharesToWeight: {
    cases: WeightRow[];
    full_range_digest: { how: string; quadratic_new: Digest; kubelet_linear: Digest };
    closest_to_integer_inputs: { cases: { shares: number; weight_quadratic_new: number; pre_ceil_go_float64: string }[] };
  };
  kubeletWeightReadback: { cases: { milliCPU: number; shares_written: number; weight: number; shares_read_back: number }[] };
  kernelWeightToInternalShares: { cases: { weight: number; internal_shares: number; read_back_weight: number }[] };
}

const fx = loadFixture<Fixture>("cgroup_vectors.json");

const columns: [WeightFormula, keyof WeightRow][] = [
  ["runc-quadratic", "weight_quadratic_new"],
  ["runc-linear", "weight_linear_runc_old"],
  ["kubelet-linear", "weight_kubelet_getCPUWeight"],
];

describe("sharesToWeight", () => {
  const counter = fixtureCounter("cgroup_vectors.json sharesToWeight", 26);
  it.each(fx.sharesToWeight.cases)("$shares shares", (row) => {
    for (const [formula, column] of columns) {
      const expected = row[column];
      // null: the formula is undefined there upstream (uint64 wrap-around); we reject the input.
      if (expected === null) expect(() => sharesToWeight(row.shares, formula), formula).toThrow(SchedkitError);
      else expect(sharesToWeight(row.shares, formula), formula).toBe(expected);
    }
    counter.ran();
  });

  // Fixture `how`: join str(weight(s)) for s in [lo, hi] with "\n", trailing "\n", UTF-8, SHA-256 hex; plus the sum.
  function digest(formula: WeightFormula, d: Digest): { sha256: string; sum: number } {
    const hash = createHash("sha256");
    let sum = 0;
    let chunk = "";
    for (let s = d.lo; s <= d.hi; s++) {
      const w = sharesToWeight(s, formula);
      sum += w;
      chunk += `${w}\n`;
      if (chunk.length > 65536) {
        hash.update(chunk, "utf8");
        chunk = "";
      }
    }
    hash.update(chunk, "utf8");
    return { sha256: hash.digest("hex"), sum };
  }

  const digests = fixtureCounter("cgroup_vectors.json sharesToWeight.full_range_digest", 2);
  it.each([
    ["runc-quadratic", fx.sharesToWeight.full_range_digest.quadratic_new],
    ["kubelet-linear", fx.sharesToWeight.full_range_digest.kubelet_linear],
  ] as [WeightFormula, Digest][])("%s matches the exhaustive digest", (formula, d) => {
    expect(digest(formula, d)).toEqual({ sha256: d.sha256, sum: d.sum });
    digests.ran();
  });

  const closest = fixtureCounter("cgroup_vectors.json sharesToWeight.closest_to_integer_inputs", 6);
  it.each(fx.sharesToWeight.closest_to_integer_inputs.cases)(
    "quadratic ceil lands on $weight_quadratic_new for $shares (pre-ceil $pre_ceil_go_float64 in Go)",
    (c) => {
      expect(sharesToWeight(c.shares, "runc-quadratic")).toBe(c.weight_quadratic_new);
      expect(c.weight_quadratic_new).toBe(Math.ceil(Number(c.pre_ceil_go_float64)));
      closest.ran();
    },
  );

  it("maps min, default and max onto each other with the quadratic formula (docs/cgroup-overcommit.md §2.3)", () => {
    expect(sharesToWeight(2, "runc-quadratic")).toBe(MIN_CPU_WEIGHT);
    expect(sharesToWeight(1024, "runc-quadratic")).toBe(100);
    expect(sharesToWeight(MAX_SHARES, "runc-quadratic")).toBe(MAX_CPU_WEIGHT);
  });

  it("leaves the old runc formula unclamped above MAX_SHARES (docs/cgroup-overcommit.md §2.2: 300000 → 11443)", () => {
    expect(sharesToWeight(300000, "runc-linear")).toBe(11443);
    expect(sharesToWeight(300000, "kubelet-linear")).toBe(MAX_CPU_WEIGHT);
    expect(sharesToWeight(300000, "runc-quadratic")).toBe(MAX_CPU_WEIGHT);
  });

  it("computes the uint64 linear formula exactly across the whole accepted runc-linear domain", () => {
    const max = Math.floor(Number.MAX_SAFE_INTEGER / 9999) + 2;
    fc.assert(
      fc.property(fc.integer({ min: 2, max }), (s) => {
        expect(sharesToWeight(s, "runc-linear")).toBe(Number(1n + ((BigInt(s) - 2n) * 9999n) / 262142n));
      }),
      kernelRunParameters(2000),
    );
  });

  it("keeps every formula monotone over the kernel range", () => {
    for (const [formula] of columns) {
      let prev = sharesToWeight(2, formula);
      for (let s = 3; s <= MAX_SHARES; s++) {
        const w = sharesToWeight(s, formula);
        if (w < prev) expect.fail(`${formula} decreases at ${s}`);
        prev = w;
      }
    }
  });

  it.each([
    ["fractional shares", () => sharesToWeight(2.5, "runc-quadratic"), /shares/],
    ["negative shares", () => sharesToWeight(-1, "runc-quadratic"), /shares/],
    ["NaN shares", () => sharesToWeight(Number.NaN, "kubelet-linear"), /shares/],
    ["kubelet shares below MIN_SHARES", () => sharesToWeight(1, "kubelet-linear"), /shares/],
    ["runc-linear shares beyond exact range", () => sharesToWeight(2 ** 50, "runc-linear"), /shares/],
    ["unknown formula", () => sharesToWeight(1024, "cubic" as WeightFormula), /formula/],
  ])("rejects %s", (_n, fn, msg) => {
    expect(fn).toThrow(SchedkitError);
    expect(fn).toThrow(msg);
  });
});

describe("cpuWeightToCPUShares (kubelet read-back)", () => {
  const counter = fixtureCounter("cgroup_vectors.json kubeletWeightReadback", 7);
  it.each(fx.kubeletWeightReadback.cases)("$milliCPU m → $shares_written → w $weight → $shares_read_back", (c) => {
    expect(milliCPUToShares(c.milliCPU)).toBe(c.shares_written);
    expect(sharesToWeight(c.shares_written, "kubelet-linear")).toBe(c.weight);
    expect(weightToShares(c.weight)).toBe(c.shares_read_back);
    counter.ran();
  });

  it("maps the weight range onto the shares range", () => {
    expect(weightToShares(MIN_CPU_WEIGHT)).toBe(2);
    expect(weightToShares(MAX_CPU_WEIGHT)).toBe(MAX_SHARES);
  });

  it.each([0, 10001, 1.5])("rejects weight %s", (w) => {
    expect(() => weightToShares(w)).toThrow(/weight/);
  });
});

describe("cpu_weight_write_u64 / cpu_weight_read_u64 (kernel)", () => {
  const counter = fixtureCounter("cgroup_vectors.json kernelWeightToInternalShares", 12);
  it.each(fx.kernelWeightToInternalShares.cases)("weight $weight ↔ $internal_shares", (c) => {
    expect(weightToKernelShares(c.weight)).toBe(c.internal_shares);
    expect(kernelSharesToWeight(c.internal_shares)).toBe(c.read_back_weight);
    counter.ran();
  });

  it("reads every writable weight back unchanged", () => {
    for (let w = MIN_CPU_WEIGHT; w <= MAX_CPU_WEIGHT; w++) {
      if (kernelSharesToWeight(weightToKernelShares(w)) !== w) expect.fail(`weight ${w} does not round-trip`);
    }
  });

  it.each([
    ["weight 0", () => weightToKernelShares(0)],
    ["weight 10001", () => weightToKernelShares(10001)],
    ["internal shares 9", () => kernelSharesToWeight(9)],
    ["internal shares 102401", () => kernelSharesToWeight(102401)],
  ])("rejects %s", (_n, fn) => {
    expect(fn).toThrow(SchedkitError);
  });
});
