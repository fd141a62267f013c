// The module's exports: the ABI the host's typed facade (src/kernel.ts) is written against.
import { ABI_VERSION } from "./abi";

export { filterPod } from "./filter";
export { scorePod } from "./score";
export { choose, topPositions } from "./select";
export { runPods, initBalanced, refreshBalanced } from "./run";
export { spreadFilter, spreadScore } from "./spread";
export { affinityFilter, affinityScore } from "./affinity";

/** The layout version this module was built for. */
export function abiVersion(): i32 {
  return ABI_VERSION;
}

/** First byte the host may use (after the module's static data). */
export function heapBase(): usize {
  return __heap_base;
}

/** Traps on purpose: lets the host test that a trap leaves the engine usable. */
export function trap(): void {
  unreachable();
}
