// What a workload controller creates from its template, for "where will these pods land?": the pending pods,
// with their controller ownerReference, and the controller objects that PodTopologySpread's default constraints
// read their selector from (a Deployment's pods belong to a ReplicaSet with the Deployment's selector).
import { INT32_MAX, asObject, child, isObject, optInteger, type JsonObject } from "../model/json.js";
import type { Node } from "../model/types.js";
import { daemonSetPods } from "./daemonset.js";
import { cronJobJob, jobPods } from "./job.js";
import { workloadParts } from "./workload.js";
import { MAX_PODS_PER_WORKLOAD } from "../limits.js";
import { SchedkitError } from "../errors.js";

type Json = Record<string, unknown>;

/** The kinds expandWorkload understands. */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(["Deployment", "ReplicaSet", "StatefulSet", "ReplicationController", "DaemonSet", "Job", "CronJob"]);

/** What one workload expands to. */
export interface Expansion {
  /** Pending v1.Pod objects, each with a controller ownerReference. */
  readonly pods: Json[];
  /** Controller objects to add to the cluster (the ReplicaSet, StatefulSet or ReplicationController owning the pods). */
  readonly controllers: Json[];
  /** One line saying what was expanded ("DaemonSet kube-system/node-exporter: 12 pods, one per eligible node"). */
  readonly description: string;
}

/** Options of expandWorkload. */
export interface ExpandOptions {
  /** The cluster's nodes (DaemonSets: one pod per eligible node). */
  readonly nodes: readonly Node[];
  /** Replaces spec.replicas / the Job's active count (not for DaemonSets). */
  readonly replicas?: number;
  /** TaintTolerationComparisonOperators (DaemonSet taint checks). */
  readonly taintComparisonOperators?: boolean;
}

function metaOf(o: JsonObject): JsonObject {
  return isObject(o["metadata"]) ? (o["metadata"] as JsonObject) : {};
}

/** `n` copies of `pods[0]`'s template named `<name>-<i>` (as a StatefulSet numbers its pods). */
function copies(template: JsonObject, name: string, namespace: string, n: number, owner: Json | null): Json[] {
  const tmeta = metaOf(template);
  const out: Json[] = [];
  for (let i = 0; i < n; i++) {
    const meta: Json = { ...tmeta, name: `${name}-${i}`, namespace };
    delete meta["generateName"];
    if (owner !== null) meta["ownerReferences"] = [owner];
    out.push({ apiVersion: "v1", kind: "Pod", metadata: meta, spec: template["spec"] });
  }
  return out;
}

/**
 * Expands a Deployment, ReplicaSet, StatefulSet, ReplicationController (spec.replicas copies of the template,
 * default 1), DaemonSet (one pod per eligible node, pinned by node affinity, daemon tolerations), Job
 * (parallelism pods bounded by completions) or CronJob (its jobTemplate's Job, once). Returns null for other
 * kinds. Pods of a Deployment are owned by a ReplicaSet named after it with the Deployment's selector (the
 * pod-template-hash label the real one adds is not); the other template controllers own their pods themselves.
 */
export function expandWorkload(obj: unknown, path: string, options: ExpandOptions): Expansion | null {
  const o = asObject(obj, path);
  const kind = o["kind"];
  if (typeof kind !== "string" || !WORKLOAD_KINDS.has(kind)) return null;
  const { name, namespace, spec } = workloadParts(o, path, null);
  const key = `${namespace}/${name}`;
  const sp = child(path, "spec");
  switch (kind) {
    case "DaemonSet": {
      const pods = daemonSetPods(o, options.nodes, path, options.taintComparisonOperators === true);
      return { pods, controllers: [], description: `DaemonSet ${key}: ${pods.length} pod${pods.length === 1 ? "" : "s"}, one per eligible node of ${options.nodes.length}` };
    }
    case "Job": {
      const pods = options.replicas === undefined ? jobPods(o, path) : jobPods({ ...o, spec: { ...spec, parallelism: options.replicas, completions: undefined, suspend: false } }, path);
      return { pods, controllers: [], description: `Job ${key}: ${pods.length} pod${pods.length === 1 ? "" : "s"} (parallelism bounded by completions)` };
    }
    case "CronJob": {
      const job = cronJobJob(o, path);
      const inner = expandWorkload(job, child(path, "spec.jobTemplate"), options)!;
      return { ...inner, description: `CronJob ${key}: its jobTemplate once, ${inner.pods.length} pod${inner.pods.length === 1 ? "" : "s"}` };
    }
    default: {
      const { template } = workloadParts(o, path);
      const n = options.replicas ?? optInteger(spec, "replicas", sp, 0, INT32_MAX) ?? 1;
      if (n > MAX_PODS_PER_WORKLOAD) throw new SchedkitError(options.replicas === undefined ? child(sp, "replicas") : "replicas", n, `is more than ${MAX_PODS_PER_WORKLOAD} pods per workload (the limit)`);
      const apiVersion = kind === "ReplicationController" ? "v1" : "apps/v1";
      const ownerKind = kind === "Deployment" ? "ReplicaSet" : kind;
      const uid = `${ownerKind.toLowerCase()}-${namespace}-${name}`;
      const owner = { apiVersion, kind: ownerKind, name, uid, controller: true };
      // SetDefaults_ReplicationController: a missing selector is the template's labels.
      const selector = kind === "ReplicationController" && spec["selector"] === undefined ? metaOf(template as JsonObject)["labels"] : spec["selector"];
      const controller: Json = { apiVersion, kind: ownerKind, metadata: { name, namespace, uid }, spec: { selector, replicas: n } };
      const pods = copies(template as JsonObject, name, namespace, n, owner);
      return { pods, controllers: [controller], description: `${kind} ${key}: ${n} pod${n === 1 ? "" : "s"}` };
    }
  }
}
