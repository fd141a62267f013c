import fc from "fast-check";
import { assertProperty, propertySeeds, runParameters } from "../../../core/src/_test/long.js";
import { describe, expect, it } from "vitest";
import { DomainError, SchedkitError } from "@schedkit/core";
import {
  MAX_MILLI_CPU,
  milliCPUToQuota,
  milliCPUToShares,
  sharesToWeight,
  type WeightFormula,
} from "@schedkit/core/cgroup";
import { createWasmCpuEngineSync } from "./index.js";
import { cpuKernelOf } from "./engine.js";
import { quadraticRaws } from "./cgroup.js";
import { milliCpuAny as milliCpu } from "./_test/arbitraries.js";
import { expectSameNumbers, outcome, RUNS, PROPERTY_TIMEOUT } from "./_test/same.js";

const engine = createWasmCpuEngineSync();
const FORMULAS: readonly WeightFormula[] = ["kubelet-linear", "runc-linear", "runc-quadratic"];
const LAST = 262150;

/** Every integer in [from, to]. */
const range = (from: number, to: number) => Float64Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Units in the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  const buf = new BigInt64Array(Float64Array.of(a, b).buffer);
  const d = buf[0]! - buf[1]!;
  return Number(d < 0n ? -d : d);
}

describe("sharesToWeights, exhaustive over shares 0..262150 (docs/cgroup-overcommit.md §2.4's range)", () => {
  // Shares each formula accepts there: kubelet-linear from MIN_SHARES, runc-linear without 1, the quadratic all.
  const domain: Record<WeightFormula, Float64Array> = {
    "kubelet-linear": range(2, LAST),
    "runc-linear": Float64Array.from([0, ...range(2, LAST)]),
    "runc-quadratic": range(0, LAST),
  };

  it.each(FORMULAS)("%s: every integer weight equals core's sharesToWeight", (formula) => {
    const shares = domain[formula];
    const got = engine.sharesToWeights(shares, formula);
    const want = Float64Array.from(shares, (s) => sharesToWeight(s, formula));
    expectSameNumbers(got, want);
  });

  it("runc-quadratic: AssemblyScript's log2 and pow differ from V8's in the last ulps before the ceil, never after it", () => {
    // The formula's value before the ceil, in core weight.ts's operation order, on V8's Math.
    const shares = range(3, 262143);
    const wasm = quadraticRaws(cpuKernelOf(engine), shares);
    let log2Differs = 0;
    let oneUlp = 0;
    let moreUlps = 0;
    let worstUlps = 0;
    let worstAbs = 0;
    let nearestInteger = Infinity;
    let ceilDiffers = 0;
    for (let i = 0; i < shares.length; i++) {
      const l = Math.log2(shares[i]!);
      const v8 = Math.pow(10, (l * l + 125 * l) / 612 - 7 / 34);
      const as = wasm.raw[i]!;
      if (!Object.is(l, wasm.log2[i])) log2Differs++;
      const u = ulps(v8, as);
      if (u === 1) oneUlp++;
      else if (u > 1) moreUlps++;
      worstUlps = Math.max(worstUlps, u);
      worstAbs = Math.max(worstAbs, Math.abs(v8 - as));
      for (const v of [v8, as]) {
        const d = Math.min(v - Math.floor(v), Math.ceil(v) - v);
        if (d > 0) nearestInteger = Math.min(nearestInteger, d);
      }
      if (Math.ceil(v8) !== Math.ceil(as)) ceilDiffers++;
    }
    console.log(
      `[exhaustive] runc-quadratic, shares 3..262143: log2 differs from V8 on ${log2Differs}; the pre-ceil value on ${oneUlp + moreUlps} ` +
        `(${oneUlp} by 1 ulp, ${moreUlps} by up to ${worstUlps} ulps; at most ${worstAbs.toExponential(2)}); nearest non-integer pre-ceil value to an integer: ` +
        `${nearestInteger.toExponential(2)}; integer weights that differ: ${ceilDiffers}`,
    );
    // Whatever the libm differences, they stay orders of magnitude below the ceil's margin.
    expect(worstAbs * 1000).toBeLessThan(nearestInteger);
    expect(ceilDiffers).toBe(0);
  });

  it.each([
    ["kubelet-linear", 0],
    ["kubelet-linear", 1],
    ["runc-linear", 1],
    ["runc-linear", 2 ** 50],
    ["runc-quadratic", -1],
    ["runc-quadratic", 1.5],
    ["runc-quadratic", NaN],
    ["runc-quadratic", "3"],
  ] as [WeightFormula, number][])("%s rejects %s as core does, naming the element", (formula, value) => {
    const ref = outcome(() => sharesToWeight(value, formula));
    expect(ref).toHaveProperty("threw");
    const { threw, message } = ref as { threw: string; message: string };
    const got = outcome(() => engine.sharesToWeights([1024, value], formula));
    expect(got).toEqual({ threw, message: message.replace(/^shares/, "shares[1]") });
  });

  it("rejects an unknown formula", () => {
    expect(() => engine.sharesToWeights([2], "cubic" as never)).toThrow(/formula: "cubic" is not "kubelet-linear", "runc-linear" or "runc-quadratic"/);
  });
});

