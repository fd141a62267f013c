// Decoding, compiling and instantiating the package's embedded WebAssembly modules. Nothing here knows what a
// module computes; every module imports nothing.
import { CPU_WASM_BASE64, SCALAR_WASM_BASE64, SIMD_WASM_BASE64 } from "./generated/modules.js";
import { wrapError } from "./memory.js";

/** Which build of the scheduling kernel: hand-written SIMD128 loops, or the scalar fallback for engines without SIMD. */
export type KernelFlavor = "simd" | "scalar";

/** The embedded modules: the scheduling kernel's two builds and the CPU-truth module. */
export type ModuleName = KernelFlavor | "cpu";

const BASE64: Readonly<Record<ModuleName, string>> = { simd: SIMD_WASM_BASE64, scalar: SCALAR_WASM_BASE64, cpu: CPU_WASM_BASE64 };
const cache = new Map<ModuleName, Uint8Array<ArrayBuffer>>();

/** The bytes of a module (decoded once). */
export function moduleBytes(name: ModuleName): Uint8Array<ArrayBuffer> {
  let b = cache.get(name);
  if (b === undefined) {
    const bin = atob(BASE64[name]);
    b = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) b[i] = bin.charCodeAt(i);
    cache.set(name, b);
  }
  return b;
}

/** Whether this WebAssembly engine validates the SIMD build. */
export function simdSupported(): boolean {
  return WebAssembly.validate(moduleBytes("simd"));
}

/** Compiles and instantiates asynchronously (browsers refuse large synchronous compiles on the main thread). */
export async function instantiateModule(name: ModuleName): Promise<WebAssembly.Instance> {
  const module = await WebAssembly.compile(moduleBytes(name));
  try {
    return await WebAssembly.instantiate(module, {});
  } catch (e) {
    return wrapError(ENGINE_CREATION, e);
  }
}

/** Compiles and instantiates synchronously, for Node and workers. */
export function instantiateModuleSync(name: ModuleName): WebAssembly.Instance {
  const module = new WebAssembly.Module(moduleBytes(name));
  try {
    return new WebAssembly.Instance(module, {});
  } catch (e) {
    return wrapError(ENGINE_CREATION, e);
  }
}

/**
 * The operation named when the host refuses another instance: each one reserves address space for its own
 * linear memory (V8: about 10 GiB of guard regions), so a process holds some 12,900 live engines at most.
 */
const ENGINE_CREATION = "engine creation (each live engine reserves its own linear memory: reuse one engine, or drop references to unused ones)";
