// The resource view of a v1.Pod in the shape inventories nearly always have — cpu and memory written in the
// common quantity spellings (common-quantity.ts), valid names — read without field paths, Quantity objects or
// caches: what podResourceSpecFromKube(obj, path, CPU_MEMORY) returns for it (model/kube.ts), or null for
// anything else, which that parser then reads (and rejects, naming the field). Building a path string for
// every field of every pod was most of the layered report's parse (docs/performance.md, the layered section).
import { field, isObject, type JsonObject } from "../model/json.js";
import { labelNameProblem, objectNameProblem, type ContainerResources, type PodResourceSpec } from "../model/kube.js";
import { commonQuantityUnits } from "./common-quantity.js";
import { MAX_MILLI_CPU } from "./constants.js";
import { CPU_MEMORY, type CpuMemoryList } from "./cpu-memory.js";

const hasOwn = Object.prototype.hasOwnProperty;
const NONE: readonly never[] = Object.freeze([]);

// Names that passed labelNameProblem (namespaces, container names): inventories repeat a few of them.
const VALID_LABELS = new Set<string>();
const VALID_LABELS_MAX = 4096;

function validLabel(name: string): boolean {
  if (VALID_LABELS.has(name)) return true;
  if (labelNameProblem(name) !== "") return false;
  if (VALID_LABELS.size >= VALID_LABELS_MAX) VALID_LABELS.clear();
  VALID_LABELS.add(name);
  return true;
}

// A ResourceList of cpu and memory in common spellings, both whole and in the exact domain (CPU_MEMORY.read's
// result for it); null for any other entry or value.
function list(v: unknown): CpuMemoryList | null {
  if (v === undefined) return CPU_MEMORY.empty;
  if (!isObject(v)) return null;
  let cpu = 0;
  let memory = 0;
  let hasCpu = false;
  let hasMemory = false;
  // Object.keys order, own keys only: an inherited enumerable key is left to the full parser.
  for (const k in v) {
    if (!hasOwn.call(v, k)) return null;
    let units: number | undefined;
    if (k === "cpu") {
      units = commonQuantityUnits(v[k], -3, MAX_MILLI_CPU);
      cpu = units!;
      hasCpu = true;
    } else if (k === "memory") {
      units = commonQuantityUnits(v[k], 0, Number.MAX_SAFE_INTEGER);
      memory = units!;
      hasMemory = true;
    } else return null;
    // Not a common spelling, or not a whole number of units in the domain (NaN fails the comparison).
    if (!(units! >= 0)) return null;
  }
  if (!hasCpu && !hasMemory) return CPU_MEMORY.empty;
  return { cpu, memory, hasCpu, hasMemory, podLevel: true, exact: true };
}

function container(v: unknown): ContainerResources<CpuMemoryList> | null {
  if (!isObject(v)) return null;
  const name = field(v, "name");
  if (typeof name !== "string" || !validLabel(name)) return null;
  const restartPolicy = field(v, "restartPolicy");
  if (restartPolicy !== undefined && typeof restartPolicy !== "string") return null;
  const resources = field(v, "resources");
  let requests = CPU_MEMORY.empty;
  let limits = CPU_MEMORY.empty;
  if (resources !== undefined) {
    if (!isObject(resources)) return null;
    const l = list(field(resources, "limits"));
    const r = list(field(resources, "requests"));
    if (l === null || r === null) return null;
    limits = l;
    requests = CPU_MEMORY.defaulted(r, l);
  }
  return { name, requests, limits, restartPolicy: restartPolicy ?? null };
}

function containers(v: unknown): ContainerResources<CpuMemoryList>[] | null {
  if (!Array.isArray(v)) return null;
  const out: ContainerResources<CpuMemoryList>[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const c = container(v[i]);
    if (c === null) return null;
    out[i] = c;
  }
  return out;
}

/**
 * podResourceSpecFromKube(obj, path, CPU_MEMORY) for a pod in the common shape, or null: the full parser then
 * reads it. Never accepts what that parser rejects (kube.ts's own name checks decide names).
 */
export function leanResourceSpec(obj: unknown): PodResourceSpec<CpuMemoryList> | null {
  if (!isObject(obj)) return null;
  const kind = field(obj, "kind");
  if (kind !== undefined && kind !== "Pod") return null;
  const meta = field(obj, "metadata");
  if (!isObject(meta)) return null;
  const name = field(meta, "name");
  if (typeof name !== "string" || objectNameProblem(name) !== "") return null;
  const ns = field(meta, "namespace");
  if (ns !== undefined && (typeof ns !== "string" || (ns !== "" && !validLabel(ns)))) return null;
  const spec = field(obj, "spec");
  if (!isObject(spec)) return null;
  const initRaw = field(spec, "initContainers");
  const init = initRaw === undefined ? NONE : containers(initRaw);
  const app = containers(field(spec, "containers"));
  if (init === null || app === null || app.length === 0 || !uniqueNames(init, app)) return null;
  const overhead = list(field(spec, "overhead"));
  if (overhead === null) return null;
  const res = field(spec, "resources");
  let podResources: PodResourceSpec<CpuMemoryList>["podResources"] = null;
  if (res !== undefined) {
    if (!isObject(res)) return null;
    const requests = list(field(res as JsonObject, "requests"));
    const limits = list(field(res as JsonObject, "limits"));
    if (requests === null || limits === null) return null;
    podResources = { requests, limits };
  }
  return { name, namespace: ns === undefined || ns === "" ? "default" : ns, containers: app, initContainers: init, overhead, podResources };
}

// validation.go validateContainers: names unique across init containers and containers (pairwise, for the few
// containers a pod has; a longer list is left to the full parser).
function uniqueNames(init: readonly { readonly name: string }[], app: readonly { readonly name: string }[]): boolean {
  const n = init.length + app.length;
  if (n > 16) return false;
  for (let j = 1; j < n; j++) {
    const name = j < init.length ? init[j]!.name : app[j - init.length]!.name;
    for (let i = 0; i < j; i++) if ((i < init.length ? init[i]! : app[i - init.length]!).name === name) return false;
  }
  return true;
}
