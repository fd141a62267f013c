// Importers for the public cluster traces people cite, by their column layouts:
//  - Alibaba cluster-trace-v2018 (github.com/alibaba/clusterdata, cluster-trace-v2018/schema.md):
//    batch_instance.csv, batch_task.csv (for plan_cpu / plan_mem) and container_meta.csv, headerless;
//  - Google cluster-usage traces v3 / clusterdata-2019 (github.com/google/cluster-data,
//    clusterdata_trace_format_v3.proto InstanceEvent), instance_events flattened to CSV with a header.
// Each produces a Workload (times rebased so the first arrival is at 0 s).
import { SchedkitError } from "../errors.js";
import { parseQuantity } from "../quantity.js";
import { parseCsv } from "./csv.js";
import type { Workload } from "./types.js";
import { WorkloadBuilder } from "./workload.js";

/** What the importers need to turn normalized trace units into Kubernetes quantities. */
export interface TraceImportOptions {
  /** Memory of one machine: the traces normalize memory to it (Alibaba: [0, 100]; Google: [0, 1]). Default "64Gi". */
  readonly machineMemory?: string;
  /** Google only: CPUs of the largest machine (NCUs are normalized to it). Default "64". */
  readonly machineCpu?: string;
  /** Namespace of the imported pods. Default "default". */
  readonly namespace?: string;
}

/** Counts of rows an importer used and why it skipped the others. */
export interface TraceImport {
  readonly workload: Workload;
  readonly rows: number;
  readonly pods: number;
  readonly skipped: Readonly<Record<string, number>>;
}

function bytesOf(q: string, path: string): number {
  const v = Number(parseQuantity(q, path).value());
  if (!Number.isSafeInteger(v) || v <= 0) throw new SchedkitError(path, q, "is not a positive amount of memory");
  return v;
}

function milliOf(q: string, path: string): number {
  const v = Number(parseQuantity(q, path).milliValue());
  if (!Number.isSafeInteger(v) || v <= 0) throw new SchedkitError(path, q, "is not a positive number of CPUs");
  return v;
}

function num(cell: string | undefined, path: string): number {
  const v = cell === undefined || cell === "" ? NaN : Number(cell);
  if (!Number.isFinite(v)) throw new SchedkitError(path, cell ?? "", "is not a number");
  return v;
}

/** ⌈v⌉ after dropping float noise beyond 12 significant digits (80.2 × 10 is 802, not 802.0000000000001). */
function ceilUnit(v: number): number {
  return Math.ceil(Number(v.toPrecision(12)));
}

function skip(skipped: Record<string, number>, why: string): void {
  skipped[why] = (skipped[why] ?? 0) + 1;
}

/** A name part as a DNS label: lowercase, [a-z0-9-], at most 40 characters. */
function label(s: string): string {
  const t = s.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
  return t === "" ? "x" : t;
}

const BATCH_INSTANCE_COLUMNS = 14;
const BATCH_TASK_COLUMNS = 9;

/**
 * Alibaba v2018 `batch_instance.csv` (instance_name, task_name, job_name, task_type, status, start_time,
 * end_time, machine_id, seq_no, total_seq_no, cpu_avg, cpu_max, mem_avg, mem_max): one pod per Terminated
 * instance with start_time < end_time, arriving at start_time and running end_time − start_time seconds,
 * owned by its job. Requests are the task's plan_cpu / plan_mem from `batchTask` (`batch_task.csv`) when given,
 * else the instance's cpu_max / mem_max; CPU 100 = 1 core (rounded up to whole millicores), memory normalized to
 * `machineMemory` ([0, 100], rounded up to whole bytes).
 */
