// The workload format: rows a person writes by hand (JSON, YAML parsed by the caller, or CSV) and that trace
// importers and the generator produce. Everything is validated here, with errors naming the row's field.
import { SchedkitError } from "../errors.js";
import { asObject, child, field, index, isObject } from "../model/json.js";
import { nodeFromKube, podFromKube } from "../model/kube.js";
import { parseQuantity } from "../quantity.js";
import { parseCsv } from "./csv.js";
import type { DeploymentSpec, HpaSpec, NodeAction, NodeEvent, PodArrival, PodShape, Workload } from "./types.js";

/** Largest time (seconds) a workload may use: a year, so millisecond arithmetic stays exact. */
export const MAX_SIMULATED_SECONDS = 366 * 86400;

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** A time or duration in seconds: a number, or a string of number+unit parts ("90s", "1h30m", "250ms", "2d"). */
export function parseSeconds(v: unknown, path: string): number {
  let s: number;
  if (typeof v === "number") s = v;
  else if (typeof v === "string") {
    const parts = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/.test(v) ? [...v.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)] : null;
    if (parts === null) throw new SchedkitError(path, v, 'is not a number of seconds or a duration such as "90s", "1h30m", "250ms"');
    s = 0;
    for (const [, n, u] of parts) s += Number(n) * DURATION_UNITS[u!]!;
  } else throw new SchedkitError(path, v, "is not a number of seconds or a duration string");
  if (!Number.isFinite(s) || s < 0 || s > MAX_SIMULATED_SECONDS) throw new SchedkitError(path, v, `is not a time in [0, ${MAX_SIMULATED_SECONDS}] seconds`);
  return s;
}

function integerIn(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) throw new SchedkitError(path, v, `is not an integer ${min}..${max}`);
  return v;
}

function quantityText(v: unknown, path: string): string {
  const text = typeof v === "number" && Number.isFinite(v) ? String(v) : v;
  if (typeof text !== "string") throw new SchedkitError(path, v, "is not a Kubernetes quantity");
  parseQuantity(text, path);
  return text;
}

const SHAPE_KEYS = new Set(["cpu", "memory", "limits", "priority", "labels", "namespace", "spec", "template"]);

/**
 * Builds shapes and arrivals, sharing one shape between rows with the same pod template. The importers and
 * the generator use it too, so every workload is validated the same way.
 */
export class WorkloadBuilder {
  readonly shapes: PodShape[] = [];
  readonly arrivals: PodArrival[] = [];
  readonly deployments: DeploymentSpec[] = [];
  readonly nodeEvents: NodeEvent[] = [];
  private readonly byKey = new Map<string, number>();

  /**
   * The shape of a row: either `template` (a v1.Pod or a PodTemplateSpec `{ metadata, spec }`), or the shape
   * fields `cpu`, `memory`, `limits: { cpu, memory }`, `priority`, `labels`, `namespace` and `spec` (more
   * PodSpec fields: nodeSelector, tolerations, affinity, topologySpreadConstraints, ...).
   */
  shape(row: Readonly<Record<string, unknown>>, path: string, baseName: string): number {
    let obj: Record<string, unknown>;
    let objPath: string;
    const template = field(row, "template");
    if (template !== undefined) {
      for (const k of ["cpu", "memory", "limits", "priority", "labels", "spec"]) {
        if (field(row, k) !== undefined) throw new SchedkitError(child(path, k), field(row, k), "cannot be combined with template (set it in the template)");
      }
      const t = asObject(template, child(path, "template"));
      const meta = isObject(field(t, "metadata")) ? (field(t, "metadata") as Record<string, unknown>) : {};
      obj = { apiVersion: "v1", kind: "Pod", ...t, metadata: { ...meta, name: baseName } };
      objPath = child(path, "template");
    } else {
      const spec = field(row, "spec") === undefined ? {} : { ...asObject(field(row, "spec"), child(path, "spec")) };
      const requests: Record<string, string> = {};
      const limits: Record<string, string> = {};
      if (field(row, "cpu") !== undefined) requests["cpu"] = quantityText(field(row, "cpu"), child(path, "cpu"));
      if (field(row, "memory") !== undefined) requests["memory"] = quantityText(field(row, "memory"), child(path, "memory"));
      const lim = field(row, "limits");
      if (lim !== undefined) {
        const lo = asObject(lim, child(path, "limits"));
        for (const [k, v] of Object.entries(lo)) limits[k] = quantityText(v, child(child(path, "limits"), k));
      }
      if (spec["containers"] !== undefined) {
        if (Object.keys(requests).length + Object.keys(limits).length > 0) {
          throw new SchedkitError(child(path, "spec.containers"), spec["containers"], "cannot be combined with cpu, memory or limits (set requests in the containers)");
        }
      } else {
        const resources: Record<string, unknown> = { requests };
        if (Object.keys(limits).length > 0) resources["limits"] = limits;
        spec["containers"] = [{ name: "main", image: "registry.k8s.io/pause:3.10", resources }];
      }
      if (field(row, "priority") !== undefined) spec["priority"] = integerIn(field(row, "priority"), child(path, "priority"), -2147483648, 1000000000);
      const metadata: Record<string, unknown> = { name: baseName };
      if (field(row, "labels") !== undefined) metadata["labels"] = field(row, "labels");
      if (field(row, "namespace") !== undefined) metadata["namespace"] = field(row, "namespace");
      obj = { apiVersion: "v1", kind: "Pod", metadata, spec };
      // podFromKube names the synthesized object's fields; row-level names are the same below metadata/spec.
      objPath = path;
    }
    const key = JSON.stringify(obj, (k, v: unknown) => (k === "name" && typeof v === "string" && v === baseName ? undefined : v));
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const pod = podFromKube(obj, objPath);
    if (pod.nodeName !== "") throw new SchedkitError(child(objPath, "spec.nodeName"), pod.nodeName, "is set: workload pods arrive unscheduled");
    this.shapes.push({ name: baseName, pod });
    this.byKey.set(key, this.shapes.length - 1);
    return this.shapes.length - 1;
  }

