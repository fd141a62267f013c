import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { DomainError, SchedkitError } from "../index.js";
import { waterFill } from "./index.js";
import { kernelRunParameters } from "../_test/long.js";

interface Exact {
  exact: string;
  float: number;
}
interface CfsCase {
  name: string;
  capacity_cpus: string;
  children: { name: string; weight: number; cap_cpus: string | null }[];
  expected_alloc_cpus: Record<string, Exact>;
  source: string;
}

const cfs = loadFixture<{ cfsShare: { cases: CfsCase[] } }>("cgroup_vectors.json").cfsShare;

/** "39/5" or "0.5" as a float64 (the fixture's exact rationals). */
function rational(s: string): number {
  const [n, d] = s.split("/");
  return d === undefined ? Number(n) : Number(n) / Number(d);
}

/** Within a few ulps of the exact rational (water-fill.ts: a handful of correctly rounded ops). */
function expectUlps(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.max(1, Math.abs(expected)));
}

describe("waterFill (weighted max-min fair share)", () => {
  const counter = fixtureCounter("cgroup_vectors.json cfsShare.cases", cfs.cases.length);
  it.each(cfs.cases)("$name ($source)", (c) => {
    const weights = c.children.map((k) => k.weight);
    const caps = c.children.map((k) => (k.cap_cpus === null ? Infinity : rational(k.cap_cpus)));
    const got = waterFill(rational(c.capacity_cpus), weights, caps);
    c.children.forEach((k, i) => {
      const want = c.expected_alloc_cpus[k.name]!;
      expect(want.float).toBe(rational(want.exact));
      expectUlps(got[i]!, want.float);
    });
    counter.ran();
  });

  it("writes into the given buffer and returns it", () => {
    const out = new Float64Array(3);
    expect(waterFill(3, [2, 1, 1], [Infinity, Infinity, 0], out)).toBe(out);
    expect(Array.from(out)).toEqual([2, 1, 0]);
  });

  it.each([
    ["a negative capacity", () => waterFill(-1, [1], [1]), SchedkitError, /capacity/],
    ["a NaN capacity", () => waterFill(NaN, [1], [1]), SchedkitError, /capacity/],
    ["a capacity above the domain", () => waterFill(2 ** 33, [1], [1]), DomainError, /capacity/],
    ["a zero weight", () => waterFill(1, [1, 0], [1, 1]), SchedkitError, /weights\[1\]/],
    ["a fractional weight", () => waterFill(1, [1.5], [1]), SchedkitError, /weights\[0\]/],
    ["a negative cap", () => waterFill(1, [1], [-1]), SchedkitError, /caps\[0\]/],
    ["a NaN cap", () => waterFill(1, [1], [NaN]), SchedkitError, /caps\[0\]/],
    ["mismatched lengths", () => waterFill(1, [1, 1], [1]), SchedkitError, /caps/],
  ])("rejects %s", (_n, run, err, msg) => {
    expect(run).toThrow(err);
    expect(run).toThrow(msg);
  });
});

// Children: integer weights as the kernel has them, caps from min(quota, threads, demand) or none.
const child = fc.record({
  weight: fc.integer({ min: 1, max: 262144 }),
  cap: fc.oneof(fc.constant(Infinity), fc.constant(0), fc.double({ min: 0, max: 512, noNaN: true })),
});
const sibling = fc.record({ capacity: fc.double({ min: 0, max: 1024, noNaN: true }), children: fc.array(child, { minLength: 1, maxLength: 12 }) });
const fill = (capacity: number, cs: readonly { weight: number; cap: number }[]) =>
  waterFill(
    capacity,
    cs.map((c) => c.weight),
    cs.map((c) => c.cap),
  );
// Float slack for sums and comparisons: docs/cgroup-overcommit.md §3.4 suggests 1e−9 relative.
const slack = (capacity: number) => 1e-9 * Math.max(1, capacity);

describe("waterFill properties", () => {
  test.prop([sibling], kernelRunParameters(100))("conservation: Σ alloc = min(capacity, Σ caps)", ({ capacity, children }) => {
    const alloc = fill(capacity, children);
    let sum = 0;
    let caps = 0;
    alloc.forEach((a) => (sum += a));
    children.forEach((c) => (caps += c.cap));
    expect(Math.abs(sum - Math.min(capacity, caps))).toBeLessThanOrEqual(slack(capacity));
  });

  test.prop([sibling], kernelRunParameters(100))("no allocation is negative or exceeds its cap (exactly)", ({ capacity, children }) => {
    const alloc = fill(capacity, children);
    children.forEach((c, i) => {
      expect(alloc[i]!).toBeGreaterThanOrEqual(0);
      expect(alloc[i]!).toBeLessThanOrEqual(c.cap);
    });
  });

  test.prop([sibling], kernelRunParameters(100))("max-min fairness: every child below its cap has the highest allocation per weight", ({ capacity, children }) => {
    const alloc = fill(capacity, children);
    children.forEach((c, i) => {
      if (alloc[i]! >= c.cap) return;
      const level = alloc[i]! / c.weight;
      children.forEach((d, j) => expect(alloc[j]! / d.weight).toBeLessThanOrEqual(level + slack(capacity)));
    });
  });

  test.prop([sibling, fc.nat(), fc.integer({ min: 1, max: 262144 })], kernelRunParameters(100))(
    "weight monotonicity: raising one weight never lowers that child's allocation",
    ({ capacity, children }, pick, extra) => {
      const i = pick % children.length;
      const before = fill(capacity, children)[i]!;
      const heavier = children.map((c, j) => (j === i ? { ...c, weight: c.weight + extra } : c));
      expect(fill(capacity, heavier)[i]!).toBeGreaterThanOrEqual(before - slack(capacity));
    },
  );

  test.prop([sibling.chain((s) => fc.shuffledSubarray(s.children.map((_, i) => i), { minLength: s.children.length }).map((perm) => ({ s, perm })))], kernelRunParameters(100))(
    "permutation invariance: reordering children reorders the allocation",
    ({ s, perm }) => {
      const alloc = fill(s.capacity, s.children);
      const permuted = fill(
        s.capacity,
        perm.map((i) => s.children[i]!),
      );
      perm.forEach((i, k) => expect(Math.abs(permuted[k]! - alloc[i]!)).toBeLessThanOrEqual(slack(s.capacity)));
    },
  );
});
