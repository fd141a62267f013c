// The resource view of a v1.Pod in the shape inventories nearly always have — cpu and memory written in the
// common quantity spellings (common-quantity.ts), valid names — read without field paths, Quantity objects or
// caches: what podResourceSpecFromKube(obj, path, CPU_MEMORY) returns for it (model/kube.ts), or null for
// anything else, which that parser then reads (and rejects, naming the field). Building a path string for
// every field of every pod was most of the layered report's parse (docs/performance.md, the layered section).
// Fields are read as model/json.ts `field` reads them (own properties only, null as absent), each at its own
// site so that every read stays monomorphic over a fleet of like-shaped pods.
import { isObject } from "../model/json.js";
import { labelNameProblem, objectNameProblem, type ContainerResources, type PodResourceSpec } from "../model/kube.js";
import { commonQuantityUnits } from "./common-quantity.js";
import { MAX_MILLI_CPU } from "./constants.js";
import { CPU_MEMORY, type CpuMemoryList } from "./cpu-memory.js";

const hasOwn = Object.prototype.hasOwnProperty;
// An own property's value as model/json.ts `field` reads it: the plain load first, and the own-property test
// only for a value that is there (an absent field, the common case for most keys, costs no lookup twice).
const own = (o: object, v: unknown, key: string): unknown => (v === undefined || hasOwn.call(o, key) ? v : undefined);
const NONE: readonly never[] = Object.freeze([]);
// validation.go validateContainers needs names unique; more containers than this (init and app together) go
// to the full parser, whose check scales.
export const MAX_CONTAINERS = 16;

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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type List = Mutable<CpuMemoryList>;
type Container = Mutable<ContainerResources<CpuMemoryList>> & { limits: List; requests: List };

const newList = (): List => ({ cpu: 0, memory: 0, hasCpu: false, hasMemory: false, podLevel: false, exact: true });
const newContainer = (): Container => ({ name: "", requests: newList(), limits: newList(), restartPolicy: null });

// A ResourceList of cpu and memory in common spellings, both whole and in the exact domain, read into `into`
// (CPU_MEMORY.read's result for it; absent: CPU_MEMORY.empty's values); false for any other entry or value.
function readList(v: unknown, into: List): boolean {
  into.cpu = 0;
  into.memory = 0;
  into.hasCpu = false;
  into.hasMemory = false;
  into.podLevel = false;
  into.exact = true;
  if (v === undefined || v === null) return true;
  if (!isObject(v)) return false;
  // Object.keys order, own keys only: an inherited enumerable key is left to the full parser.
  for (const k in v) {
    if (!hasOwn.call(v, k)) return false;
    let units: number | undefined;
    if (k === "cpu") {
      units = commonQuantityUnits(v[k], -3, MAX_MILLI_CPU);
      into.cpu = units!;
      into.hasCpu = true;
    } else if (k === "memory") {
      units = commonQuantityUnits(v[k], 0, Number.MAX_SAFE_INTEGER);
      into.memory = units!;
      into.hasMemory = true;
    } else return false;
    // Not a common spelling, or not a whole number of units in the domain (NaN fails the comparison).
    if (!(units! >= 0)) return false;
  }
  into.podLevel = into.hasCpu || into.hasMemory;
  return true;
}

/**
 * Reads pods one after another into one reused PodResourceSpec: what a reader returns is valid until its next
 * read, so each pod costs no objects of its own.
 */
export class LeanPodReader {
  private readonly app: Container[] = [];
  private readonly init: Container[] = [];
  // The first n pooled containers as an array of length n, made once per n (pools only grow).
  private readonly appViews: Container[][] = [];
  private readonly initViews: Container[][] = [];
  private appView: Container[] = [];
  private initView: Container[] = [];
  private readonly overhead: List = newList();
  private readonly podRequests: List = newList();
  private readonly podLimits: List = newList();
  private readonly podLists = { requests: this.podRequests as CpuMemoryList, limits: this.podLimits as CpuMemoryList };
  private readonly spec: Mutable<PodResourceSpec<CpuMemoryList>> = {
    name: "",
    namespace: "",
    containers: NONE,
    initContainers: NONE,
    overhead: this.overhead,
    podResources: null,
  };