  /** Validated workload; `end` defaults to the last time anything happens. */
  build(end?: number): Workload {
    this.arrivals.sort((a, b) => a.at - b.at);
    let last = 0;
    this.arrivals.forEach((a, i) => {
      if (!(a.at >= 0 && a.at <= MAX_SIMULATED_SECONDS)) throw new SchedkitError(`arrivals[${i}].at`, a.at, `is not a time in [0, ${MAX_SIMULATED_SECONDS}] seconds`);
      if (a.duration !== null && !(a.duration >= 0 && a.duration <= MAX_SIMULATED_SECONDS)) throw new SchedkitError(`arrivals[${i}].duration`, a.duration, `is not a duration in [0, ${MAX_SIMULATED_SECONDS}] seconds`);
      last = Math.max(last, a.at);
    });
    for (const e of this.nodeEvents) last = Math.max(last, e.at);
    for (const d of this.deployments) {
      last = Math.max(last, d.at);
      for (const s of d.hpa?.demand ?? []) last = Math.max(last, s.at);
    }
    this.nodeEvents.sort((a, b) => a.at - b.at);
    return Object.freeze({
      shapes: this.shapes,
      arrivals: this.arrivals,
      arrivalCount: this.arrivals.length,
      deployments: this.deployments,
      nodeEvents: this.nodeEvents,
      end: end ?? last,
    });
  }
}

const POD_KEYS = new Set([...SHAPE_KEYS, "at", "name", "count", "every", "duration", "owner"]);
const DEPLOYMENT_KEYS = new Set([...SHAPE_KEYS, "at", "name", "replicas", "hpa"]);

function checkKeys(row: Readonly<Record<string, unknown>>, allowed: ReadonlySet<string>, path: string): void {
  for (const k of Object.keys(row)) if (!allowed.has(k)) throw new SchedkitError(child(path, k), row[k], `is not a field of this row (fields: ${[...allowed].join(", ")})`);
}

function optName(row: Readonly<Record<string, unknown>>, path: string): string | undefined {
  const v = field(row, "name");
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !/^[a-z0-9]([-a-z0-9.]{0,200}[a-z0-9])?$/.test(v)) throw new SchedkitError(child(path, "name"), v, "is not a valid object name (lowercase letters, digits, '-', '.')");
  return v;
}

function addPodRow(b: WorkloadBuilder, row: Readonly<Record<string, unknown>>, path: string): void {
  checkKeys(row, POD_KEYS, path);
  const at = parseSeconds(field(row, "at") ?? 0, child(path, "at"));
  const name = optName(row, path);
  const count = field(row, "count") === undefined ? 1 : integerIn(field(row, "count"), child(path, "count"), 1, 10_000_000);
  const every = field(row, "every") === undefined ? 0 : parseSeconds(field(row, "every"), child(path, "every"));
  const d = field(row, "duration");
  const duration = d === undefined || d === null ? null : parseSeconds(d, child(path, "duration"));
  const owner = field(row, "owner");
  if (owner !== undefined && typeof owner !== "string") throw new SchedkitError(child(path, "owner"), owner, "is not a string");
  const shape = b.shape(row, path, name ?? "pod");
  if (at + every * (count - 1) > MAX_SIMULATED_SECONDS) throw new SchedkitError(child(path, "count"), count, `makes arrivals run past ${MAX_SIMULATED_SECONDS} s`);
  for (let i = 0; i < count; i++) {
    const a: { -readonly [K in keyof PodArrival]: PodArrival[K] } = { at: at + every * i, shape, duration };
    if (name !== undefined) a.name = count === 1 ? name : `${name}-${i}`;
    if (owner !== undefined) a.owner = owner;
    b.arrivals.push(a);
  }
}

