// Whole runs: each realistic dump of dumps.ts is one kubectl-style List, scheduled whole by schedkit's
// scheduleAll (preemption carried out) and by the oracle's whole-dump mode (`oracle -run`: every pending pod
// in queue order with assume, DefaultPreemption's executor deleting the victims, the preemptor retried after
// the queue pass). Compared per pod (each pod's last cycle, in queue order): status, the node up to ties
// (schedkit's node must be among upstream's top-scoring nodes; the oracle then takes it, so both runs stay on
// one path), the top-node sets, FailedScheduling messages, and the victims of carried-out preemptions by name;
// per run, every eviction with its node and preemptor.
//   SCHEDKIT_CONFORMANCE_SEED  fast-check seed (default: a fresh one, printed)
//   SCHEDKIT_RUN_DUMPS         dumps per engine (default 10)
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { createCluster, Scheduler, type Cluster, type RunOptions } from "@schedkit/core";
import { createWasmEngineSync } from "@schedkit/asm";
import { asList, dump, plan } from "./dumps.js";
import { Oracle } from "./oracle.js";
import { KUBERNETES_VERSION } from "./run.js";
import { differences, oracleRequest, type OracleRun, type RunScheduler } from "./whole-run.js";

const SEED = process.env["SCHEDKIT_CONFORMANCE_SEED"] === undefined ? Date.now() % 2 ** 31 : Number(process.env["SCHEDKIT_CONFORMANCE_SEED"]);
const DUMPS = Number(process.env["SCHEDKIT_RUN_DUMPS"] ?? 10);

const oracle = new Oracle(["-run"]);
afterAll(() => oracle.close());

const pod = (name: string, spec: object) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "prod", creationTimestamp: "2026-01-02T00:00:00Z" },
  spec: { containers: [{ name: "app", image: "registry.example.com/app:1", resources: { requests: { cpu: "3", memory: "1Gi" } } }], ...spec },
});

/**
 * Pods a whole run must leave as upstream does: one too big for any node (its FailedScheduling message, with
 * preemption finding nothing to help), one whose nodeSelector no node matches, one for another scheduler, one
 * held back by a scheduling gate; a second urgent pod, which must yield to the first one's nomination and
 * preempt on another batch node; and two that only the queue's retries place: a follower whose required pod
 * affinity names a leader created after it (the leader's binding moves it: InterPodAffinity's AssignedPod/Add
 * hint), and a pod of a higher priority that may not preempt (preemptionPolicy Never) but fits in the room the
 * urgent pods' evictions leave (NodeResourcesFit's AssignedPod/Delete hint), ahead of them in the backoff queue.
 */
const strangers = [
  { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "critical-no-preemption" }, value: 2000, preemptionPolicy: "Never" },
  {
    ...pod("follower", {
      containers: [{ name: "app", image: "registry.example.com/app:1", resources: { requests: { cpu: "100m", memory: "64Mi" } } }],
      affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "leader" } }, topologyKey: "topology.kubernetes.io/zone" }] } },
    }),
    metadata: { name: "follower", namespace: "prod", labels: { app: "follower" }, creationTimestamp: "2026-01-02T00:00:00Z" },
  },
  {
    ...pod("leader", { nodeSelector: { "topology.kubernetes.io/zone": "eu-1b" }, containers: [{ name: "app", image: "registry.example.com/app:1", resources: { requests: { cpu: "100m", memory: "64Mi" } } }] }),
    metadata: { name: "leader", namespace: "prod", labels: { app: "leader" }, creationTimestamp: "2026-01-03T00:00:00Z" },
  },
  {
    ...pod("leftover", {
      priorityClassName: "critical-no-preemption",
      nodeSelector: { pool: "batch" },
      tolerations: [{ key: "pool", operator: "Exists" }],
      containers: [{ name: "app", image: "registry.example.com/app:1", resources: { requests: { cpu: "1", memory: "256Mi" } } }],
    }),
    metadata: { name: "leftover", namespace: "jobs", creationTimestamp: "2026-01-02T00:00:00Z" },
  },
  pod("held", { schedulingGates: [{ name: "example.com/quota" }, { name: "example.com/review" }] }),
  {
    ...pod("urgent-2", { priorityClassName: "high", nodeSelector: { pool: "batch" }, tolerations: [{ key: "pool", operator: "Exists" }] }),
    metadata: { name: "urgent-2", namespace: "jobs", labels: { app: "urgent" }, creationTimestamp: "2026-01-02T00:00:00Z" },
  },
  pod("giant", { containers: [{ name: "app", image: "registry.example.com/app:1", resources: { requests: { cpu: "100", memory: "1Gi" } } }] }),
  pod("lost", { nodeSelector: { "topology.kubernetes.io/zone": "us-east-1a" } }),
  pod("elsewhere", { schedulerName: "custom-scheduler" }),
];

