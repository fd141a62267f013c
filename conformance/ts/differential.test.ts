// The differential test: fast-check scenarios through the real kube-scheduler (the oracle, one process for the
// whole run, shrinking included) and through schedkit, pod by pod. Any difference is shrunk to a minimal
// scenario, written with both outputs to conformance/failures/<timestamp>.json, and fails the test.
//   SCHEDKIT_CONFORMANCE_RUNS  scenarios per engine (default 2000)
//   SCHEDKIT_CONFORMANCE_SEED  fast-check seed (default: a fresh one, printed)
import fc from "fast-check";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { scenarioArbitrary, type Scenario } from "@schedkit/core/arbitraries";
import { MAX_RESOURCE_VALUE, parseQuantity } from "@schedkit/core";
import { compareScenario, type Difference } from "./compare.js";
import { Oracle, type OracleOutput } from "./oracle.js";
import { KUBERNETES_VERSION, enginesUnderTest, prepare, runSchedkit, terminatingPods, type SchedkitRun } from "./run.js";

const RUNS = Number(process.env["SCHEDKIT_CONFORMANCE_RUNS"] ?? 2000);
const SEED = process.env["SCHEDKIT_CONFORMANCE_SEED"] === undefined ? Date.now() % 2 ** 31 : Number(process.env["SCHEDKIT_CONFORMANCE_SEED"]);
const FAILURES = fileURLToPath(new URL("../failures/", import.meta.url));

type Json = Record<string, unknown>;

/**
 * Preemption with PodDisruptionBudgets, which the general generators reach rarely: full nodes of low-priority
 * pods labelled by app (some owned by a ReplicaSet, some already disrupted), budgets per app with 0–2 allowed
 * disruptions, and high-priority pending pods that fit only after evictions, so DefaultPreemption's
 * violating / non-violating split and its fewest-violations criterion decide the nominated node and the victims.
 */
const APPS = ["web", "db", "cache"] as const;
const preemptionWithPdbs: fc.Arbitrary<Scenario> = fc
  .record({
    nodes: fc.array(fc.array(fc.record({ app: fc.nat(2), priority: fc.constantFrom(0, 10, 100), cpu: fc.integer({ min: 1, max: 3 }), start: fc.nat(3) }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
    pdbs: fc.uniqueArray(fc.record({ app: fc.nat(2), allowed: fc.nat(2), disrupted: fc.boolean() }), { selector: (b) => b.app, maxLength: 3 }),
    pending: fc.array(fc.record({ cpu: fc.integer({ min: 1, max: 4 }), cls: fc.constantFrom("high", "mid"), app: fc.nat(2) }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ nodes, pdbs, pending }) => {
    const nodeObjs = nodes.map((_, i) => ({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: `node-${i}`, labels: { "kubernetes.io/hostname": `node-${i}`, "topology.kubernetes.io/zone": `zone-${i % 2}` } },
      status: { allocatable: { cpu: "4", memory: "16Gi", pods: "110" }, capacity: { cpu: "4", memory: "16Gi", pods: "110" } },
    }));
    const pods: object[] = [];
    nodes.forEach((bound, i) =>
      bound.forEach((b, j) =>
        pods.push({
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: `node-${i}-pod-${j}`, namespace: "default", labels: { app: APPS[b.app] } },
          spec: { nodeName: `node-${i}`, priority: b.priority, containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: `${b.cpu}`, memory: "1Gi" } } }] },
          status: { phase: "Running", startTime: `2026-01-0${b.start + 1}T00:00:00Z` },
        }),
      ),
    );
    pending.forEach((p, i) =>
      pods.push({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: `pending-${i}`, namespace: "default", labels: { app: APPS[p.app] } },
        spec: { priorityClassName: p.cls, containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: `${p.cpu}`, memory: "1Gi" } } }] },
      }),
    );
    const firstOf = (app: number) => pods.find((p) => ((p as Json)["metadata"] as { labels: { app: string } }).labels.app === APPS[app]) as Json | undefined;
    return {
      cluster: {
        nodes: nodeObjs,
        pods,
        namespaces: [],
        priorityClasses: [
          { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "high" }, value: 1000 },
          { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "mid" }, value: 50 },
        ],
        podDisruptionBudgets: pdbs.map((b, i) => {
          const disrupted = b.disrupted ? firstOf(b.app) : undefined;
          const name = disrupted === undefined ? undefined : ((disrupted["metadata"] as Json)["name"] as string);
          return {
            apiVersion: "policy/v1",
            kind: "PodDisruptionBudget",
            metadata: { name: `pdb-${i}`, namespace: "default" },
            spec: { selector: { matchLabels: { app: APPS[b.app] } } },
            status: { disruptionsAllowed: b.allowed, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, ...(name === undefined ? {} : { disruptedPods: { [name]: "2026-01-01T00:00:00Z" } }) },
          };
        }),
      },
      options: { percentageOfNodesToScore: 100, tieBreak: "first", seed: 0, kubernetesVersion: KUBERNETES_VERSION },
    } as Scenario;
  });

