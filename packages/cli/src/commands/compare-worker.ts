// The task module of `schedkit compare`'s worker threads (@schedkit/core/parallel's pool): each thread
// prepares the inputs once, then runs the jobs the pool sends it.
import type { TaskContext } from "@schedkit/core/parallel";
import { prepare as prepareInputs, runJob, type CompareJob, type CompareRun, type CompareSetup, type Prepared } from "./compare-run.js";

export function prepare(setup: CompareSetup): { readonly setup: CompareSetup; readonly inputs: Prepared } {
  return { setup, inputs: prepareInputs(setup) };
}

export function run(job: CompareJob, p: ReturnType<typeof prepare>, context: TaskContext): CompareRun {
  return runJob(p.setup, p.inputs, job, (n) => context.progress(n));
}