export function importAlibabaBatchInstances(batchInstance: string, options: TraceImportOptions & { readonly batchTask?: string } = {}): TraceImport {
  const memUnit = bytesOf(options.machineMemory ?? "64Gi", "machineMemory") / 100;
  const ns = options.namespace ?? "default";
  const plans = new Map<string, { cpu: number; mem: number }>();
  if (options.batchTask !== undefined) {
    parseCsv(options.batchTask, "batch_task.csv").forEach((c, i) => {
      const p = `batch_task.csv:${i + 1}`;
      if (c.length === 1 && c[0] === "") return;
      if (c.length !== BATCH_TASK_COLUMNS) throw new SchedkitError(p, c.length, `columns where batch_task has ${BATCH_TASK_COLUMNS}`);
      if (c[7] === "" || c[8] === "") return;
      plans.set(`${c[2]}/${c[0]}`, { cpu: num(c[7], `${p} plan_cpu`), mem: num(c[8], `${p} plan_mem`) });
    });
  }
  const rows = parseCsv(batchInstance, "batch_instance.csv");
  const skipped: Record<string, number> = {};
  const kept: { at: number; end: number; job: string; name: string; cpu: number; mem: number }[] = [];
  rows.forEach((c, i) => {
    const p = `batch_instance.csv:${i + 1}`;
    if (c.length === 1 && c[0] === "") return;
    if (c.length !== BATCH_INSTANCE_COLUMNS) throw new SchedkitError(p, c.length, `columns where batch_instance has ${BATCH_INSTANCE_COLUMNS}`);
    if (c[4] !== "Terminated") return skip(skipped, `status ${c[4]}`);
    const start = num(c[5], `${p} start_time`);
    const end = num(c[6], `${p} end_time`);
    if (!(start > 0 && end > start)) return skip(skipped, "no start_time < end_time");
    const plan = plans.get(`${c[2]}/${c[1]}`);
    const cpu = plan?.cpu ?? num(c[11], `${p} cpu_max`);
    const mem = plan?.mem ?? num(c[13], `${p} mem_max`);
    if (!(cpu > 0) || !(mem > 0)) return skip(skipped, "no cpu or memory request");
    kept.push({ at: start, end, job: c[2]!, name: `${label(c[2]!)}-${label(c[0]!)}`, cpu, mem });
  });
  const b = new WorkloadBuilder();
  const t0 = kept.reduce((m, r) => Math.min(m, r.at), Infinity);
  for (const r of kept) {
    const shape = b.shape({ namespace: ns, cpu: `${ceilUnit(r.cpu * 10)}m`, memory: String(ceilUnit(r.mem * memUnit)), labels: { "trace/kind": "batch" } }, "batch_instance.csv", "batch");
    b.arrivals.push({ at: r.at - t0, shape, duration: r.end - r.at, name: r.name, owner: r.job });
  }
  return { workload: b.build(), rows: rows.length, pods: kept.length, skipped };
}

const CONTAINER_META_COLUMNS = 8;

/**
 * Alibaba v2018 `container_meta.csv` (container_id, machine_id, time_stamp, app_du, status, cpu_request,
 * cpu_limit, mem_size): one long-running pod per container, arriving at its first row's time_stamp, labelled
 * and owned by its app_du (deploy unit); cpu_request / cpu_limit 100 = 1 core, mem_size normalized to
 * `machineMemory` ([0, 100]).
 */
export function importAlibabaContainerMeta(containerMeta: string, options: TraceImportOptions = {}): TraceImport {
  const memUnit = bytesOf(options.machineMemory ?? "64Gi", "machineMemory") / 100;
  const ns = options.namespace ?? "default";
  const rows = parseCsv(containerMeta, "container_meta.csv");
  const skipped: Record<string, number> = {};
  const first = new Map<string, { at: number; app: string; cpu: number; limit: number; mem: number }>();
  rows.forEach((c, i) => {
    const p = `container_meta.csv:${i + 1}`;
    if (c.length === 1 && c[0] === "") return;
    if (c.length !== CONTAINER_META_COLUMNS) throw new SchedkitError(p, c.length, `columns where container_meta has ${CONTAINER_META_COLUMNS}`);
    const at = num(c[2], `${p} time_stamp`);
    const prev = first.get(c[0]!);
    if (prev !== undefined && prev.at <= at) return skip(skipped, "later row of a container");
    if (prev !== undefined) skip(skipped, "later row of a container");
    const cpu = num(c[5], `${p} cpu_request`);
    const limit = c[6] === "" ? 0 : num(c[6], `${p} cpu_limit`);
    const mem = num(c[7], `${p} mem_size`);
    first.set(c[0]!, { at, app: c[3]!, cpu, limit, mem });
  });
  const b = new WorkloadBuilder();
  const all = [...first].sort((x, y) => x[1].at - y[1].at || (x[0] < y[0] ? -1 : 1));
  const t0 = all.length === 0 ? 0 : all[0]![1].at;
  let pods = 0;
  for (const [id, r] of all) {
    if (!(r.cpu > 0) || !(r.mem > 0)) {
      skip(skipped, "no cpu or memory request");
      continue;
    }
    const row: Record<string, unknown> = { namespace: ns, cpu: `${ceilUnit(r.cpu * 10)}m`, memory: String(ceilUnit(r.mem * memUnit)), labels: { app_du: label(r.app) } };
    if (r.limit > 0) row["limits"] = { cpu: `${ceilUnit(r.limit * 10)}m` };
    const shape = b.shape(row, "container_meta.csv", "container");
    b.arrivals.push({ at: r.at - t0, shape, duration: null, name: label(id), owner: r.app });
    pods++;
  }
  return { workload: b.build(), rows: rows.length, pods, skipped };
}

const GOOGLE_EVENT_TYPES = ["SUBMIT", "QUEUE", "ENABLE", "SCHEDULE", "EVICT", "FAIL", "FINISH", "KILL", "LOST", "UPDATE_PENDING", "UPDATE_RUNNING"] as const;
const GOOGLE_COLUMNS = ["time", "type", "collection_id", "priority", "instance_index", "resource_request.cpus", "resource_request.memory"] as const;