// Every family of the generators is on: all default plugins (resources incl. extended resources and hugepages,
// taints/tolerations, node affinity and selectors, host ports, images, topology spread, inter-pod affinity),
// priorities (preemption), cordoned nodes, terminating and finished pods, namespaces; profiles vary weights,
// disabled plugins, scoring strategies and plugin args. Two sizes: the default small clusters (ties, exact
// fits), larger ones with longer pod sequences (assume, nominations, spread counts), and preemption with PDBs.
const generated: fc.Arbitrary<Scenario> = fc.oneof(
  { weight: 3, arbitrary: scenarioArbitrary({ kubernetesVersion: KUBERNETES_VERSION }) },
  { weight: 1, arbitrary: scenarioArbitrary({ kubernetesVersion: KUBERNETES_VERSION, maxNodes: 24, maxPendingPods: 10, maxBoundPodsPerNode: 4 }) },
  { weight: 1, arbitrary: preemptionWithPdbs },
);

/**
 * In-place resize: some bound pods carry what the kubelet reports of a resize — per container (init containers
 * too) the actuated `resources.requests` (sometimes `resources` without requests) and `allocatedResources`,
 * drawn independently of the spec so that containers' spec and status cross; sometimes pod-level
 * `status.resources.requests` / `status.allocatedResources`; sometimes an Infeasible PodResizePending condition.
 * This exercises component-helpers v0.37 AggregateContainerRequests' max of the summed spec, actuated and
 * allocated totals on the nodes' requested resources.
 */
const CPUS = ["100m", "250m", "1", "1500m"] as const;
const MEMS = ["64Mi", "256Mi", "1Gi"] as const;
const resourceList = fc.record({ cpu: fc.constantFrom(...CPUS), memory: fc.constantFrom(...MEMS) }, { requiredKeys: [] });
const containerResize = fc.record({
  actuated: fc.oneof(fc.constant(undefined), fc.constant("no-requests" as const), resourceList),
  allocated: fc.option(resourceList, { nil: undefined }),
});
const podResize = fc.record({
  pod: fc.nat(),
  containers: fc.array(containerResize, { minLength: 1, maxLength: 4 }),
  podLevel: fc.option(fc.record({ requests: fc.option(resourceList, { nil: undefined }), allocated: fc.option(resourceList, { nil: undefined }) }), { nil: undefined }),
  infeasible: fc.boolean(),
});
/**
 * The scenario generators keep every node's summed requests inside schedkit's exact domain (MAX_RESOURCE_VALUE;
 * outside it schedkit reports a DomainError by design, where the oracle's int64 goes on). Resize statuses add
 * up to 16 containers × 1500m / 1Gi per pod on top of the spec, so they are only drawn for scenarios whose every
 * cpu and memory quantity, summed over all pods (an upper bound of any node's requested total), leaves room.
 */
const RESIZE_HEADROOM = 10n ** 12n;
function roomForResize(s: Scenario): boolean {
  let cpuMilli = 0n;
  let memory = 0n;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if ((k === "cpu" || k === "memory") && (typeof x === "string" || typeof x === "number")) {
          let q;
          try {
            q = parseQuantity(String(x));
          } catch {
            cpuMilli = memory = BigInt(MAX_RESOURCE_VALUE); // not a quantity: no resize on top of an invalid pod
            return;
          }
          if (k === "cpu") cpuMilli += q.milliValue();
          else memory += q.value();
        } else walk(x);
      }
    }
  };
  walk(s.cluster.pods);
  const max = BigInt(MAX_RESOURCE_VALUE);
  return cpuMilli + RESIZE_HEADROOM < max && memory + RESIZE_HEADROOM < max;
}

