// Whole runs of generated scenarios: each @schedkit/core/arbitraries cluster as one kubectl-style List,
// scheduled whole by schedkit's scheduleAll and by the oracle's whole-dump mode (`oracle -run -`: upstream's
// PriorityQueue on a fake clock decides the order, the retries of the pods an event moves, and the gated pods).
// Priorities are off (every pod at priority 0): no preemption happens, so nothing depends on the candidate
// DefaultPreemption picks among ties at random (Go map order); preemption in whole runs is run-dump.test.ts's.
// Compared per pod in the order of first attempts (status, node among upstream's top nodes, messages), the
// number of cycles, and the gated pods.
//   SCHEDKIT_CONFORMANCE_SEED  fast-check seed (default: a fresh one, printed)
//   SCHEDKIT_RUN_SCENARIOS     scenarios per engine (default 500)
import fc from "fast-check";
import { afterAll, describe, it } from "vitest";
import { createCluster, scheduleAll, type RunOptions } from "@schedkit/core";
import type { Scenario } from "@schedkit/core/arbitraries";
import { scenarioArbitrary } from "@schedkit/core/arbitraries";
import { createWasmEngineSync } from "@schedkit/asm";
import { Oracle } from "./oracle.js";
import { asStoredByApiServer, KUBERNETES_VERSION } from "./run.js";
import { differences, oracleRequest, type OracleRun } from "./whole-run.js";

const SEED = process.env["SCHEDKIT_CONFORMANCE_SEED"] === undefined ? Date.now() % 2 ** 31 : Number(process.env["SCHEDKIT_CONFORMANCE_SEED"]);
const RUNS = Number(process.env["SCHEDKIT_RUN_SCENARIOS"] ?? 500);

const oracle = new Oracle(["-run"]);
afterAll(() => oracle.close());

const KINDS: Readonly<Record<string, string>> = {
  nodes: "Node",
  namespaces: "Namespace",
  services: "Service",
  replicationControllers: "ReplicationController",
  replicaSets: "ReplicaSet",
  statefulSets: "StatefulSet",
  podDisruptionBudgets: "PodDisruptionBudget",
  priorityClasses: "PriorityClass",
  deviceClasses: "DeviceClass",
};

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
const engines = [
  { name: "ts", scheduleAll },
  { name: "wasm", scheduleAll: wasm.scheduleAll.bind(wasm) },
] as const;

const scenarios = fc.oneof(
  { weight: 3, arbitrary: scenarioArbitrary({ kubernetesVersion: KUBERNETES_VERSION }) },
  { weight: 1, arbitrary: scenarioArbitrary({ kubernetesVersion: KUBERNETES_VERSION, maxNodes: 24, maxPendingPods: 10, maxBoundPodsPerNode: 4 }) },
);

describe.each(engines)("whole runs of generated scenarios: schedkit ($name engine) against kube-scheduler v1.37.1's queue", (engine) => {
  it(`agrees on ${RUNS} scenarios`, async () => {
    const stats = { pods: 0, retries: 0, gated: 0, rejected: 0, preemptions: 0, nominated: 0 };
    const property = fc.asyncProperty(scenarios, fc.boolean(), async (s, explain) => {
      const { mine: list, theirs } = lists(s);
      const options: RunOptions = { ...s.options, kubernetesVersion: KUBERNETES_VERSION, percentageOfNodesToScore: 100, tieBreak: "first", preemption: "carry-out", explain };
      let mine;
      try {
        mine = engine.scheduleAll(undefined, createCluster(list), options);
      } catch (e) {
        // Input the API server would refuse: the oracle must refuse it too.
        const o = await oracle.ask<OracleRun>({ list: theirs, prefer: {}, ...(s.options.profile === undefined ? {} : { profile: s.options.profile }) });
        if (o.error === undefined) throw new Error(`schedkit rejected the scenario (${String(e)}), upstream ran it`);
        stats.rejected++;
        return;
      }
      const o = await oracle.ask<OracleRun>(oracleRequest(theirs, mine, s.options.profile));
      const diff = differences(mine, o);
      if (diff.length > 0) throw new Error(`differs (explain ${explain}):\n${diff.slice(0, 8).join("\n")}`);
      stats.pods += mine.results.length;
      stats.retries += mine.summary.cycles - mine.results.length;
      stats.gated += mine.gated.length;
      stats.preemptions += mine.summary.preemptions;
      stats.nominated += mine.results.filter((r) => r.nomination !== undefined).length;
    });
    const details = await fc.check(property, { numRuns: RUNS, seed: SEED, endOnFailure: true });
    if (details.failed) throw new Error(`seed ${details.seed}, path ${details.counterexamplePath}: ${String(details.errorInstance)}\n${JSON.stringify(details.counterexample?.[0]).slice(0, 4000)}`);
    console.log(
      `[conformance] whole runs of generated scenarios, ${engine.name}: ${RUNS} scenarios, ${stats.pods} pods (${stats.retries} retries of pods the queue moved, ${stats.preemptions} preemptions, ${stats.nominated} nominated, ${stats.gated} gated; ${stats.rejected} scenarios rejected by both) agree with kube-scheduler ${KUBERNETES_VERSION}'s queue (seed ${details.seed})`,
    );
  });
});
