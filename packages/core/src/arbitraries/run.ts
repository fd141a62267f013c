// Arbitrary whole runs where kube-scheduler's scheduling queue decides the outcome (docs/scheduler.md §9b):
// scenarioArbitrary's clusters, with the pending pods given roles that make pods fail and then succeed after a
// later event of the same run. scheduleAll's events are placements (AssignedPod/Add), a preemption's deletions
// (AssignedPod/Delete) and nominations that change; nodes are not added and gates not removed inside a run.
//   follower / leader  a follower's required pod affinity names a label only its leader (queued after it) has:
//                      it fails (InterPodAffinity), and the leader's binding moves it to the backoff queue
//   urgent             priority 1000, may preempt: evicts lower-priority pods (PDBs apply), is nominated and
//                      retried after its victims' deletion; pods of lower priority yield to its nomination
//   never              priority 2000 with preemptionPolicy Never: fails first when the nodes are full, and a
//                      later preemptor's evictions move it ahead of that preemptor in the backoff queue (a
//                      preemption chain: the preemptor fails again and preempts again)
//   nominated          arrives with status.nominatedNodeName (a node of the cluster, or one gone), as a pod an
//                      earlier scheduler instance nominated: the nominator and the nominated-node fast path
//   gated              spec.schedulingGates (SchedulingGates holds it back for the whole run)
// Some nodes are full by pod count, so that any pod needs a preemption to land there; bound pods have distinct
// start times, so that which of several equally important victims goes is decided (as on a real node).
// Priorities are stated in spec.priority (as the API server stores an admitted pod), so the roles do not depend
// on which PriorityClasses the cluster has.
import fc from "fast-check";
import type { KubePod } from "../model/kube-types.js";
import { CROSS_SHRINK } from "./families.js";
import { scenarioArbitrary, type Scenario, type ScenarioConstraints } from "./scenario.js";
import { HOSTNAME, MISSING_NODE, ZONE } from "./vocabulary.js";

/** Options of runScenarioArbitrary: scenarioArbitrary's (default sizes: up to 8 nodes and 8 pending pods). */
export type RunScenarioConstraints = ScenarioConstraints;

type Role = "plain" | "follower" | "urgent" | "never" | "nominated" | "gated";

interface RoleDraft {
  readonly role: Role;
  /** follower: which other pending pod leads it; nominated: which node (one past the last: a node that is gone). */
  readonly target: number;
  /** follower: the leader's zone rather than its node. */
  readonly zone: boolean;
}

const roleArbitrary: fc.Arbitrary<RoleDraft> = fc.record({
  role: fc.oneof(
    CROSS_SHRINK,
    { weight: 4, arbitrary: fc.constant<Role>("plain") },
    { weight: 2, arbitrary: fc.constant<Role>("follower") },
    { weight: 2, arbitrary: fc.constant<Role>("urgent") },
    { weight: 1, arbitrary: fc.constant<Role>("never") },
    { weight: 1, arbitrary: fc.constant<Role>("nominated") },
    { weight: 1, arbitrary: fc.constant<Role>("gated") },
  ),
  target: fc.nat(64),
  zone: fc.boolean(),
});

type Json = Record<string, unknown>;

const isPending = (p: KubePod) => ((p as { spec?: { nodeName?: string } }).spec?.nodeName ?? "") === "";

/** The pod with spec.priority `priority` stated (and no class to resolve). */
function withPriority(spec: Json, priority: number): void {
  spec["priority"] = priority;
  delete spec["priorityClassName"];
}

/**
 * Nodes full by pod count: `status.allocatable.pods` lowered to the pods running there, so any pod needs a
 * preemption to land on them (and an empty one takes none) — the room a preemptor makes does not depend on its
 * size.
 */
function fillByCount(s: Scenario, full: readonly boolean[]): Scenario {
  if (!full.includes(true) || s.cluster.nodes.length === 0) return s;
  const running = new Map<string, number>();
  for (const p of s.cluster.pods as unknown as Json[]) {
    const node = (p["spec"] as Json | undefined)?.["nodeName"];
    const phase = (p["status"] as Json | undefined)?.["phase"];
    if (typeof node === "string" && node !== "" && phase !== "Succeeded" && phase !== "Failed") running.set(node, (running.get(node) ?? 0) + 1);
  }
  const nodes = s.cluster.nodes.map((n, i) => {
    const count = running.get(n.metadata.name) ?? 0;
    const status = (n as unknown as Json)["status"] as Json | undefined;
    const allocatable = status?.["allocatable"] as Json | undefined;
    if (!full[i % full.length] || allocatable === undefined) return n;
    return { ...n, status: { ...status, allocatable: { ...allocatable, pods: String(count) } } } as typeof n;
  });
  return { ...s, cluster: { ...s.cluster, nodes } };
}