function parseHpa(v: unknown, path: string, replicas: number): HpaSpec {
  const o = asObject(v, path);
  checkKeys(o, new Set(["minReplicas", "maxReplicas", "targetCPUUtilizationPercentage", "syncPeriodSeconds", "demand"]), path);
  const minReplicas = field(o, "minReplicas") === undefined ? 1 : integerIn(field(o, "minReplicas"), child(path, "minReplicas"), 1, 1_000_000);
  const maxReplicas = integerIn(field(o, "maxReplicas"), child(path, "maxReplicas"), minReplicas, 1_000_000);
  if (replicas < minReplicas || replicas > maxReplicas) throw new SchedkitError(path.replace(/\.hpa$/, ".replicas"), replicas, `is outside the HPA's [${minReplicas}, ${maxReplicas}]`);
  const target = integerIn(field(o, "targetCPUUtilizationPercentage"), child(path, "targetCPUUtilizationPercentage"), 1, 1000);
  const sync = field(o, "syncPeriodSeconds") === undefined ? 15 : integerIn(field(o, "syncPeriodSeconds"), child(path, "syncPeriodSeconds"), 1, 86400);
  const dp = child(path, "demand");
  const raw = field(o, "demand");
  if (!Array.isArray(raw) || raw.length === 0) throw new SchedkitError(dp, raw, "is not a non-empty array of { at, cpu }");
  let prev = -1;
  const demand = raw.map((s: unknown, i: number) => {
    const sp = index(dp, i);
    const so = asObject(s, sp);
    checkKeys(so, new Set(["at", "cpu"]), sp);
    const at = parseSeconds(field(so, "at"), child(sp, "at"));
    if (at < prev) throw new SchedkitError(child(sp, "at"), field(so, "at"), "is earlier than the step before it");
    prev = at;
    const q = parseQuantity(quantityText(field(so, "cpu"), child(sp, "cpu")), child(sp, "cpu"));
    const milli = Number(q.milliValue());
    if (!Number.isSafeInteger(milli) || milli < 0) throw new SchedkitError(child(sp, "cpu"), field(so, "cpu"), "is not a CPU amount in [0, 2^53) millicores");
    return { at, milliCPU: milli };
  });
  return { minReplicas, maxReplicas, targetCPUUtilizationPercentage: target, syncPeriodSeconds: sync, demand };
}

function addDeploymentRow(b: WorkloadBuilder, row: Readonly<Record<string, unknown>>, path: string, names: Set<string>): void {
  checkKeys(row, DEPLOYMENT_KEYS, path);
  const name = optName(row, path);
  if (name === undefined) throw new SchedkitError(child(path, "name"), undefined, "is required for a deployment");
  const ns = typeof field(row, "namespace") === "string" ? (field(row, "namespace") as string) : "default";
  if (names.has(`${ns}/${name}`)) throw new SchedkitError(child(path, "name"), name, "is a duplicate deployment name");
  names.add(`${ns}/${name}`);
  const replicas = integerIn(field(row, "replicas"), child(path, "replicas"), 0, 1_000_000);
  const at = parseSeconds(field(row, "at") ?? 0, child(path, "at"));
  const shapeRow = field(row, "labels") === undefined && field(row, "template") === undefined ? { ...row, labels: { app: name } } : row;
  const shape = b.shape(shapeRow, path, name);
  const hpa = field(row, "hpa") === undefined ? null : parseHpa(field(row, "hpa"), child(path, "hpa"), replicas);
  b.deployments.push({ name, namespace: ns, shape, replicas, at, hpa });
}

const ACTIONS: readonly NodeAction[] = ["add", "cordon", "uncordon", "drain", "remove"];

function addNodeEventRow(b: WorkloadBuilder, row: Readonly<Record<string, unknown>>, path: string): void {
  checkKeys(row, new Set(["at", "action", "node"]), path);
  const at = parseSeconds(field(row, "at"), child(path, "at"));
  const action = field(row, "action");
  if (!ACTIONS.includes(action as NodeAction)) throw new SchedkitError(child(path, "action"), action, `is not one of ${ACTIONS.join(", ")}`);
  const node = field(row, "node");
  if (action === "add") {
    const n = nodeFromKube(node, child(path, "node"));
    b.nodeEvents.push({ at, action, node: n.name, add: n });
  } else {
    if (typeof node !== "string" || node === "") throw new SchedkitError(child(path, "node"), node, "is not a node name");
    b.nodeEvents.push({ at, action: action as NodeAction, node });
  }
}

