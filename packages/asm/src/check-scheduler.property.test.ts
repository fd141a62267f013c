// checkScheduler (@schedkit/core/arbitraries) against the WebAssembly engine's two kernels, over generated
// scenarios: schedule() of every pending pod and scheduleAll() deep-equal to tsEngine, explanations included.
// SCHEDKIT_LONG=1 runs it for SCHEDKIT_LONG_MINUTES on a fresh seed; SCHEDKIT_MIN_RUNS raises the count
// (core's _test/long.ts).
import { describe, expect, it } from "vitest";
import { checkScheduler } from "@schedkit/core/arbitraries";
import { statsOf } from "./engine.js";
import { LONG, PROPERTY_SEED, PROPERTY_TIMEOUT, runParameters, runsFor } from "../../core/src/_test/long.js";
import { bothKernels, kernels } from "./_test/both-kernels.js";

const numRuns = 200;
const long = runParameters(numRuns);
const timeout = LONG ? (long.interruptAfterTimeLimit ?? 0) + 600_000 : PROPERTY_TIMEOUT ?? 120_000;

describe("engine parity over generated scenarios (@schedkit/core/arbitraries), both kernels", () => {
  it(
    `checkScheduler finds no difference from tsEngine in schedule and scheduleAll (${numRuns} scenarios)`,
    () => {
      const before = kernels.map(([, wasm]) => statsOf(wasm));
      const report = LONG
        ? checkScheduler(bothKernels, { numRuns: long.numRuns!, ...(PROPERTY_SEED === undefined ? {} : { seed: PROPERTY_SEED }), parameters: { interruptAfterTimeLimit: long.interruptAfterTimeLimit!, markInterruptAsFailure: false } })
        : checkScheduler(bothKernels, { numRuns: runsFor(numRuns), seed: PROPERTY_SEED ?? 42 });
      console.log(`[property] checkScheduler, simd and scalar kernels: ${report.numRuns} cases, ${report.ok ? "passed" : "FAILED"} (seed ${report.seed})`);
      kernels.forEach(([flavor, wasm], i) => {
        const after = statsOf(wasm);
        const kernel = after.runPods - before[i]!.runPods + after.kernelFilter - before[i]!.kernelFilter;
        const ts = after.tsFilter - before[i]!.tsFilter;
        const podKernel = (key: string) => (after.podKernel[key] ?? 0) - (before[i]!.podKernel[key] ?? 0);
        const passes = ["PodTopologySpread.filter", "PodTopologySpread.score", "InterPodAffinity.filter", "InterPodAffinity.score"].map((k) => [k, podKernel(k)] as const);
        console.log(
          `[parity] checkScheduler, ${flavor} kernel: ${report.numRuns} scenarios ran (seed ${report.seed}); filter phases in the kernel ${kernel}, in TypeScript ${ts}; per-pod kernel passes: ${passes.map(([k, v]) => `${k} ${v}`).join(", ")}`,
        );
        // The kernel, not the reference fallback, did the node work, PodTopologySpread's and InterPodAffinity's included.
        expect(kernel).toBeGreaterThan(10 * ts);
        for (const [, v] of passes) expect(v).toBeGreaterThan(0);
      });
      expect(report.message).toBe(report.ok ? report.message : "");
      expect(report.ok).toBe(true);
      if (!LONG) expect(report.numRuns).toBe(runsFor(numRuns));
    },
    timeout,
  );

  it("holds on clusters of a few hundred nodes", () => {
    const report = checkScheduler(kernels[0]![1], { numRuns: LONG ? 2_000 : 10, scenario: { maxNodes: 300 }, ...(LONG ? {} : { seed: 7 }) });
    expect(report.message).toBe(report.ok ? report.message : "");
    expect(report.ok).toBe(true);
  }, timeout);
});
