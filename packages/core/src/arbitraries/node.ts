// Arbitrary v1.Node objects: allocatable over the whole exact domain (absent, zero, realistic, up to
// MAX_RESOURCE_VALUE), topology and custom labels, taints of every effect, cordoning and images.
import fc from "fast-check";
import { CROSS_SHRINK, resolveFamilies, type Families, type FeatureFamilies } from "./families.js";
import { CPU, EPHEMERAL, EXTENDED, HUGEPAGE_KINDS, MEMORY, PODS, amountArbitrary, formatAmount, type ResourceKind } from "./quantities.js";
import { HOSTNAME, NODE_IMAGES, NODE_LABELS, RACK, RACKS, REGION, REGIONS, TAINT_EFFECTS, TAINT_KEYS, TAINT_VALUES, ZONE, ZONES } from "./vocabulary.js";

/** Options of nodeArbitrary. */
export interface NodeConstraints
  extends Pick<FeatureFamilies, "extendedResources" | "hugepages" | "ephemeralStorage" | "taints" | "images" | "unschedulableNodes"> {
  /** metadata.name (default "node-0"). */
  readonly name?: string;
  /** Most taints on a node (default 3). */
  readonly maxTaints?: number;
}

/** Resources a node may list in status.allocatable, in a fixed order. */
export const NODE_KINDS: readonly ResourceKind[] = [CPU, MEMORY, EPHEMERAL, PODS, ...EXTENDED, ...HUGEPAGE_KINDS];

/** @internal A node before it is named and spelled out; allocatable amounts are in each kind's unit. */
export interface NodeDraft {
  /** Per NODE_KINDS entry: the amount, or null when the resource is not listed. */
  readonly allocatable: readonly (number | null)[];
  /** No status.allocatable at all. */
  readonly noAllocatable: boolean;
  readonly style: number;
  /** kubernetes.io/hostname: the node name (usual), absent, or a different value. */
  readonly hostname: "name" | "absent" | "other";
  /** Index into ZONES, or null for no zone label. */
  readonly zone: number | null;
  readonly region: string | null;
  readonly rack: string | null;
  readonly custom: readonly (readonly [string, string])[];
  readonly taints: readonly { readonly key: string; readonly value: string; readonly effect: string }[];
  readonly unschedulable: boolean;
  readonly images: readonly { readonly entry: number; readonly sizeBytes: number }[];
}

const MI = 1024 * 1024;

/** Image sizes around ImageLocality's thresholds (23 MiB, 1000 MiB per container) and up to 2^53−1. */
const imageSize = fc.oneof(CROSS_SHRINK, 
  { weight: 3, arbitrary: fc.constantFrom(0, 23 * MI - 1, 23 * MI, 23 * MI + 1, 1000 * MI, 1000 * MI + 1, Number.MAX_SAFE_INTEGER) },
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 2000 * MI }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 1n << 45n }).map(Number) },
);

function kindEnabled(k: ResourceKind, f: Families): boolean {
  if (k === EPHEMERAL) return f.ephemeralStorage;
  if (EXTENDED.includes(k)) return f.extendedResources;
  if (HUGEPAGE_KINDS.includes(k)) return f.hugepages;
  return true;
}

// How often a listed resource is absent (1 in `freq`): cpu, memory and pods are nearly always listed.
function absentFreq(k: ResourceKind): number {
  if (k === CPU || k === MEMORY || k === PODS) return 50;
  if (k === EPHEMERAL) return 4;
  return 2;
}

function allocatableAmount(k: ResourceKind): fc.Arbitrary<number> {
  if (k === PODS) return fc.oneof(CROSS_SHRINK, { weight: 10, arbitrary: fc.constant(110) }, { weight: 1, arbitrary: amountArbitrary(k.max, k.typical) });
  return amountArbitrary(k.max, k.typical);
}