function applyRoles(s: Scenario, roles: readonly RoleDraft[]): Scenario {
  const pods = s.cluster.pods.map((p) => structuredClone(p) as unknown as Json);
  // Every bound pod started at its own second (status.startTime, as the kubelet sets it): victims of equal
  // priority then have an order (MoreImportantPod: the older one is more important), where upstream would
  // compare a pod without a start time as starting "now", read anew at each comparison of its unstable sort.
  let started = 0;
  for (const p of pods) {
    if (isPending(p as unknown as KubePod)) continue;
    const at = new Date(Date.UTC(2025, 11, 1) + 1000 * started++).toISOString().replace(".000Z", "Z");
    p["status"] = { ...((p["status"] as Json | undefined) ?? {}), startTime: at };
  }
  const pending = pods.filter((p) => isPending(p as unknown as KubePod));
  if (roles.length === 0 || pending.length === 0) return { ...s, cluster: { ...s.cluster, pods: pods as unknown as KubePod[] } };
  const nodes = s.cluster.nodes.map((n) => n.metadata.name);

  let groups = 0;
  const paired = new Set<Json>();
  pending.forEach((pod, i) => {
    const d = roles[i % roles.length]!;
    const meta = pod["metadata"] as Json;
    const spec = pod["spec"] as Json;
    // A leader keeps the priority and the (absent) gates its follower was given.
    if (paired.has(pod) && d.role !== "nominated") return;
    switch (d.role) {
      case "plain":
        return;
      case "follower": {
        const leader = pending[d.target % pending.length]!;
        // A pod leads or follows once: its order relative to its partner stays as set here.
        if (leader === pod || paired.has(pod) || paired.has(leader)) return;
        paired.add(pod).add(leader);
        const group = `g${groups++}`;
        const lm = leader["metadata"] as Json;
        lm["labels"] = { ...((lm["labels"] as Json | undefined) ?? {}), "example.com/group": group };
        // The follower is queued first: the same priority as its leader, created a day earlier.
        const priority = typeof (leader["spec"] as Json)["priority"] === "number" ? ((leader["spec"] as Json)["priority"] as number) : 0;
        withPriority(leader["spec"] as Json, priority);
        withPriority(spec, priority);
        meta["creationTimestamp"] = "2025-12-31T00:00:00Z";
        lm["creationTimestamp"] = "2026-01-02T00:00:00Z";
        delete spec["schedulingGates"];
        delete (leader["spec"] as Json)["schedulingGates"];
        const term = { labelSelector: { matchLabels: { "example.com/group": group } }, topologyKey: d.zone ? ZONE : HOSTNAME, namespaces: [(lm["namespace"] as string | undefined) ?? "default"] };
        const affinity = { ...((spec["affinity"] as Json | undefined) ?? {}) };
        const pa = { ...((affinity["podAffinity"] as Json | undefined) ?? {}) };
        pa["requiredDuringSchedulingIgnoredDuringExecution"] = [...((pa["requiredDuringSchedulingIgnoredDuringExecution"] as unknown[] | undefined) ?? []), term];
        affinity["podAffinity"] = pa;
        spec["affinity"] = affinity;
        return;
      }
      case "urgent":
        withPriority(spec, 1000);
        delete spec["preemptionPolicy"];
        return;
      case "never":
        withPriority(spec, 2000);
        spec["preemptionPolicy"] = "Never";
        return;
      case "nominated": {
        const k = d.target % (nodes.length + 1);
        pod["status"] = { ...((pod["status"] as Json | undefined) ?? {}), nominatedNodeName: k === nodes.length ? MISSING_NODE : nodes[k]! };
        return;
      }
      case "gated":
        spec["schedulingGates"] = [{ name: "example.com/quota" }];
        return;
    }
  });
  return { ...s, cluster: { ...s.cluster, pods: pods as unknown as KubePod[] } };
}

/**
 * Arbitrary whole runs for `scheduleAll(undefined, createCluster(s.cluster), s.options)` in which the queue
 * matters: scenarioArbitrary's clusters (up to 8 nodes and 8 pending pods unless the constraints say
 * otherwise) whose pending pods play roles that make them fail first and succeed after a later event of the
 * run (followers of later leaders, preemptors and the pods their evictions free room for, pods that may not
 * preempt), arrive nominated, or are gated. Plain JSON, as scenarioArbitrary's.
 */
export function runScenarioArbitrary(constraints: RunScenarioConstraints = {}): fc.Arbitrary<Scenario> {
  const sized: ScenarioConstraints = { maxPendingPods: 8, ...constraints };
  // In a third of the runs every node is full: each pod placed needs a preemption first.
  const full = fc.oneof(CROSS_SHRINK, { weight: 2, arbitrary: fc.array(fc.boolean(), { maxLength: 8 }) }, { weight: 1, arbitrary: fc.constant([true]) });
  return fc.tuple(scenarioArbitrary(sized), fc.array(roleArbitrary, { maxLength: 8 }), full).map(([s, roles, f]) => fillByCount(applyRoles(s, roles), f));
}
