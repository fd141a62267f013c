// The agreement check inside a dedicated worker, with the synchronous WASM constructor workers allow.
import { createWasmEngineSync, simdSupported } from "@schedkit/asm";
import { agree } from "./agree.js";

try {
  const flavors = simdSupported() ? (["simd", "scalar"] as const) : (["scalar"] as const);
  postMessage({ ok: true, results: flavors.flatMap((flavor) => agree(createWasmEngineSync({ flavor }))) });
} catch (e) {
  postMessage({ ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
}