/**
 * Validates a workload object (JSON, or YAML parsed by the caller):
 * `{ pods: [...], deployments: [...], nodeEvents: [...], end? }`. Each pod row: `at` (seconds or "90s"),
 * optional `name`, `count` and `every` (repeat), `duration` (seconds once bound; absent or null = until the
 * end), `owner`, and a shape (see WorkloadBuilder.shape). Errors name the row's field:
 * `workload.pods[3].cpu: "12x" is not a Kubernetes quantity`.
 */
export function parseWorkload(input: unknown, path = "workload"): Workload {
  if (isWorkload(input)) return input;
  const o = asObject(input, path);
  checkKeys(o, new Set(["pods", "deployments", "nodeEvents", "end"]), path);
  const b = new WorkloadBuilder();
  const rows = (key: string): readonly unknown[] => {
    const v = field(o, key);
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw new SchedkitError(child(path, key), v, "is not an array");
    return v;
  };
  rows("pods").forEach((r, i) => addPodRow(b, asObject(r, index(child(path, "pods"), i)), index(child(path, "pods"), i)));
  const names = new Set<string>();
  rows("deployments").forEach((r, i) => addDeploymentRow(b, asObject(r, index(child(path, "deployments"), i)), index(child(path, "deployments"), i), names));
  rows("nodeEvents").forEach((r, i) => addNodeEventRow(b, asObject(r, index(child(path, "nodeEvents"), i)), index(child(path, "nodeEvents"), i)));
  const end = field(o, "end") === undefined ? undefined : parseSeconds(field(o, "end"), child(path, "end"));
  return b.build(end);
}

const CSV_COLUMNS = ["at", "name", "namespace", "count", "every", "duration", "cpu", "memory", "cpu_limit", "memory_limit", "priority", "owner", "labels"] as const;

/**
 * A workload from CSV text: a header row naming any of the columns at, name, namespace, count, every, duration,
 * cpu, memory, cpu_limit, memory_limit, priority, owner, labels (`k=v;k2=v2`); one pod row per line. Empty
 * cells are absent fields. Errors name the line and column: `workload.csv:4 cpu: "12x" is not a Kubernetes quantity`.
 */
export function parseWorkloadCsv(text: string, path = "workload.csv"): Workload {
  const table = parseCsv(text, path);
  const header = table[0];
  if (header === undefined) throw new SchedkitError(path, text, "is empty (expected a header row)");
  header.forEach((h, i) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(h)) throw new SchedkitError(`${path}:1 column ${i + 1}`, h, `is not a workload column (${CSV_COLUMNS.join(", ")})`);
  });
  const b = new WorkloadBuilder();
  for (let r = 1; r < table.length; r++) {
    const cells = table[r]!;
    const line = `${path}:${r + 1}`;
    if (cells.length === 1 && cells[0] === "") continue;
    if (cells.length !== header.length) throw new SchedkitError(line, cells.length, `cells where the header has ${header.length}`);
    const row: Record<string, unknown> = {};
    const limits: Record<string, string> = {};
    header.forEach((h, i) => {
      const v = cells[i]!;
      if (v === "") return;
      const cp = `${line} ${h}`;
      switch (h) {
        case "count":
        case "priority": {
          const n = Number(v);
          if (!/^-?\d+$/.test(v)) throw new SchedkitError(cp, v, "is not an integer");
          row[h] = n;
          break;
        }
        case "at":
        case "every":
        case "duration":
          row[h] = /^\d+(\.\d+)?$/.test(v) ? Number(v) : v;
          break;
        case "cpu_limit":
          limits["cpu"] = quantityText(v, cp);
          break;
        case "memory_limit":
          limits["memory"] = quantityText(v, cp);
          break;
        case "labels": {
          const labels: Record<string, string> = {};
          for (const kv of v.split(";")) {
            const eq = kv.indexOf("=");
            if (eq <= 0) throw new SchedkitError(cp, v, "is not k=v pairs separated by ';'");
            labels[kv.slice(0, eq)] = kv.slice(eq + 1);
          }
          row["labels"] = labels;
          break;
        }
        case "cpu":
        case "memory":
          row[h] = quantityText(v, cp);
          break;
        default:
          row[h] = v;
      }
    });
    if (Object.keys(limits).length > 0) row["limits"] = limits;
    addPodRow(b, row, line);
  }
  return b.build();
}

/** True for a workload already validated (parseWorkload, an importer, the generator). */
function isWorkload(v: unknown): v is Workload {
  return isObject(v) && Array.isArray(field(v, "shapes")) && typeof field(v, "arrivalCount") === "number" && typeof field(v, "end") === "number";
}
