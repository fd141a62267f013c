// The worker thread of `schedkit compare`: prepares the inputs once, then runs the jobs the main thread sends.
import { parentPort, workerData } from "node:worker_threads";
import { prepare, runJob, type CompareJob, type CompareSetup } from "./compare-run.js";

const setup = workerData as CompareSetup;
const port = parentPort!;
let prepared: ReturnType<typeof prepare> | null = null;

port.on("message", (job: CompareJob | null) => {
  if (job === null) {
    port.close();
    return;
  }
  try {
    prepared ??= prepare(setup);
    const run = runJob(setup, prepared, job, (n) => port.postMessage({ type: "ticks", n }));
    port.postMessage({ type: "done", run });
  } catch (e) {
    port.postMessage({ type: "error", message: e instanceof Error ? e.message : String(e), name: e instanceof Error ? e.name : "Error" });
  }
});
