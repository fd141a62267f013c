// kube-controller-manager: pkg/controller/daemon (daemon_controller.go NodeShouldRunDaemonPod / predicates,
// util/daemonset_util.go AddOrUpdateDaemonPodTolerations and ReplaceDaemonSetPodNodeNameNodeAffinity): the pods
// a DaemonSet creates, one per node that should run it.
import { RequiredNodeAffinity } from "../labels/nodeselector.js";
import { firstUntoleratedTaint } from "../labels/toleration.js";
import { child, isObject, type JsonObject } from "../model/json.js";
import { podFromKube } from "../model/kube.js";
import type { Node } from "../model/types.js";
import { workloadParts } from "./workload.js";

type Json = Record<string, unknown>;

/** The tolerations every daemon pod gets (AddOrUpdateDaemonPodTolerations); the last only with hostNetwork. */
const DAEMON_TOLERATIONS: readonly Json[] = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
];
const NETWORK_UNAVAILABLE: Json = { key: "node.kubernetes.io/network-unavailable", operator: "Exists", effect: "NoSchedule" };

/**
 * v1helper.AddOrUpdateTolerationInPodSpec: a toleration with the same key, operator, value and effect is
 * replaced in place, others are appended.
 */
function addOrUpdateToleration(list: Json[], t: Json): void {
  const same = (o: Json) => (o["key"] ?? "") === t["key"] && (o["operator"] ?? "") === t["operator"] && (o["value"] ?? "") === (t["value"] ?? "") && (o["effect"] ?? "") === t["effect"];
  const i = list.findIndex(same);
  if (i >= 0) list[i] = t;
  else list.push(t);
}

/** The pod spec with the daemon tolerations added (the template is not changed). */
function daemonPodSpec(spec: JsonObject): Json {
  // The controller leaves binding to the scheduler (the pod is pinned by node affinity instead).
  const { nodeName: _bound, ...out }: Json = { ...spec };
  const tolerations = Array.isArray(spec["tolerations"]) ? (spec["tolerations"] as Json[]).slice() : [];
  for (const t of DAEMON_TOLERATIONS) addOrUpdateToleration(tolerations, t);
  if (spec["hostNetwork"] === true) addOrUpdateToleration(tolerations, NETWORK_UNAVAILABLE);
  out["tolerations"] = tolerations;
  return out;
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the required terms become one `metadata.name In [node]` field term. */
function pinnedAffinity(affinity: unknown, node: string): Json {
  const term = { matchFields: [{ key: "metadata.name", operator: "In", values: [node] }] };
  const a: Json = isObject(affinity) ? { ...affinity } : {};
  const na: Json = isObject(a["nodeAffinity"]) ? { ...(a["nodeAffinity"] as Json) } : {};
  const req: Json = isObject(na["requiredDuringSchedulingIgnoredDuringExecution"]) ? { ...(na["requiredDuringSchedulingIgnoredDuringExecution"] as Json) } : {};
  req["nodeSelectorTerms"] = [term];
  na["requiredDuringSchedulingIgnoredDuringExecution"] = req;
  a["nodeAffinity"] = na;
  return a;
}

/**
 * The pods a DaemonSet creates on `nodes`: one per node that should run it (spec.template.spec.nodeName empty
 * or that node, the template's nodeSelector and required node affinity match, every NoSchedule/NoExecute taint
 * tolerated with the daemon tolerations), named `<name>-<node>`, pinned to its node by node affinity, with the
 * daemon tolerations and a controller ownerReference to the DaemonSet. `path` names the DaemonSet in errors.
 */
export function daemonSetPods(ds: unknown, nodes: readonly Node[], path: string, comparisonOperators = false): Json[] {
  const { meta, name, namespace, templateMeta: tmeta, templateSpec: tspec } = workloadParts(ds, path);
  const podSpec = daemonPodSpec(tspec);
  // The template as a pod, for the node checks (validated once, errors at the template's path).
  const probe = podFromKube({ kind: "Pod", metadata: { ...tmeta, name, namespace }, spec: podSpec }, child(path, "spec.template"));
  const required = new RequiredNodeAffinity(probe);
  const owner = { apiVersion: "apps/v1", kind: "DaemonSet", name, uid: typeof meta["uid"] === "string" ? meta["uid"] : `daemonset-${namespace}-${name}`, controller: true };
  const out: Json[] = [];
  for (const node of nodes) {
    const wanted = tspec["nodeName"];
    if (typeof wanted === "string" && wanted !== "" && wanted !== node.name) continue;
    // predicates: parse errors in the node affinity count as "no match", as upstream ignores them.
    if (!required.matches(node)) continue;
    if (firstUntoleratedTaint(node.taints, probe.tolerations, comparisonOperators) !== undefined) continue;
    out.push({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { ...tmeta, name: `${name}-${node.name}`, namespace, ownerReferences: [owner] },
      spec: { ...podSpec, affinity: pinnedAffinity(podSpec["affinity"], node.name) },
    });
  }
  return out;
}
