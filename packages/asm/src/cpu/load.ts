// Decoding and instantiating the embedded CPU-truth module. Nothing here knows what the module computes.
import { CPU_WASM_BASE64 } from "../generated/cpu-module.js";
import { instantiateKernel } from "../load.js";

let bytes: Uint8Array<ArrayBuffer> | undefined;

/** The module bytes (decoded once). */
export function cpuModuleBytes(): Uint8Array<ArrayBuffer> {
  if (bytes === undefined) {
    const bin = atob(CPU_WASM_BASE64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    bytes = out;
  }
  return bytes;
}

/** Compiles off the main thread where the host allows it (browsers refuse large synchronous compiles there). */
export function compileCpuModule(): Promise<WebAssembly.Module> {
  return WebAssembly.compile(cpuModuleBytes());
}

/** Synchronous compile, for Node and workers. */
export function compileCpuModuleSync(): WebAssembly.Module {
  return new WebAssembly.Module(cpuModuleBytes());
}

/** Instantiates the compiled module: it imports nothing. */
export function instantiateCpuModule(module: WebAssembly.Module): WebAssembly.Instance {
  return instantiateKernel(module);
}
