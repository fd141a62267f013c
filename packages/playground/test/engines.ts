// engines.html: the agreement check on the main thread (asynchronous WASM compile, as browsers require
// there) and in a worker; the outcome goes to #out and to window.schedkitEngines for the browser test.
import { createWasmEngine, simdSupported } from "@schedkit/asm";
import { agree, type Agreement } from "./agree.js";

interface Outcome {
  readonly mainThread: readonly Agreement[];
  readonly worker: readonly Agreement[];
  readonly simd: boolean;
  readonly error: string | null;
}

function inWorker(): Promise<Agreement[]> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL("./engines-worker.ts", import.meta.url), { type: "module" });
    w.onmessage = (m: MessageEvent<{ ok: boolean; results?: Agreement[]; error?: string }>) => {
      w.terminate();
      if (m.data.ok) resolve(m.data.results ?? []);
      else reject(new Error(`in the worker: ${m.data.error}`));
    };
    w.onerror = (e) => reject(new Error(`the worker failed: ${e.message}`));
  });
}

async function main(): Promise<Outcome> {
  const simd = simdSupported();
  const mainThread: Agreement[] = [];
  for (const flavor of simd ? (["simd", "scalar"] as const) : (["scalar"] as const)) mainThread.push(...agree(await createWasmEngine({ flavor })));
  return { mainThread, worker: await inWorker(), simd, error: null };
}

const out = document.getElementById("out")!;
main()
  .catch((e: unknown): Outcome => ({ mainThread: [], worker: [], simd: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }))
  .then((o) => {
    (window as unknown as { schedkitEngines: Outcome }).schedkitEngines = o;
    out.textContent = JSON.stringify(o, null, 2);
  });
