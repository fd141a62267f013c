// Turns parsed documents into the array createCluster reads, expanding --pod manifests into pending
// pods, and maps the library's error paths (`[k].items[3]...`) back to the file they came from.
import { SchedkitError, WORKLOAD_KINDS, expandWorkload, type Node } from "@schedkit/core";
import { CliError } from "./errors.js";
import type { SourceDoc } from "./input.js";
import { MAX_REPLICAS } from "./limits.js";
import { boundPodProblem } from "@schedkit/core/engine";

/** One element of the createCluster input and where it came from. */
export interface Entry {
  readonly value: unknown;
  readonly label: string;
  /** Path inside the document of the object `value` stands for ("" = the document itself). */
  readonly prefix: string;
}

/** The createCluster input plus the source map for error messages. */
export interface ClusterInput {
  readonly objects: unknown[];
  readonly entries: Entry[];
  /** Kinds in --pod files that are not pods or pod templates, with counts (reported, not errors). */
  readonly ignoredPodKinds: Map<string, number>;
}

type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const GROUP_KINDS = { nodes: "Node", pods: "Pod", namespaces: "Namespace" } as const;

/**
 * Cluster documents go in as they are (the library routes Lists and kinds). A `{nodes, pods,
 * namespaces}` document, which createCluster accepts only at the top level, is split into its items
 * with the group's kind filled in, so it can be combined with other files; a bare array is split too.
 */
export function clusterInput(docs: readonly SourceDoc[]): ClusterInput {
  const input: ClusterInput = { objects: [], entries: [], ignoredPodKinds: new Map() };
  for (const d of docs) {
    const v = d.value;
    if (isObj(v) && v["kind"] === undefined && v["items"] === undefined && ("nodes" in v || "pods" in v || "namespaces" in v)) {
      for (const [group, kind] of Object.entries(GROUP_KINDS)) {
        const g = v[group];
        if (g === undefined) continue;
        const items = Array.isArray(g) ? g : isObj(g) && Array.isArray(g["items"]) ? g["items"] : null;
        const base = Array.isArray(g) ? group : `${group}.items`;
        if (items === null) throw new SchedkitError(`${d.label}: ${group}`, g, "is not an array or a List");
        items.forEach((item, i) => add(input, isObj(item) && item["kind"] === undefined ? { kind, ...item } : item, d.label, `${base}[${i}]`));
      }
    } else if (Array.isArray(v)) v.forEach((item, i) => add(input, item, d.label, `[${i}]`));
    else add(input, v, d.label, "");
  }
  return input;
}

function add(input: ClusterInput, value: unknown, label: string, prefix: string): void {
  input.objects.push(value);
  input.entries.push({ value, label, prefix });
}

/**
 * --scheduler-name with --pod: the pods added from `from` on that name no scheduler are given that profile's
 * name (spec.schedulerName), as manifests edited to use it would be; without it the profile would leave them to
 * "default-scheduler" (pods are scheduled only by the profile they name). Pods that name one keep it.
 */
export function nameScheduler(input: ClusterInput, from: number, schedulerName: string): void {
  for (let i = from; i < input.objects.length; i++) {
    const o = input.objects[i];
    if (!isObj(o) || (o["kind"] ?? "Pod") !== "Pod") continue;
    const spec = isObj(o["spec"]) ? o["spec"] : {};
    const own = spec["schedulerName"];
    if (own !== undefined && own !== null && own !== "") continue;
    const named = { ...o, spec: { ...spec, schedulerName } };
    input.objects[i] = named;
    input.entries[i] = { ...input.entries[i]!, value: named };
  }
}

/**
 * Adds the pods of --pod documents as pending pods. A Pod is placed once, or `replicas` times named
 * `<name>-0 .. <name>-(N-1)`; a workload (Deployment, ReplicaSet, StatefulSet, ReplicationController,
 * DaemonSet, Job, CronJob) contributes the pods its controller would create (core expandWorkload; `replicas`
 * replaces spec.replicas / the Job's parallelism) plus the controller object that owns them; Lists are walked.
 * Other kinds are counted in ignoredPodKinds. Returns one line per expanded workload.
 */
export function addPodDocuments(input: ClusterInput, docs: readonly SourceDoc[], replicas: number | undefined, nodes: readonly Node[]): string[] {
  const expanded: string[] = [];
  for (const d of docs) addPodObject(input, d.value, d.label, "", replicas, nodes, expanded);
  return expanded;
}

