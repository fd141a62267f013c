// Resource amounts over schedkit's exact domain (0..MAX_RESOURCE_VALUE in millicores or units) biased
// toward the boundaries, and their spellings as Kubernetes quantity strings. Every spelling denotes
// exactly the amount it was made from (no rounding), so generated objects test parsing as well.
import fc from "fast-check";
import { MAX_RESOURCE_VALUE } from "../quantity.js";
import { CROSS_SHRINK } from "./families.js";
import { EXTENDED_RESOURCES, HUGEPAGES } from "./vocabulary.js";

/** How a resource is counted and spelled. */
type ResourceUnit = "milli" | "bytes" | "count" | "pages";

/** A resource the generators know: its name, unit and scales (in its own unit: millicores, bytes, units or pages). */
export interface ResourceKind {
  readonly name: string;
  readonly unit: ResourceUnit;
  /** Bytes per unit for huge pages (1 otherwise). */
  readonly scale: number;
  /** Largest amount in the unit that stays within MAX_RESOURCE_VALUE once scaled. */
  readonly max: number;
  /** A realistic upper end (a large node), where most draws land. */
  readonly typical: number;
}

const GI = 1024 ** 3;

export const CPU: ResourceKind = { name: "cpu", unit: "milli", scale: 1, max: MAX_RESOURCE_VALUE, typical: 96_000 };
export const MEMORY: ResourceKind = { name: "memory", unit: "bytes", scale: 1, max: MAX_RESOURCE_VALUE, typical: 512 * GI };
export const EPHEMERAL: ResourceKind = { name: "ephemeral-storage", unit: "bytes", scale: 1, max: MAX_RESOURCE_VALUE, typical: 2048 * GI };
export const EXTENDED: readonly ResourceKind[] = EXTENDED_RESOURCES.map((name) => ({ name, unit: "count", scale: 1, max: MAX_RESOURCE_VALUE, typical: 8 }));
export const HUGEPAGE_KINDS: readonly ResourceKind[] = HUGEPAGES.map(({ name, pageSize }) => ({
  name,
  unit: "pages",
  scale: pageSize,
  max: Math.floor(MAX_RESOURCE_VALUE / pageSize),
  typical: 512,
}));
export const PODS: ResourceKind = { name: "pods", unit: "count", scale: 1, max: MAX_RESOURCE_VALUE, typical: 250 };

/** Every resource a pod may request, in a fixed order (index = bit in masks). */
export const REQUESTABLE: readonly ResourceKind[] = [CPU, MEMORY, EPHEMERAL, ...EXTENDED, ...HUGEPAGE_KINDS];

/** The scheduler's defaults for a container without a cpu / memory request (scoring only): 100m, 200Mi. */
export const DEFAULT_MILLI_CPU = 100;
export const DEFAULT_MEMORY = 200 * 1024 * 1024;

function bigRange(min: number, max: number): fc.Arbitrary<number> {
  return fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number);
}

/** An amount in 0..max: 0, 1 and max (and their neighbours) often, mostly realistic sizes, sometimes anywhere. */
export function amountArbitrary(max: number, typical: number): fc.Arbitrary<number> {
  const t = Math.min(max, typical);
  const edges = [...new Set([0, 1, 2, t, max - 1, max].filter((v) => v >= 0 && v <= max))];
  return fc.oneof(CROSS_SHRINK, 
    { weight: 3, arbitrary: fc.constantFrom(...edges) },
    { weight: 6, arbitrary: bigRange(0, t) },
    { weight: 1, arbitrary: bigRange(Math.max(0, max - 1000), max) },
    { weight: 2, arbitrary: bigRange(0, max) },
  );
}

function trimZeros(s: string): string {
  return s.replace(/0+$/, "");
}

const BINARY = [
  ["Ki", 1024],
  ["Mi", 1024 ** 2],
  ["Gi", 1024 ** 3],
  ["Ti", 1024 ** 4],
] as const;
const DECIMAL = [
  ["k", 1e3],
  ["M", 1e6],
  ["G", 1e9],
  ["T", 1e12],
] as const;

/** Exact spellings of `n` bytes/units: plain, binary and decimal suffixes, decimal exponent. */
function unitSpellings(n: number, suffixes: boolean): string[] {
  const out = [String(n)];
  if (!suffixes || n === 0) return out;
  for (const [s, f] of BINARY) if (n % f === 0) out.push(`${n / f}${s}`);
  for (const [s, f] of DECIMAL) if (n % f === 0) out.push(`${n / f}${s}`);
  if (n % 1000 === 0) out.push(`${n / 1000}e3`);
  return out;
}

/** Exact spellings of `m` millicores: "250m", and whole or decimal cores ("2", "1.5") when exact. */
function milliSpellings(m: number): string[] {
  const out = [`${m}m`];
  const cores = Math.floor(m / 1000);
  const frac = m % 1000;
  out.push(frac === 0 ? String(cores) : `${cores}.${trimZeros(String(frac).padStart(3, "0"))}`);
  return out;
}

/**
 * A quantity string for `amount` (in the kind's unit); `style` picks among the exact spellings.
 * Huge pages are spelled in bytes (pages × page size).
 */
export function formatAmount(kind: ResourceKind, amount: number, style: number): string {
  let options: string[];
  switch (kind.unit) {
    case "milli":
      options = milliSpellings(amount);
      break;
    case "bytes":
      options = unitSpellings(amount, true);
      break;
    case "pages":
      options = unitSpellings(amount * kind.scale, true);
      break;
    case "count":
      options = unitSpellings(amount, false);
      break;
  }
  return options[style % options.length]!;
}