const withResize: fc.Arbitrary<Scenario> = fc
  .tuple(generated, fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(podResize, { minLength: 1, maxLength: 4 }) }))
  .map(([s, resizes]) => {
    const bound = s.cluster.pods.filter((p) => (p.spec?.nodeName ?? "") !== "");
    if (resizes.length === 0 || bound.length === 0 || !roomForResize(s)) return s;
    const chosen = new Map(resizes.map((r) => [bound[r.pod % bound.length]!, r]));
    const pods = s.cluster.pods.map((p) => {
      const r = chosen.get(p);
      if (r === undefined) return p;
      const q = structuredClone(p) as Json & { spec?: { containers?: { name: string }[]; initContainers?: { name: string }[] }; status?: Json };
      let k = 0;
      const statuses = (cs: readonly { name: string }[] | undefined) =>
        (cs ?? []).map((c) => {
          const z = r.containers[k++ % r.containers.length]!;
          return {
            name: c.name,
            ...(z.actuated === undefined ? {} : { resources: z.actuated === "no-requests" ? {} : { requests: z.actuated } }),
            ...(z.allocated === undefined ? {} : { allocatedResources: z.allocated }),
          };
        });
      const status: Json = { ...q.status, containerStatuses: statuses(q.spec?.containers), initContainerStatuses: statuses(q.spec?.initContainers) };
      if (r.podLevel !== undefined) {
        status["resources"] = r.podLevel.requests === undefined ? {} : { requests: r.podLevel.requests };
        if (r.podLevel.allocated !== undefined) status["allocatedResources"] = r.podLevel.allocated;
      }
      if (r.infeasible) status["conditions"] = [{ type: "PodResizePending", status: "True", reason: "Infeasible" }];
      return { ...q, status } as typeof p;
    });
    return { ...s, cluster: { ...s.cluster, pods } };
  });

/**
 * The generators leave status.nominatedNodeName unset; here some pending pods carry one (a node of the
 * cluster, or one that does not exist), as pods nominated by an earlier preemption do: the nominator and the
 * nominated-node fast path (evaluateNominatedNode) get exercised too.
 */
const scenarios: fc.Arbitrary<Scenario> = fc
  .tuple(withResize, fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }) }))
  .map(([s, picks]) => {
    const pending = s.cluster.pods.filter((p) => (p.spec?.nodeName ?? "") === "");
    if (picks.length === 0 || pending.length === 0) return s;
    const names = s.cluster.nodes.map((n) => n.metadata.name);
    const chosen = new Map(picks.map(([p, n]) => [pending[p % pending.length]!, n % (names.length + 1) === names.length ? "gone-node" : names[n % (names.length + 1)]!]));
    const pods = s.cluster.pods.map((p) => {
      const node = chosen.get(p);
      if (node === undefined) return p;
      const q = structuredClone(p);
      return { ...q, status: { ...q.status, nominatedNodeName: node } };
    });
    return { ...s, cluster: { ...s.cluster, pods } };
  });

/**
 * Now and then a pending pod names a PriorityClass that does not exist (and states no priority): priority
 * admission must reject the scenario on both sides, in the API server's words.
 */
const withAdmission: fc.Arbitrary<Scenario> = fc.tuple(scenarios, fc.oneof({ weight: 30, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() })).map(([s, pick]) => {
  const pending = s.cluster.pods.filter((p) => ((p as { spec?: { nodeName?: string } }).spec?.nodeName ?? "") === "");
  if (pick === null || pending.length === 0) return s;
  const victim = pending[pick % pending.length]!;
  const pods = s.cluster.pods.map((p) => {
    if (p !== victim) return p;
    const q = structuredClone(p);
    const { priority: _priority, preemptionPolicy: _policy, ...spec } = q.spec ?? {};
    return { ...q, spec: { ...spec, priorityClassName: "missing-class" } };
  });
  return { ...s, cluster: { ...s.cluster, pods } };
});


const oracle = new Oracle();
afterAll(() => oracle.close());

interface Counterexample {
  readonly scenario: Scenario;
  readonly oracleInput: unknown;
  readonly oracle: OracleOutput;
  readonly schedkit: SchedkitRun;
  readonly differences: readonly Difference[];
  readonly explain: boolean;
}

function summary(d: readonly Difference[]): string {
  return d
    .slice(0, 8)
    .map((x) => `  ${x.pod} ${x.what}\n    oracle:   ${JSON.stringify(x.oracle)}\n    schedkit: ${JSON.stringify(x.schedkit)}`)
    .join("\n");
}

