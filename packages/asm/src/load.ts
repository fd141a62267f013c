// Decoding, compiling and instantiating the package's embedded WebAssembly modules. Nothing here knows what a
// module computes; every module imports nothing.
import { CPU_WASM_BASE64, SCALAR_WASM_BASE64, SIMD_WASM_BASE64 } from "./generated/modules.js";

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
  return WebAssembly.instantiate(await WebAssembly.compile(moduleBytes(name)), {});
}

/** Compiles and instantiates synchronously, for Node and workers. */
export function instantiateModuleSync(name: ModuleName): WebAssembly.Instance {
  return new WebAssembly.Instance(new WebAssembly.Module(moduleBytes(name)), {});
}
