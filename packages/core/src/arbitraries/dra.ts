// DRA objects for generated clusters: ResourceSlices offering devices of the classes that back extended
// resources (DRAExtendedResource), node-local or for all nodes, now and then a pool that is incomplete or has
// an older generation left over; a ResourceClaim holding some of the devices; now and then a class selector
// on the driver. What the allocator (dra/allocator.ts) and the DRA scorers read, within what schedkit models.
import fc from "fast-check";
import { CROSS_SHRINK } from "./families.js";

/** A generated resource.k8s.io/v1 ResourceSlice or ResourceClaim (plain JSON). */
export type KubeDraObject = Record<string, unknown>;

/** Per class: devices per node (cycled over the nodes), an allNodes slice's devices, and pool quirks. */
export interface DraDraft {
  readonly perNode: readonly (readonly number[])[];
  readonly shared: readonly number[];
  /** Per class: 0 plain, 1 the first node's pool claims two slices (incomplete), 2 an older generation remains. */
  readonly quirk: readonly number[];
  /** Per class: no selector, `device.driver == <its driver>`, or one naming another driver (matches nothing). */
  readonly selector: readonly number[];
  /** Indices into the generated devices that a claim holds. */
  readonly held: readonly number[];
  /** Devices of the first class the pending pods' first containers ask for, cycled over the pods (0: none added). */
  readonly podDevices: readonly number[];
}

/** A draft for `classes` DeviceClasses. */
export function draDraftArbitrary(classes: number): fc.Arbitrary<DraDraft | null> {
  const perClass = <T>(a: fc.Arbitrary<T>) => fc.array(a, { minLength: classes, maxLength: classes });
  const draft = fc.record({
    perNode: fc.array(perClass(fc.nat(3)), { minLength: 1, maxLength: 4 }),
    shared: perClass(fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(2) })),
    quirk: perClass(fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(1, 2) })),
    selector: perClass(fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(1, 2) })),
    held: fc.array(fc.nat(63), { maxLength: 3 }),
    // Mostly none: a pod asking DRA for devices takes the engines' reference path, and a few per scenario are enough.
    podDevices: fc.array(fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 4 }),
  });
  return fc.oneof(CROSS_SHRINK, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: draft });
}

/** The class selectors of a draft, per class (empty: none). */
export function classSelectors(d: DraDraft | null, drivers: readonly string[]): readonly (readonly string[])[] {
  return drivers.map((driver, k) => {
    const s = d?.selector[k] ?? 0;
    if (s === 0) return [];
    return [`device.driver == "${s === 1 ? driver : "other.example.com"}"`];
  });
}

/** The ResourceSlices and the ResourceClaim of a draft over `nodes`, for classes whose driver is the class name. */
export function renderDra(d: DraDraft | null, nodes: readonly string[], drivers: readonly string[]): { resourceSlices?: KubeDraObject[]; resourceClaims?: KubeDraObject[] } {
  if (d === null || nodes.length === 0) return {};
  const slices: KubeDraObject[] = [];
  const devices: { driver: string; pool: string; device: string }[] = [];
  const slice = (name: string, driver: string, pool: string, generation: number, count: number, where: Record<string, unknown>, n: number) => {
    const names = Array.from({ length: n }, (_, i) => `dev-${i}`);
    slices.push({
      apiVersion: "resource.k8s.io/v1",
      kind: "ResourceSlice",
      metadata: { name },
      spec: { driver, pool: { name: pool, generation, resourceSliceCount: count }, ...where, devices: names.map((name) => ({ name })) },
    });
    return names;
  };
  drivers.forEach((driver, k) => {
    nodes.forEach((node, j) => {
      const n = d.perNode[j % d.perNode.length]![k]!;
      if (n === 0) return;
      const quirk = j === 0 ? d.quirk[k]! : 0;
      const generation = quirk === 2 ? 1 : 0;
      const names = slice(`${node}-${driver}`, driver, node, generation, quirk === 1 ? 2 : 1, { nodeName: node }, n);
      // A leftover slice of the pool's previous generation, with devices the current one does not have.
      if (quirk === 2) slice(`${node}-${driver}-old`, driver, node, 0, 1, { nodeName: node }, n + 1);
      for (const device of names) devices.push({ driver, pool: node, device });
    });
    const shared = d.shared[k]!;
    if (shared > 0) for (const device of slice(`shared-${driver}`, driver, "shared", 0, 1, { allNodes: true }, shared)) devices.push({ driver, pool: "shared", device });
  });
  const held = [...new Set(d.held.filter((i) => i < devices.length))].map((i) => devices[i]!);
  const resourceClaims =
    held.length === 0
      ? []
      : [
          {
            apiVersion: "resource.k8s.io/v1",
            kind: "ResourceClaim",
            metadata: { name: "held-devices", namespace: "default", uid: "held-devices-uid" },
            spec: { devices: { requests: held.map((_, i) => ({ name: `r${i}`, exactly: { deviceClassName: drivers[0]!, allocationMode: "ExactCount", count: 1 } })) } },
            status: { allocation: { devices: { results: held.map((h, i) => ({ request: `r${i}`, ...h })) } } },
          },
        ];
  return { ...(slices.length === 0 ? {} : { resourceSlices: slices }), ...(resourceClaims.length === 0 ? {} : { resourceClaims }) };
}

/**
 * Makes pending pods ask for devices of `resource` (request and limit, as an extended resource must), so that
 * DRA allocates for them on the nodes without a device plugin for it. Only in clusters where no node and no
 * pod has a value of it near the exact domain: the generator budgets node totals (MAX_RESOURCE_VALUE) before
 * this adds at most 3 per pod.
 */
export function addDeviceRequests(d: DraDraft | null, pods: readonly object[], nodes: readonly object[], resource: string | undefined): void {
  if (d === null || resource === undefined) return;
  const large = (list: Record<string, string> | undefined) => Number(list?.[resource] ?? 0) > 1e12;
  if ((nodes as { status?: { allocatable?: Record<string, string> } }[]).some((n) => large(n.status?.allocatable))) return;
  const all = pods as { spec: { containers: { resources?: { requests?: Record<string, string> } }[]; initContainers?: { resources?: { requests?: Record<string, string> } }[] } }[];
  if (all.some((p) => [...p.spec.containers, ...(p.spec.initContainers ?? [])].some((c) => large(c.resources?.requests)))) return;
  let i = 0;
  for (const p of pods as { spec: { nodeName?: string; containers: { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }[] } }[]) {
    if (p.spec.nodeName !== undefined && p.spec.nodeName !== "") continue;
    const n = d.podDevices[i++ % d.podDevices.length]!;
    const c = p.spec.containers[0];
    if (n === 0 || c === undefined) continue;
    c.resources = { ...c.resources, requests: { ...c.resources?.requests, [resource]: String(n) }, limits: { ...c.resources?.limits, [resource]: String(n) } };
  }
}
