// Whole runs of generated scenarios: each @schedkit/core/arbitraries cluster as one kubectl-style List,
// scheduled whole by schedkit's scheduleAll and by the oracle's whole-dump mode (`oracle -run -`: upstream's
// PriorityQueue on a fake clock decides the order, the retries of the pods an event moves, and the gated pods).
// Priorities and preemption are on: where upstream picks among equally ranked preemption candidates at random
// (Go map order), the oracle takes schedkit's candidate if upstream ranks it equal (conformance/preempt.go), as
// it takes schedkit's node among equal top scores. Compared per pod in the order of first attempts (status,
// node among upstream's top nodes, messages, victims, the cycle of its last attempt), the binding order, the
// evictions in order, the number of cycles, the gated and the skipped pods.
//   SCHEDKIT_CONFORMANCE_SEED  fast-check seed (default: a fresh one, printed)
//   SCHEDKIT_RUN_SCENARIOS     scenarios per engine (default 500)
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, describe, it } from "vitest";
import { createCluster, Scheduler, type Cluster, type RunOptions } from "@schedkit/core";
import type { Scenario } from "@schedkit/core/arbitraries";
import { runScenarioArbitrary, scenarioArbitrary } from "@schedkit/core/arbitraries";
import { createWasmEngineSync } from "@schedkit/asm";
import { samePanic } from "./compare.js";
import { Oracle } from "./oracle.js";
import { asStoredByApiServer, CLUSTER_OBJECT_KINDS, KUBERNETES_VERSION } from "./run.js";
import { differences, oracleRequest, type OracleRun, type RunScheduler } from "./whole-run.js";

const SEED = process.env["SCHEDKIT_CONFORMANCE_SEED"] === undefined ? Date.now() % 2 ** 31 : Number(process.env["SCHEDKIT_CONFORMANCE_SEED"]);
const RUNS = Number(process.env["SCHEDKIT_RUN_SCENARIOS"] ?? 500);

const FAILURES = fileURLToPath(new URL("../failures/", import.meta.url));

const oracle = new Oracle(["-run"]);
afterAll(() => oracle.close());

const KINDS: Readonly<Record<string, string>> = { nodes: "Node", namespaces: "Namespace", ...CLUSTER_OBJECT_KINDS };

/**
 * The scenario as the List the API server would list: its objects with their kinds, and each pod as stored
 * (mutatePodAffinity, asStoredByApiServer) for the oracle; schedkit reads the generated objects as they are.
 */
function lists(s: Scenario): { mine: object; theirs: object } {
  const withKind = (kind: string) => (o: object) => ({ kind, ...o });
  const others = Object.entries(KINDS).flatMap(([k, kind]) => ((s.cluster as unknown as Record<string, object[] | undefined>)[k] ?? []).map(withKind(kind)));
  const pods = s.cluster.pods.map(withKind("Pod"));
  return {
    mine: { apiVersion: "v1", kind: "List", items: [...others, ...pods] },
    theirs: { apiVersion: "v1", kind: "List", items: [...others, ...pods.map(asStoredByApiServer)] },
  };
}

const wasm = createWasmEngineSync();
// A scheduler per run, so that its preemption log (every preemption, also those that deleted nothing) gives
// the oracle schedkit's preemption candidates.
const engines = [
  { name: "ts", scheduler: (c: Cluster, o: RunOptions): RunScheduler => new Scheduler(c, o) },
  { name: "wasm", scheduler: (c: Cluster, o: RunOptions): RunScheduler => wasm.scheduler(c, o) },
] as const;

// Mostly runs shaped so the queue matters (runScenarioArbitrary: followers of later leaders, preemptors on
// nodes full by pod count, pods that may not preempt, pods arriving nominated, gated pods), and some plain ones.
const scenarios = fc.oneof(
  { weight: 3, arbitrary: runScenarioArbitrary({ kubernetesVersion: KUBERNETES_VERSION }) },
  { weight: 1, arbitrary: runScenarioArbitrary({ kubernetesVersion: KUBERNETES_VERSION, maxNodes: 24, maxPendingPods: 12, maxBoundPodsPerNode: 4 }) },
  { weight: 1, arbitrary: scenarioArbitrary({ kubernetesVersion: KUBERNETES_VERSION }) },
);

/**
 * What the queue did across the runs, and the least each must reach per scenario drawn, so that coverage cannot
 * silently drop to nothing: between a fourth and a fourteenth of what seed 20261122 draws in 500 scenarios (174
 * retries, 65 preemptions, 72 preemptors nominated, 139 pods arriving nominated, 411 gated, 102 scenarios whose
 * List carries ResourceSlices for DRA to allocate from — a count that guards the List itself: the kinds table
 * once left ResourceSlices and ResourceClaims out, so no whole run had devices).
 */