  /**
   * podResourceSpecFromKube(obj, path, CPU_MEMORY) for a pod in the common shape, or null: the full parser then
   * reads it. Never accepts what that parser rejects (kube.ts's own name checks decide names).
   */
  read(obj: unknown): PodResourceSpec<CpuMemoryList> | null {
    if (!isObject(obj)) return null;
    const o = obj as { readonly kind?: unknown; readonly metadata?: unknown; readonly spec?: unknown };
    const kind = own(o, o.kind, "kind");
    if (kind !== undefined && kind !== null && kind !== "Pod") return null;
    const meta = own(o, o.metadata, "metadata") as { readonly name?: unknown; readonly namespace?: unknown } | undefined;
    if (!isObject(meta)) return null;
    const name = own(meta, meta.name, "name");
    if (typeof name !== "string" || objectNameProblem(name) !== "") return null;
    const ns = own(meta, meta.namespace, "namespace");
    if (ns !== undefined && ns !== null && (typeof ns !== "string" || (ns !== "" && !validLabel(ns)))) return null;
    const spec = own(o, o.spec, "spec") as { readonly initContainers?: unknown; readonly containers?: unknown; readonly overhead?: unknown; readonly resources?: unknown } | undefined;
    if (!isObject(spec)) return null;
    const initRaw = own(spec, spec.initContainers, "initContainers");
    const init = initRaw === undefined || initRaw === null ? 0 : this.containers(initRaw, this.init);
    const app = this.containers(own(spec, spec.containers, "containers"), this.app);
    if (init > 0) this.initView = this.initViews[init] ??= this.init.slice(0, init);
    if (app > 0) this.appView = this.appViews[app] ??= this.app.slice(0, app);
    if (init < 0 || app < 1 || init + app > MAX_CONTAINERS || !this.uniqueNames(init, app)) return null;
    if (!readList(own(spec, spec.overhead, "overhead"), this.overhead)) return null;
    const res = own(spec, spec.resources, "resources");
    const s = this.spec;
    s.podResources = null;
    if (res !== undefined && res !== null) {
      if (!isObject(res)) return null;
      const r = res as { readonly requests?: unknown; readonly limits?: unknown };
      if (!readList(own(r, r.requests, "requests"), this.podRequests)) return null;
      if (!readList(own(r, r.limits, "limits"), this.podLimits)) return null;
      s.podResources = this.podLists;
    }
    s.name = name;
    s.namespace = ns === undefined || ns === null || ns === "" ? "default" : (ns as string);
    s.initContainers = init === 0 ? NONE : this.initView;
    s.containers = this.appView;
    return s;
  }

  // The containers of `v` read into the first entries of the pool; their count, or −1.
  private containers(v: unknown, pool: Container[]): number {
    if (!Array.isArray(v) || v.length > MAX_CONTAINERS) return -1;
    const n = v.length;
    while (pool.length < n) pool.push(newContainer());
    for (let i = 0; i < n; i++) {
      const c = v[i] as { readonly name?: unknown; readonly restartPolicy?: unknown; readonly resources?: unknown };
      if (!isObject(c)) return -1;
      const name = own(c, c.name, "name");
      if (typeof name !== "string" || !validLabel(name)) return -1;
      let restartPolicy = own(c, c.restartPolicy, "restartPolicy");
      if (restartPolicy === undefined || restartPolicy === null) restartPolicy = null;
      else if (typeof restartPolicy !== "string") return -1;
      const into = pool[i]!;
      const resources = own(c, c.resources, "resources");
      let limits: unknown;
      let requests: unknown;
      if (resources !== undefined && resources !== null) {
        if (!isObject(resources)) return -1;
        const r = resources as { readonly requests?: unknown; readonly limits?: unknown };
        limits = own(r, r.limits, "limits");
        requests = own(r, r.requests, "requests");
      }
      if (!readList(limits, into.limits) || !readList(requests, into.requests)) return -1;
      // SetDefaults_Pod, as CPU_MEMORY.defaulted: a resource the limits set and the requests do not takes the
      // limit (the pooled list itself when nothing is defaulted).
      const defaulted = CPU_MEMORY.defaulted(into.requests, into.limits);
      if (defaulted !== into.requests) Object.assign(into.requests, defaulted);
      into.name = name;
      into.restartPolicy = restartPolicy as string | null;
    }
    return n;
  }

  // validation.go validateContainers: names unique across init containers and containers.
  private uniqueNames(init: number, app: number): boolean {
    const initView = this.init;
    const appView = this.app;
    for (let j = 1; j < init + app; j++) {
      const n = j < init ? initView[j]!.name : appView[j - init]!.name;
      for (let i = 0; i < j; i++) if ((i < init ? initView[i]! : appView[i - init]!).name === n) return false;
    }
    return true;
  }
}
