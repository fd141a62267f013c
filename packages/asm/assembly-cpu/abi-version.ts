// Module identity for the host: the ABI version and where its heap may start.
import { CPU_ABI_VERSION } from "./abi";

/** The layout version this module was built for. */
export function cpuAbiVersion(): i32 {
  return CPU_ABI_VERSION;
}

/** First byte the host may use (after the module's static data). */
export function heapBase(): usize {
  return __heap_base;
}

/** Traps on purpose: lets the host test that a trap leaves the engine usable. */
export function trap(): void {
  unreachable();
}
