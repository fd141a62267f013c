// The worker thread of `schedkit compare`: prepares the inputs once, then runs the jobs the main thread sends.
import { parentPort, workerData } from "node:worker_threads";
import { loadPlugins, prepare, runJob, type CompareJob, type CompareSetup } from "./compare-run.js";

const setup = workerData as CompareSetup;
const port = parentPort!;
// The --plugin modules are imported here too: plugins are functions, which cannot be sent to a thread.
const plugins = loadPlugins(setup);
let prepared: ReturnType<typeof prepare> | null = null;

port.on("message", (job: CompareJob | null) => {
  if (job === null) {
    port.close();
    return;
  }
  plugins.then(
    (p) => {
      prepared ??= prepare(setup, p);
      const run = runJob(setup, prepared, job, (n) => port.postMessage({ type: "ticks", n }));
      port.postMessage({ type: "done", run });
    },
  ).catch((e: unknown) => {
    port.postMessage({ type: "error", message: e instanceof Error ? e.message : String(e), name: e instanceof Error ? e.name : "Error" });
  });
});
