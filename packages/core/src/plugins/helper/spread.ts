// kube-scheduler: framework/plugins/helper/spread.go (DefaultSelector, GetPodServices).
import type { LabelSelectorRequirement, Pod } from "../../model/types.js";
import type { SelectingObjects } from "../../model/workloads.js";
import { mapSelectorMatches } from "../../labels/selector.js";

// The controller kinds DefaultSelector follows, by owner reference group/version and kind (rcKind, rsKind, ssKind).
const CONTROLLER_KINDS: Readonly<Record<string, "ReplicationController" | "ReplicaSet" | "StatefulSet">> = {
  "v1/ReplicationController": "ReplicationController",
  "apps/v1/ReplicaSet": "ReplicaSet",
  "apps/v1/StatefulSet": "StatefulSet",
};

/**
 * DefaultSelector: the requirements of the selector deduced from the Services selecting the pod (their selectors
 * merged into one label set) and from the pod's controller when it is a ReplicationController (its selector
 * merged into that set, later keys winning) or a ReplicaSet / StatefulSet (its selector's requirements added).
 * An empty result is upstream's `selector.Empty()`: no default constraints at all.
 */
export function defaultSelector(pod: Pod, objects: SelectingObjects): LabelSelectorRequirement[] {
  const set = new Map<string, string>();
  for (const svc of objects.servicesIn(pod.namespace)) {
    // GetPodServices: services with nil selectors match nothing, not everything.
    if (svc.selector === null || !mapSelectorMatches(svc.selector, pod.labels)) continue;
    for (const [k, v] of svc.selector) set.set(k, v);
  }
  const extra: LabelSelectorRequirement[] = [];
  const owner = pod.controllerRef;
  const kind = owner === undefined ? undefined : CONTROLLER_KINDS[`${owner.apiVersion}/${owner.kind}`];
  if (owner !== undefined && kind !== undefined) {
    const ctl = objects.controller(kind, pod.namespace, owner.name);
    if (ctl !== undefined && ctl.selector !== null) {
      if (kind === "ReplicationController") for (const [k, v] of ctl.selector.matchLabels) set.set(k, v);
      else {
        // LabelSelectorAsSelector + Requirements(): a nil selector (Nothing) adds nothing, as does {} (Everything).
        for (const [k, v] of ctl.selector.matchLabels) extra.push({ key: k, operator: "In", values: [v] });
        extra.push(...ctl.selector.matchExpressions);
      }
    }
  }
  const out: LabelSelectorRequirement[] = [];
  for (const [k, v] of set) out.push({ key: k, operator: "In", values: [v] });
  out.push(...extra);
  return out;
}