/**
 * Google clusterdata-2019 `instance_events` as CSV with a header naming at least time, type, collection_id,
 * priority, instance_index, resource_request.cpus and resource_request.memory (BigQuery's flattened export;
 * other columns are ignored). Per instance (collection_id, instance_index): it arrives at its first SUBMIT,
 * and, when it was SCHEDULEd and later ended (EVICT, FAIL, FINISH, KILL or LOST), runs for end − schedule;
 * never ending in the trace, it runs until the simulation's end; ending without being scheduled, it is
 * skipped. Requests are NCUs × `machineCpu` and normalized memory × `machineMemory`; time is in microseconds;
 * `type` is the EventType number or name. Alloc-set instances (collection_type 1) are skipped.
 */
export function importGoogleInstanceEvents(instanceEvents: string, options: TraceImportOptions = {}): TraceImport {
  const memBytes = bytesOf(options.machineMemory ?? "64Gi", "machineMemory");
  const cpuMilli = milliOf(options.machineCpu ?? "64", "machineCpu");
  const ns = options.namespace ?? "default";
  const rows = parseCsv(instanceEvents, "instance_events.csv");
  const header = rows[0] ?? [];
  const col = new Map(header.map((h, i) => [h, i]));
  for (const c of GOOGLE_COLUMNS) if (!col.has(c)) throw new SchedkitError("instance_events.csv:1", header.join(","), `has no column ${c}`);
  const ct = col.get("collection_type");
  const skipped: Record<string, number> = {};
  type Inst = { submit: number; schedule: number; end: number; priority: number; cpu: number; mem: number; collection: string; index: string };
  const inst = new Map<string, Inst>();
  for (let r = 1; r < rows.length; r++) {
    const c = rows[r]!;
    const p = `instance_events.csv:${r + 1}`;
    if (c.length === 1 && c[0] === "") continue;
    if (c.length !== header.length) throw new SchedkitError(p, c.length, `cells where the header has ${header.length}`);
    const get = (name: string) => c[col.get(name)!]!;
    if (ct !== undefined && (c[ct] === "1" || c[ct] === "ALLOC_SET")) {
      skip(skipped, "alloc set instance event");
      continue;
    }
    const typeCell = get("type");
    const type = /^\d+$/.test(typeCell) ? Number(typeCell) : GOOGLE_EVENT_TYPES.indexOf(typeCell as (typeof GOOGLE_EVENT_TYPES)[number]);
    if (!(type >= 0 && type < GOOGLE_EVENT_TYPES.length)) throw new SchedkitError(`${p} type`, typeCell, "is not an instance EventType (0..10 or its name)");
    const time = num(get("time"), `${p} time`);
    const key = `${get("collection_id")}/${get("instance_index")}`;
    let it = inst.get(key);
    if (it === undefined) {
      it = { submit: -1, schedule: -1, end: -1, priority: 0, cpu: 0, mem: 0, collection: get("collection_id"), index: get("instance_index") };
      inst.set(key, it);
    }
    const name = GOOGLE_EVENT_TYPES[type]!;
    if (name === "SUBMIT" && it.submit < 0) {
      it.submit = time;
      it.priority = num(get("priority"), `${p} priority`);
      const cpus = get("resource_request.cpus");
      const mem = get("resource_request.memory");
      it.cpu = cpus === "" ? 0 : num(cpus, `${p} resource_request.cpus`);
      it.mem = mem === "" ? 0 : num(mem, `${p} resource_request.memory`);
    } else if (name === "SCHEDULE" && it.schedule < 0) it.schedule = time;
    else if ((name === "EVICT" || name === "FAIL" || name === "FINISH" || name === "KILL" || name === "LOST") && it.end < 0) it.end = time;
  }
  const b = new WorkloadBuilder();
  const all = [...inst.values()].filter((i) => {
    if (i.submit < 0) return skip(skipped, "no SUBMIT event"), false;
    if (i.end >= 0 && (i.schedule < 0 || i.end < i.schedule)) return skip(skipped, "ended before it was scheduled"), false;
    if (!(i.cpu > 0) || !(i.mem > 0)) return skip(skipped, "no cpu or memory request"), false;
    return true;
  });
  const t0 = all.reduce((m, i) => Math.min(m, i.submit), Infinity);
  for (const i of all) {
    if (!Number.isInteger(i.priority) || i.priority < 0 || i.priority > 1_000_000_000) throw new SchedkitError(`instance ${i.collection}/${i.index} priority`, i.priority, "is not a priority 0..1000000000");
    const shape = b.shape({ namespace: ns, cpu: `${ceilUnit(i.cpu * cpuMilli)}m`, memory: String(ceilUnit(i.mem * memBytes)), priority: i.priority }, "instance_events.csv", "task");
    const duration = i.end >= 0 ? (i.end - i.schedule) / 1e6 : null;
    b.arrivals.push({ at: (i.submit - t0) / 1e6, shape, duration, name: `c${label(i.collection)}-${label(i.index)}`, owner: i.collection });
  }
  return { workload: b.build(), rows: rows.length, pods: all.length, skipped };
}
