// The simd and the scalar kernel as one Engine for the scenario properties (check-scheduler and schedule-all
// property tests): every call runs on both, and the scalar kernel must return (or throw) exactly what the simd
// kernel does, so that one generated scenario and one reference run serve both kernels — half the cost of one
// property per kernel, which is what lets CI run each for 20,000 cases.
import { isDeepStrictEqual } from "node:util";
import type { Engine } from "@schedkit/core";
import { createWasmEngineSync, type WasmEngine } from "../index.js";
import { outcome } from "../cpu/_test/same.js";

export const kernels: readonly [string, WasmEngine][] = [
  ["simd", createWasmEngineSync({ flavor: "simd" })],
  ["scalar", createWasmEngineSync({ flavor: "scalar" })],
];

export { outcome };

function same<T>(call: (e: WasmEngine) => T): T {
  const a = outcome(() => call(kernels[0]![1]));
  const b = outcome(() => call(kernels[1]![1]));
  if (!isDeepStrictEqual(a, b)) {
    throw new Error(`the scalar kernel differs from the simd kernel:\n  simd: ${JSON.stringify(a).slice(0, 2000)}\n  scalar: ${JSON.stringify(b).slice(0, 2000)}`);
  }
  if ("threw" in a) throw Object.assign(new Error(a.message), { name: a.threw });
  return a.ok;
}

/** Both kernels behind one Engine (see the file comment). */
export const bothKernels: Engine = {
  name: "wasm (simd and scalar kernels)",
  schedule: (pod, cluster, options) => same((e) => e.schedule(pod, cluster, options)),
  scheduleAll: (pods, cluster, options) => same((e) => e.scheduleAll(pods, cluster, options)),
};
