// Whole dumps, pod by pod: the realistic dumps of dumps.ts go through the oracle and through schedkit pod by
// pod in queue order, each placed pod assumed on both sides. Per pod the comparison is the differential
// test's (compare.ts): filter verdicts, scores, top nodes, messages, nominations. run-dump.test.ts runs the
// same dumps whole, preemptions carried out.
//   SCHEDKIT_CONFORMANCE_SEED  fast-check seed (default: a fresh one, printed); 3 dumps per engine
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { compareScenario } from "./compare.js";
import { dump, plan } from "./dumps.js";
import { Oracle } from "./oracle.js";
import { KUBERNETES_VERSION, enginesUnderTest, prepare, runSchedkit, terminatingPods } from "./run.js";

const SEED = process.env["SCHEDKIT_CONFORMANCE_SEED"] === undefined ? Date.now() % 2 ** 31 : Number(process.env["SCHEDKIT_CONFORMANCE_SEED"]);
const DUMPS = 3;

const oracle = new Oracle();
afterAll(() => oracle.close());

describe.each(await enginesUnderTest())("whole dumps: schedkit ($name engine) against kube-scheduler v1.37.1", (engine) => {
  it(`agrees on ${DUMPS} realistic dumps`, async () => {
    const stats = { pods: 0, scheduled: 0, nominated: 0, nodes: 0 };
    const property = fc.asyncProperty(plan, async (p) => {
      const prepared = prepare(dump(p));
      const out = await oracle.run(prepared.oracle);
      expect(out.error).toBeUndefined();
      const urgent = out.results.find((r) => r.pod === "jobs/urgent")!;
      // The scenario is about preemption: the urgent pod must have had to preempt upstream.
      expect(urgent.status).toBe("Unschedulable");
      expect(urgent.nominatedNode).toBeDefined();
      for (const explain of [true, false]) {
        const differences = compareScenario(out, runSchedkit(engine, prepared, out, explain), terminatingPods(prepared));
        if (differences.length > 0) throw new Error(`differs (explain ${explain}):\n${JSON.stringify(differences.slice(0, 5), null, 2)}`);
      }
      stats.pods += out.results.length;
      stats.nodes += p.nodes;
      stats.scheduled += out.results.filter((r) => r.status === "Scheduled").length;
      stats.nominated += out.results.filter((r) => r.nominatedNode !== undefined).length;
    });
    const details = await fc.check(property, { numRuns: DUMPS, seed: SEED, endOnFailure: true });
    if (details.failed) throw new Error(`seed ${details.seed}, path ${details.counterexamplePath}: ${String(details.errorInstance)}`);
    console.log(
      `[conformance] dumps, ${engine.name}: ${DUMPS} dumps, ${stats.nodes} nodes, ${stats.pods} pods (${stats.scheduled} scheduled, ${stats.nominated} nominated by preemption) agree with kube-scheduler ${KUBERNETES_VERSION} (seed ${details.seed})`,
    );
  });
});