function addPodObject(input: ClusterInput, v: unknown, label: string, path: string, replicas: number | undefined, nodes: readonly Node[], expanded: string[]): void {
  const at = (p: string) => (path === "" ? p : `${path}.${p}`);
  if (!isObj(v)) throw new SchedkitError(`${label}: ${path}`.replace(/: $/, ""), v, "is not a Kubernetes object");
  const kind = v["kind"];
  if (kind === undefined || kind === "Pod") {
    const meta = isObj(v["metadata"]) ? v["metadata"] : {};
    const spec = isObj(v["spec"]) ? v["spec"] : {};
    const nodeName = spec["nodeName"];
    const problem = boundPodProblem(nodeName);
    if (problem !== "") throw new SchedkitError(`${label}: ${at("spec.nodeName")}`, nodeName, `${problem} (--pod takes pods to place)`);
    addCopies(input, { kind: "Pod", ...v }, meta, label, path, replicas, false);
    return;
  }
  if (typeof kind === "string" && Array.isArray(v["items"])) {
    (v["items"] as unknown[]).forEach((item, i) => addPodObject(input, item, label, at(`items[${i}]`), replicas, nodes, expanded));
    return;
  }
  if (typeof kind === "string" && WORKLOAD_KINDS.has(kind)) {
    let e;
    try {
      e = expandWorkload(v, path, { nodes, ...(replicas === undefined ? {} : { replicas }) })!;
    } catch (err) {
      // The library names the field inside the document; say which file it is.
      if (err instanceof SchedkitError) throw new CliError(`${label}: ${err.message}`);
      throw err;
    }
    const podPath = kind === "DaemonSet" || kind === "Job" ? at("spec.template") : kind === "CronJob" ? at("spec.jobTemplate.spec.template") : at("spec.template");
    for (const c of e.controllers) add(input, c, label, path);
    for (const p of e.pods) add(input, p, label, podPath);
    expanded.push(`${label}: ${e.description}`);
    return;
  }
  const k = typeof kind === "string" ? kind : String(kind);
  input.ignoredPodKinds.set(k, (input.ignoredPodKinds.get(k) ?? 0) + 1);
}

function addCopies(
  input: ClusterInput,
  pod: Obj,
  meta: Obj,
  label: string,
  path: string,
  count: number | undefined,
  fromTemplate: boolean,
): void {
  const name = meta["name"];
  const generateName = meta["generateName"];
  // A bare Pod without --replicas keeps its name; copies are numbered as a StatefulSet numbers its pods.
  const suffixed = count !== undefined || fromTemplate;
  const n = count ?? 1;
  // Every expansion, not only --replicas: spec.replicas: 2000000000 ran the heap out after a minute.
  if (n > MAX_REPLICAS) {
    const field = fromTemplate ? path.replace(/template$/, "replicas") : "--replicas";
    throw new SchedkitError(`${label}: ${field}`, n, `is more than ${MAX_REPLICAS} pods per workload (the limit)`);
  }
  for (let i = 0; i < n; i++) {
    let podName = name;
    if (typeof name === "string" && name !== "") {
      if (suffixed) podName = `${name}-${i}`;
    } else if (typeof generateName === "string" && generateName !== "") podName = `${generateName}${i}`;
    const copy = podName === name ? pod : { ...pod, metadata: { ...meta, name: podName } };
    add(input, copy, label, path);
  }
}

/**
 * Rewrites a library error about createCluster's input so it names the file and the path inside the
 * document: `[4].items[2].spec...` becomes `cluster.yaml (document 2): items[2].spec...`.
 */
/** A library path (`[3].spec.nodeName`) as the file and field it came from, as locateError words it. */
/** The input entry of a Node (by name) or Pod (by "namespace/name") of the cluster, if one object is it. */
export function findObject(input: ClusterInput, kind: "Node" | "Pod", key: string): Entry | undefined {
  return input.entries.find((e) => {
    if (!isObj(e.value) || (e.value["kind"] ?? "Pod") !== kind || !isObj(e.value["metadata"])) return false;
    const meta = e.value["metadata"];
    const name = typeof meta["name"] === "string" ? meta["name"] : "";
    if (kind === "Node") return name === key;
    const ns = typeof meta["namespace"] === "string" && meta["namespace"] !== "" ? meta["namespace"] : "default";
    return `${ns}/${name}` === key;
  });
}

export function locatePath(path: string, input: ClusterInput): string {
  const m = /^\[(\d+)\]/.exec(path);
  const e = m === null ? undefined : input.entries[Number(m[1])];
  if (m === null || e === undefined) return path;
  const rest = path.slice(m[0].length);
  const joined = e.prefix === "" ? rest.replace(/^\./, "") : `${e.prefix}${rest}`;
  return joined === "" ? e.label : `${e.label}: ${joined}`;
}

export function locateError(err: SchedkitError, input: ClusterInput): string {
  // The other place a duplicate was seen, "(also [0].items[3])", is named the same way.
  const message = err.message.replace(/\(also (\[\d+\][^)]*)\)/, (whole, ref: string) => {
    const at = locate(ref, input);
    return at === null ? whole : `(also ${at})`;
  });
  const m = /^\[(\d+)\]/.exec(err.path);
  if (m === null || !message.startsWith(err.path)) return message;
  return locate(message, input) ?? message;
}

// `[k]<rest>` (a path into createCluster's input, maybe followed by the message) as `<file label>: <path in the document><rest>`.
function locate(text: string, input: ClusterInput): string | null {
  const m = /^\[(\d+)\]/.exec(text);
  if (m === null) return null;
  const e = input.entries[Number(m[1])];
  if (e === undefined) return null;
  // The document-relative remainder; a template's pod path `.spec...` is `spec.template.spec...` in the file.
  const rest = text.slice(m[0].length);
  const joined = e.prefix === "" ? rest.replace(/^\./, "") : `${e.prefix}${rest}`;
  return joined === "" || joined.startsWith(":") ? `${e.label}${joined}` : `${e.label}: ${joined}`;
}