describe.each(await enginesUnderTest())("schedkit ($name engine) against kube-scheduler v1.37.1", (engine) => {
  it(`agrees on ${RUNS} generated scenarios`, async () => {
    let last: Counterexample | null = null;
    let pods = 0;
    const counts = { Scheduled: 0, Unschedulable: 0, Error: 0, Gated: 0, preempting: 0, rejected: 0, defaultSpread: 0, pdbs: 0, classes: 0, resized: 0, deviceClasses: 0, resourceSlices: 0, resourceClaims: 0, draFiltered: 0 };
    const t0 = performance.now();
    const property = fc.asyncProperty(withAdmission, async (scenario) => {
      const p = prepare(scenario);
      const out = await oracle.run(p.oracle);
      // Explained (every per-node detail), then without explanations (the engines' fast paths, outcomes only).
      for (const explain of [true, false]) {
        const run = runSchedkit(engine, p, out, explain);
        const differences = compareScenario(out, run, terminatingPods(p));
        if (differences.length > 0) {
          last = { scenario, oracleInput: p.oracle, oracle: out, schedkit: run, differences, explain };
          return false;
        }
      }
      pods += out.results.length;
      if (out.error !== undefined) counts.rejected++;
      const c = scenario.cluster;
      if ((c.services?.length ?? 0) + (c.replicaSets?.length ?? 0) + (c.statefulSets?.length ?? 0) + (c.replicationControllers?.length ?? 0) > 0) counts.defaultSpread++;
      if ((c.podDisruptionBudgets?.length ?? 0) > 0) counts.pdbs++;
      if ((c.priorityClasses?.length ?? 0) > 0) counts.classes++;
      if (c.pods.some((q) => ((q as { status?: { containerStatuses?: unknown[] } }).status?.containerStatuses?.length ?? 0) > 0)) counts.resized++;
      if ((c.deviceClasses?.length ?? 0) > 0) counts.deviceClasses++;
      if ((c.resourceSlices?.length ?? 0) > 0) counts.resourceSlices++;
      if ((c.resourceClaims?.length ?? 0) > 0) counts.resourceClaims++;
      for (const r of out.results) {
        if (r.status === "Scheduled" || r.status === "Unschedulable" || r.status === "Error" || r.status === "Gated") counts[r.status]++;
        if (r.nominatedNode !== undefined) counts.preempting++;
        // Pods whose extended resource DynamicResources decided on some node (DRAExtendedResource).
        if (Object.values(r.filter ?? {}).some((s) => s.plugin === "DynamicResources")) counts.draFiltered++;
      }
      return true;
    });
    const details = await fc.check(property, { numRuns: RUNS, seed: SEED });
    const seconds = (performance.now() - t0) / 1000;
    if (details.failed && last !== null) {
      const cx: Counterexample = last;
      mkdirSync(FAILURES, { recursive: true });
      const file = `${FAILURES}${new Date().toISOString().replace(/[:.]/g, "-")}-${engine.name}.json`;
      writeFileSync(file, JSON.stringify({ engine: engine.name, seed: details.seed, path: details.counterexamplePath, ...cx }, null, 2) + "\n");
      expect.fail(
        `schedkit (${engine.name}) differs from kube-scheduler ${KUBERNETES_VERSION} on a scenario (shrunk ${details.numShrinks} times; ` +
          `seed ${details.seed}, path ${details.counterexamplePath}); written to ${file}\n${summary(cx.differences)}`,
      );
    }
    if (details.failed) throw details.errorInstance ?? new Error(`property failed (seed ${details.seed})`);
    console.log(
      `[conformance] ${engine.name}: ${details.numRuns} scenarios, ${pods} pods (${counts.Scheduled} scheduled, ${counts.Unschedulable} unschedulable ` +
        `of which ${counts.preempting} nominated by preemption, ${counts.Error} errors, ${counts.Gated} held back by scheduling gates; ${counts.classes} scenarios with PriorityClasses, ` +
        `${counts.defaultSpread} with Services/controllers, ${counts.pdbs} with PDBs, ${counts.resized} with resize statuses, ${counts.deviceClasses} with DeviceClasses (${counts.resourceSlices} with ResourceSlices, ${counts.resourceClaims} with a ResourceClaim holding devices; ${counts.draFiltered} pods rejected by DynamicResources on some node), ` +
        `${counts.rejected} rejected by admission or refused by both for an upstream panic) agree with kube-scheduler ${KUBERNETES_VERSION} ` +
        `in ${seconds.toFixed(1)} s (seed ${details.seed})`,
    );
  });
});