const wasm = createWasmEngineSync();
const engines = [
  { name: "ts", scheduler: (c: Cluster, o: RunOptions): RunScheduler => new Scheduler(c, o) },
  { name: "wasm", scheduler: (c: Cluster, o: RunOptions): RunScheduler => wasm.scheduler(c, o) },
] as const;

describe.each(engines)("whole runs: schedkit ($name engine) scheduleAll against kube-scheduler v1.37.1 run whole", (engine) => {
  it(`agrees on ${DUMPS} realistic dumps, preemptions carried out`, async () => {
    const stats = { pods: 0, nodes: 0, scheduled: 0, evictions: 0 };
    const property = fc.asyncProperty(plan, fc.boolean(), async (p, explain) => {
      const base = asList(dump(p));
      const list = { ...base, items: [...base.items, ...strangers] };
      const options: RunOptions = { kubernetesVersion: KUBERNETES_VERSION, percentageOfNodesToScore: 100, tieBreak: "first", preemption: "carry-out", explain };
      const sched = engine.scheduler(createCluster(list), options);
      const mine = sched.scheduleAll();
      const log = sched.preemptionLog;
      sched.dispose?.();
      const theirs = await oracle.ask<OracleRun>(oracleRequest(list, mine, log));
      const diff = differences(mine, theirs);
      if (diff.length > 0) throw new Error(`differs (explain ${explain}):\n${diff.slice(0, 8).join("\n")}`);
      // The dump is about preemption: the urgent pod must have evicted batch pods and landed.
      expect(theirs.evictions.length).toBeGreaterThan(0);
      for (const u of ["jobs/urgent", "jobs/urgent-2"]) expect(mine.results.find((r) => r.pod === u)).toMatchObject({ status: "Scheduled", nomination: { evicted: true } });
      expect(mine.results.filter((r) => r.status === "Unschedulable").map((r) => r.pod)).toEqual(["prod/giant", "prod/lost"]);
      expect(theirs.skipped).toEqual(["prod/elsewhere"]);
      // Placed only by a retry: the follower in its leader's zone, the non-preempting pod on an urgent pod's node.
      const follower = mine.results.find((r) => r.pod === "prod/follower")!;
      expect(follower.status).toBe("Scheduled");
      expect(follower.nodeName).toMatch(/^ip-10-0-\d+-\d+\./);
      expect(mine.results.find((r) => r.pod === "jobs/leftover")).toMatchObject({ status: "Scheduled" });
      expect(mine.gated).toEqual([{ pod: "prod/held", plugin: "SchedulingGates", message: "waiting for scheduling gates: [example.com/quota example.com/review]" }]);
      expect(mine.summary.cycles).toBeGreaterThan(mine.results.length);
      stats.pods += mine.results.length;
      stats.nodes += p.nodes;
      stats.scheduled += mine.summary.scheduled;
      stats.evictions += mine.evictions.length;
    });
    const details = await fc.check(property, { numRuns: DUMPS, seed: SEED, endOnFailure: true });
    if (details.failed) throw new Error(`seed ${details.seed}, path ${details.counterexamplePath}: ${String(details.errorInstance)}`);
    console.log(
      `[conformance] whole runs, ${engine.name}: ${DUMPS} dumps, ${stats.nodes} nodes, ${stats.pods} pods (${stats.scheduled} scheduled, ${stats.evictions} evicted by preemption) agree with kube-scheduler ${KUBERNETES_VERSION} run whole (seed ${details.seed})`,
    );
  });
});
