// Shared by the parity tests: both kernel flavors, and a call's outcome as a comparable value.
import { createWasmEngineSync, type WasmEngine } from "../index.js";

/** A SIMD and a scalar engine, each with its own kernel instance. */
export const engines: [string, WasmEngine][] = [
  ["simd", createWasmEngineSync({ flavor: "simd" })],
  ["scalar", createWasmEngineSync({ flavor: "scalar" })],
];

/** A call's outcome: its result, or the thrown error's class and message (both engines must agree on either). */
export function outcome(f: () => unknown): unknown {
  try {
    return { ok: f() };
  } catch (e) {
    return { threw: (e as Error).name, message: (e as Error).message };
  }
}