describe("cpuCgroups (MilliCPUToShares, MilliCPUToQuota, sharesToWeight per pod)", () => {
  function expectCore(req: readonly number[], lim: readonly number[], options: { formula: WeightFormula; periodUs: number; customCPUCFSQuotaPeriod: boolean; clampToMaxShares: boolean }) {
    const got = engine.cpuCgroups(req, lim, options);
    const shares = req.map((r) => milliCPUToShares(r, { clampToMaxShares: options.clampToMaxShares }));
    expectSameNumbers(got.shares, shares);
    expectSameNumbers(
      got.quota,
      lim.map((l) => milliCPUToQuota(l, options.periodUs, { customCPUCFSQuotaPeriod: options.customCPUCFSQuotaPeriod })),
    );
    expectSameNumbers(
      got.weight,
      shares.map((s) => sharesToWeight(s, options.formula)),
    );
  }

  it.each(FORMULAS)("every request and limit from −1000 m to 300,000 m (past the 256-CPU shares clamp), %s", (formula) => {
    const req = Array.from(range(-1000, 300_000));
    for (const clampToMaxShares of [true, false]) expectCore(req, req.map(Math.abs), { formula, periodUs: 100_000, customCPUCFSQuotaPeriod: false, clampToMaxShares });
  });

  it.each(propertySeeds(20261204))("equals core on random pods and options over the whole domain (%s %i)", (_seed, seed) => {
    const options = fc.record({
      formula: fc.constantFrom(...FORMULAS),
      periodUs: fc.oneof(fc.constantFrom(1000, 100_000, 1_000_000), fc.integer({ min: 1000, max: 1_000_000 })),
      customCPUCFSQuotaPeriod: fc.boolean(),
      clampToMaxShares: fc.boolean(),
    });
    const pods = fc.array(fc.tuple(fc.oneof(milliCpu, milliCpu.map((v) => -v)), milliCpu), { maxLength: 64 });
    assertProperty(
      "cgroup: equals core on random pods and options over the whole domain",
      fc.property(pods, options, (ps, o) => expectCore(ps.map((p) => p[0]), ps.map((p) => p[1]), o)),
      runParameters(RUNS, seed),
    );
  }, PROPERTY_TIMEOUT);

  it.each(propertySeeds(20261204))("throws what core's functions throw pod by pod, or returns what they return, for any period and bad pods (%s %i)", (_seed, seed) => {
    // core on each pod in index order (request, then limit with the period); a period error is the option's.
    function reference(req: readonly number[], lim: readonly number[], periodUs: number, custom: boolean) {
      const at = (e: unknown, path: string) => {
        const err = e as SchedkitError;
        return { threw: err.name, message: `${err.path === "period" ? "options.periodUs" : path}${err.message.slice(err.path.length)}` };
      };
      if (req.length === 0) {
        try {
          milliCPUToQuota(0, periodUs, { customCPUCFSQuotaPeriod: custom });
        } catch (e) {
          return at(e, "options.periodUs");
        }
      }
      const shares: number[] = [];
      const quota: number[] = [];
      for (let i = 0; i < req.length; i++) {
        try {
          shares.push(milliCPUToShares(req[i]!));
        } catch (e) {
          return at(e, `requestsMilli[${i}]`);
        }
        try {
          quota.push(milliCPUToQuota(lim[i]!, periodUs, { customCPUCFSQuotaPeriod: custom }));
        } catch (e) {
          return at(e, `limitsMilli[${i}]`);
        }
      }
      return { ok: { shares, quota } };
    }
    const bad = fc.constantFrom(0.5, -1, Number.NaN, 2 ** 40);
    const pods = fc.array(fc.tuple(fc.oneof({ weight: 8, arbitrary: milliCpu }, { weight: 1, arbitrary: bad }), fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: milliCpu }, { weight: 1, arbitrary: bad })), { maxLength: 8 });
    const period = fc.constantFrom(0, 1, 999, 1000, 100_000, 1_000_000, 1_000_001, -1, 1.5);
    assertProperty(
      "cgroup: cpuCgroups' errors are core's, pod by pod, for any period",
      fc.property(pods, period, fc.boolean(), (ps, periodUs, custom) => {
        const req = ps.map((p) => p[0]);
        const lim = ps.map((p) => p[1]);
        const got = outcome(() => {
          const r = engine.cpuCgroups(req, lim, { periodUs, customCPUCFSQuotaPeriod: custom });
          return { shares: Array.from(r.shares), quota: Array.from(r.quota) };
        });
        expect(got).toStrictEqual(reference(req, lim, periodUs, custom));
      }),
      runParameters(RUNS, seed),
    );
  }, PROPERTY_TIMEOUT);

  it("defaults to the kubelet's pod formula, the 100 ms period and the clamp", () => {
    const got = engine.cpuCgroups([100, 300_000], [0, 250]);
    expect(Array.from(got.shares)).toEqual([102, 262144]);
    expect(Array.from(got.quota)).toEqual([0, 25000]);
    expect(Array.from(got.weight)).toEqual([sharesToWeight(102, "kubelet-linear"), 10000]);
  });

  it.each([
    ["a fractional request", [1.5], [0], "requestsMilli[0]", () => milliCPUToShares(1.5), SchedkitError],
    ["a request above the domain", [MAX_MILLI_CPU + 1], [0], "requestsMilli[0]", () => milliCPUToShares(MAX_MILLI_CPU + 1), DomainError],
    ["a request given as a string", ["100"], [0], "requestsMilli[0]", () => milliCPUToShares("100" as never), SchedkitError],
    ["a negative limit", [100], [-1], "limitsMilli[0]", () => milliCPUToQuota(-1), SchedkitError],
    ["a limit above the domain", [100], [2 ** 40], "limitsMilli[0]", () => milliCPUToQuota(2 ** 40), DomainError],
  ])("rejects %s as core does, naming the element", (_name, req, lim, path, reference, kind) => {
    const ref = outcome(reference) as { threw: string; message: string };
    expect(ref.threw).toBe(kind.name);
    const got = outcome(() => engine.cpuCgroups([0, ...(req as number[])], [0, ...(lim as number[])]));
    expect(got).toEqual({ threw: ref.threw, message: ref.message.replace(/^milliCPU/, path.replace("[0]", "[1]")) });
  });

  it.each([
    ["mismatched lengths", () => engine.cpuCgroups([1, 2], [1]), /limitsMilli: 1 is not the same length as requestsMilli \(2\)/],
    ["a period below 1 ms for a limit", () => engine.cpuCgroups([1, 1], [0, 1], { periodUs: 999 }), /^options\.periodUs: 999 is below the minimum 1000$/],
    ["a period above 1 s", () => engine.cpuCgroups([1], [0], { periodUs: 1_000_001 }), /^options\.periodUs: 1000001 is above the maximum 1000000$/],
    ["a request before the first limit a short period fails", () => engine.cpuCgroups([1, 0.5, 1], [0, 0, 1], { periodUs: 0 }), /^requestsMilli\[1\]: 0\.5 is not an integer/],
    ["a bad first request before a period above 1 s", () => engine.cpuCgroups([0.5], [0], { periodUs: 1_000_001 }), /^requestsMilli\[0\]: 0\.5 is not an integer/],
    ["a period above 1 s for an empty batch", () => engine.cpuCgroups([], [], { periodUs: 1_000_001 }), /^options\.periodUs: 1000001 is above the maximum 1000000$/],
    ["a non-boolean gate", () => engine.cpuCgroups([1], [1], { customCPUCFSQuotaPeriod: 1 as never }), /options\.customCPUCFSQuotaPeriod: 1 is not a boolean/],
    ["an unknown formula", () => engine.cpuCgroups([1], [1], { formula: "x" as never }), /options\.formula: "x"/],
  ])("rejects %s", (_name, run, message) => {
    expect(run).toThrow(SchedkitError);
    expect(run).toThrow(message);
  });

  it("accepts any period up to 1 s when no pod has a limit, as core's milliCPUToQuota does for 0m (upstream's 0m at period 0)", () => {
    for (const periodUs of [0, 999]) {
      const got = engine.cpuCgroups([0, 250], [0, 0], { periodUs, customCPUCFSQuotaPeriod: true });
      expectSameNumbers(got.quota, [0, 0].map((l) => milliCPUToQuota(l, periodUs, { customCPUCFSQuotaPeriod: true })));
      expectSameNumbers(got.shares, [0, 250].map((r) => milliCPUToShares(r)));
    }
  });
});