/** @internal The draft arbitrary shared with clusterArbitrary. */
export function nodeDraftArbitrary(f: Families, maxTaints = 3): fc.Arbitrary<NodeDraft> {
  const amounts = fc.tuple(
    ...NODE_KINDS.map((k) =>
      kindEnabled(k, f) ? fc.option(allocatableAmount(k), { nil: null, freq: absentFreq(k) }) : fc.constant<number | null>(null),
    ),
  );
  const allocatable = fc
    .tuple(fc.oneof(CROSS_SHRINK, 
        { weight: 40, arbitrary: fc.constant("listed") },
        { weight: 1, arbitrary: fc.constant("zero") },
        { weight: 1, arbitrary: fc.constant("none") },
      ), amounts)
    .map(([mode, values]) => ({
      allocatable: mode === "zero" ? values.map((v) => (v === null ? null : 0)) : values,
      noAllocatable: mode === "none",
    }));
  const custom = fc
    .tuple(...Object.entries(NODE_LABELS).map(([k, vs]) => fc.option(fc.constantFrom(...vs).map((v) => [k, v] as const), { nil: null, freq: 2 })))
    .map((pairs) => pairs.filter((p): p is readonly [string, string] => p !== null));
  const taint = fc.record({ key: fc.constantFrom(...TAINT_KEYS), value: fc.constantFrom(...TAINT_VALUES), effect: fc.constantFrom(...TAINT_EFFECTS) });
  const taints = f.taints
    ? fc.oneof(CROSS_SHRINK, 
        { weight: 4, arbitrary: fc.constant([]) },
        { weight: 1, arbitrary: fc.uniqueArray(taint, { maxLength: maxTaints, selector: (t) => `${t.key}:${t.effect}` }) },
      )
    : fc.constant([]);
  const images = f.images
    ? fc.uniqueArray(fc.record({ entry: fc.nat(NODE_IMAGES.length - 1), sizeBytes: imageSize }), { maxLength: 4, selector: (i) => i.entry })
    : fc.constant([]);
  return fc
    .record({
      alloc: allocatable,
      style: fc.nat(15),
      hostname: fc.constantFrom<NodeDraft["hostname"]>("name", "name", "name", "name", "name", "name", "absent", "other"),
      zone: fc.option(fc.nat(ZONES.length - 1), { nil: null, freq: 6 }),
      region: fc.option(fc.constantFrom(...REGIONS), { nil: null, freq: 2 }),
      rack: fc.option(fc.constantFrom(...RACKS), { nil: null, freq: 2 }),
      custom,
      taints,
      unschedulable: f.unschedulableNodes ? fc.oneof(CROSS_SHRINK, { weight: 15, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) : fc.constant(false),
      images,
    })
    .map(({ alloc, ...rest }) => ({ ...rest, allocatable: alloc.allocatable, noAllocatable: alloc.noAllocatable }));
}

/** @internal Allocatable amount of NODE_KINDS[i] as the scheduler reads it (absent = 0), in the kind's unit. */
export function draftAllocatable(d: NodeDraft, i: number): number {
  return d.noAllocatable ? 0 : (d.allocatable[i] ?? 0);
}

/** @internal Spells a draft out as a v1.Node named `name`; `zone` overrides the draft's zone index. */
export function renderNode(d: NodeDraft, name: string, zone: number | null = d.zone): object {
  const labels: Record<string, string> = {};
  if (d.hostname === "name") labels[HOSTNAME] = name;
  else if (d.hostname === "other") labels[HOSTNAME] = `host-${name}`.slice(0, 63).replace(/[^A-Za-z0-9._-]/g, "-").replace(/[^A-Za-z0-9]+$/, "");
  if (zone !== null) labels[ZONE] = ZONES[zone % ZONES.length]!;
  if (d.region !== null) labels[REGION] = d.region;
  if (d.rack !== null) labels[RACK] = d.rack;
  for (const [k, v] of d.custom) labels[k] = v;
  const spec: Record<string, unknown> = {};
  if (d.unschedulable) spec["unschedulable"] = true;
  if (d.taints.length > 0) spec["taints"] = d.taints.map((t) => ({ ...t }));
  const status: Record<string, unknown> = {};
  if (!d.noAllocatable) {
    const alloc: Record<string, string> = {};
    NODE_KINDS.forEach((k, i) => {
      const v = d.allocatable[i];
      if (v !== null && v !== undefined) alloc[k.name] = formatAmount(k, v, d.style + i);
    });
    status["allocatable"] = alloc;
    status["capacity"] = { ...alloc };
  }
  if (d.images.length > 0) status["images"] = d.images.map((i) => ({ names: [...NODE_IMAGES[i.entry]!], sizeBytes: i.sizeBytes }));
  return { apiVersion: "v1", kind: "Node", metadata: { name, labels }, spec, status };
}

/**
 * Arbitrary v1.Node JSON that createCluster accepts: allocatable from absent or 0 up to MAX_RESOURCE_VALUE
 * (cpu in millicores or cores, memory in bytes or with suffixes), extended resources and huge pages,
 * topology labels, taints (NoSchedule, PreferNoSchedule, NoExecute), cordoning and images.
 */
export function nodeArbitrary(constraints: NodeConstraints = {}): fc.Arbitrary<object> {
  const f = resolveFamilies(constraints);
  const name = constraints.name ?? "node-0";
  return nodeDraftArbitrary(f, constraints.maxTaints ?? 3).map((d) => renderNode(d, name));
}
