// Decoding and instantiating the embedded kernel module. Nothing here knows what the kernel does.
import { SCALAR_WASM_BASE64, SIMD_WASM_BASE64 } from "./generated/module.js";
import { wrapError } from "./memory.js";

/** Which build of the kernel: hand-written SIMD128 loops, or the scalar fallback for engines without SIMD. */
export type KernelFlavor = "simd" | "scalar";

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const cache = new Map<KernelFlavor, Uint8Array<ArrayBuffer>>();

/** The module bytes of a flavor. */
export function kernelBytes(flavor: KernelFlavor): Uint8Array<ArrayBuffer> {
  let b = cache.get(flavor);
  if (b === undefined) {
    b = decode(flavor === "simd" ? SIMD_WASM_BASE64 : SCALAR_WASM_BASE64);
    cache.set(flavor, b);
  }
  return b;
}

/** Whether this WebAssembly engine validates the SIMD build. */
export function simdSupported(): boolean {
  return WebAssembly.validate(kernelBytes("simd"));
}

/** Compiles off the main thread where the host allows it (browsers refuse large synchronous compiles there). */
export async function compileKernel(flavor: KernelFlavor): Promise<WebAssembly.Module> {
  return WebAssembly.compile(kernelBytes(flavor));
}

/** Synchronous compile, for Node and workers. */
export function compileKernelSync(flavor: KernelFlavor): WebAssembly.Module {
  return new WebAssembly.Module(kernelBytes(flavor));
}

/** Instantiates a compiled kernel: it imports nothing. */
export function instantiateKernel(module: WebAssembly.Module): WebAssembly.Instance {
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
export const ENGINE_CREATION = "engine creation (each live engine reserves its own linear memory: reuse one engine, or drop references to unused ones)";

/** Instantiates asynchronously (what browsers expect on the main thread). */
export async function instantiateKernelAsync(module: WebAssembly.Module): Promise<WebAssembly.Instance> {
  try {
    return await WebAssembly.instantiate(module, {});
  } catch (e) {
    return wrapError(ENGINE_CREATION, e);
  }
}