const COVERAGE = { retries: 1 / 20, preemptions: 1 / 50, nominated: 1 / 50, arrivedNominated: 1 / 50, gated: 1 / 10, withDevices: 1 / 20 } as const;

describe.each(engines)("whole runs of generated scenarios: schedkit ($name engine) against kube-scheduler v1.37.1's queue", (engine) => {
  it(`agrees on ${RUNS} scenarios`, async () => {
    const stats = { pods: 0, retries: 0, gated: 0, rejected: 0, preemptions: 0, nominated: 0, arrivedNominated: 0, withDevices: 0 };
    const property = fc.asyncProperty(scenarios, fc.boolean(), async (s, explain) => {
      const { mine: list, theirs } = lists(s);
      const options: RunOptions = { ...s.options, kubernetesVersion: KUBERNETES_VERSION, percentageOfNodesToScore: 100, tieBreak: "first", preemption: "carry-out", explain };
      let mine;
      let sched: RunScheduler | undefined;
      try {
        sched = engine.scheduler(createCluster(list), options);
        mine = sched.scheduleAll();
      } catch (e) {
        sched?.dispose?.();
        // Input the API server would refuse: the oracle must refuse it too.
        const o = await oracle.ask<OracleRun>({ list: theirs, prefer: {}, ...(s.options.profile === undefined ? {} : { profile: s.options.profile }) });
        if (o.error === undefined) throw new Error(`schedkit rejected the scenario (${String(e)}), upstream ran it`);
        const panic = samePanic(o.error, e instanceof Error ? `${e.name}: ${e.message}` : String(e));
        if (panic === false) throw new Error(`upstream panicked (${o.error}), schedkit refused otherwise (${String(e)})`);
        stats.rejected++;
        return;
      }
      const log = sched.preemptionLog;
      sched.dispose?.();
      const o = await oracle.ask<OracleRun>(oracleRequest(theirs, mine, log, s.options.profile));
      const diff = differences(mine, o);
      if (diff.length > 0) throw new Error(`differs (explain ${explain}):\n${diff.slice(0, 8).join("\n")}`);
      stats.pods += mine.results.length;
      stats.retries += mine.summary.cycles - mine.results.length;
      stats.gated += mine.gated.length;
      stats.preemptions += mine.summary.preemptions;
      stats.nominated += mine.results.filter((r) => r.nomination !== undefined).length;
      stats.arrivedNominated += s.cluster.pods.filter((p) => (p.spec?.nodeName ?? "") === "" && typeof (p as { status?: { nominatedNodeName?: unknown } }).status?.nominatedNodeName === "string").length;
      // Read from the List both sides were given: the generated ResourceSlices reached them.
      if ((theirs as { items: { kind: string }[] }).items.some((o) => o.kind === "ResourceSlice")) stats.withDevices++;
    });
    const details = await fc.check(property, { numRuns: RUNS, seed: SEED, endOnFailure: true });
    if (details.failed) {
      // The shrunk scenario, whole, for replay (conformance/failures/ is not committed).
      mkdirSync(FAILURES, { recursive: true });
      const file = `${FAILURES}${new Date().toISOString().replace(/[:.]/g, "-")}-run-${engine.name}.json`;
      writeFileSync(file, JSON.stringify({ engine: engine.name, seed: details.seed, path: details.counterexamplePath, explain: details.counterexample?.[1], scenario: details.counterexample?.[0] }, null, 2) + "\n");
      throw new Error(`seed ${details.seed}, path ${details.counterexamplePath}: ${String(details.errorInstance)}\nwritten to ${file}`);
    }
    console.log(
      `[conformance] whole runs of generated scenarios, ${engine.name}: ${RUNS} scenarios, ${stats.pods} pods (${stats.retries} retries of pods the queue moved, ${stats.preemptions} preemptions carried out, ${stats.nominated} preemptors nominated, ${stats.arrivedNominated} pods arriving nominated, ${stats.gated} gated, ${stats.withDevices} scenarios with ResourceSlices; ${stats.rejected} scenarios rejected by both, for the same upstream panic where kube-scheduler panics) agree with kube-scheduler ${KUBERNETES_VERSION}'s queue (seed ${details.seed})`,
    );
    for (const [k, share] of Object.entries(COVERAGE)) {
      const least = Math.ceil(RUNS * share);
      if (stats[k as keyof typeof COVERAGE] < least) throw new Error(`coverage: ${stats[k as keyof typeof COVERAGE]} ${k} in ${RUNS} scenarios, fewer than the ${least} required (seed ${details.seed})`);
    }
  });
});
