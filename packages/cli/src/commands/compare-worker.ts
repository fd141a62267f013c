// The task module of `schedkit compare`'s worker threads (@schedkit/core/parallel's pool): each thread
// prepares the inputs once, then runs the jobs the pool sends it.
import type { TaskContext } from "@schedkit/core/parallel";
import { loadPlugins, prepare as prepareInputs, runJob, type CompareJob, type CompareRun, type CompareSetup, type Prepared } from "./compare-run.js";

export async function prepare(setup: CompareSetup): Promise<{ readonly setup: CompareSetup; readonly inputs: Prepared }> {
  // The --plugin modules are imported here too: plugins are functions, which cannot be sent to a thread.
  const plugins = await loadPlugins(setup);
  return { setup, inputs: prepareInputs(setup, plugins) };
}

export function run(job: CompareJob, p: Awaited<ReturnType<typeof prepare>>, context: TaskContext): CompareRun {
  return runJob(p.setup, p.inputs, job, (n) => context.progress(n));
}
