// Typed reads from untrusted JSON, the way Go's encoding/json fills a struct: `null` is the zero
// value, a value of the wrong JSON type is an error, unknown fields are ignored. Only own
// properties are read, so a polluted Object.prototype or an object whose prototype was set through
// a literal `__proto__` cannot inject fields.
import { DomainError, SchedkitError } from "../errors.js";

/** A JSON object as parsed (string keys, unknown values). */
export type JsonObject = { readonly [key: string]: unknown };

const hasOwn = Object.prototype.hasOwnProperty;

/** A frozen empty array shared by every absent list. */
export const EMPTY_ARRAY: readonly never[] = Object.freeze([]);

/** `parent.key` (or `key` at the root). */
export function child(parent: string, key: string): string {
  return parent === "" ? key : `${parent}.${key}`;
}

/** `parent[i]`. */
export function index(parent: string, i: number): string {
  return `${parent}[${i}]`;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A map entry: `parent.cpu`, or `parent["topology.kubernetes.io/zone"]` when the key is not a plain word. */
export function mapKey(parent: string, key: string): string {
  return PLAIN_KEY.test(key) ? child(parent, key) : `${parent}[${JSON.stringify(key)}]`;
}

/** True for a JSON object (not null, not an array). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The own property `key`, with `null` read as absent (`undefined`). */
export function field(o: JsonObject, key: string): unknown {
  if (!hasOwn.call(o, key)) return undefined;
  const v = o[key];
  return v === null ? undefined : v;
}

/** `v` as an object, or a SchedkitError at `path`. */
export function asObject(v: unknown, path: string | LazyPath): JsonObject {
  if (!isObject(v)) throw new SchedkitError(String(path), v, "is not an object");
  return v;
}

/** A field path written out only when an error names it (its toString). */
export interface LazyPath {
  toString(): string;
}

/** The object at `o[key]`, or undefined when absent/null. */
export function optObject(o: JsonObject, key: string, path: string): JsonObject | undefined {
  const v = field(o, key);
  if (v === undefined) return undefined;
  if (!isObject(v)) throw new SchedkitError(child(path, key), v, "is not an object");
  return v;
}

/** The array at `o[key]` (empty when absent/null). */
export function arrayField(o: JsonObject, key: string, path: string): readonly unknown[] {
  const v = field(o, key);
  if (v === undefined) return EMPTY_ARRAY;
  if (!Array.isArray(v)) throw new SchedkitError(child(path, key), v, "is not an array");
  return v;
}

/** The string at `o[key]`, `def` when absent/null. */
export function stringField(o: JsonObject, key: string, path: string, def = ""): string {
  const v = field(o, key);
  if (v === undefined) return def;
  if (typeof v !== "string") throw new SchedkitError(child(path, key), v, "is not a string");
  return v;
}

/** The string at `o[key]`, undefined when absent/null. */
export function optString(o: JsonObject, key: string, path: string): string | undefined {
  const v = field(o, key);
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new SchedkitError(child(path, key), v, "is not a string");
  return v;
}

/** The boolean at `o[key]`, false when absent/null. */
export function boolField(o: JsonObject, key: string, path: string): boolean {
  const v = field(o, key);
  if (v === undefined) return false;
  if (typeof v !== "boolean") throw new SchedkitError(child(path, key), v, "is not a boolean");
  return v;
}

/** An array of strings at `o[key]` (empty when absent/null). */
export function stringArrayField(o: JsonObject, key: string, path: string): readonly string[] {
  const arr = arrayField(o, key, path);
  for (let i = 0; i < arr.length; i++) {
    const s = arr[i];
    if (typeof s !== "string") throw new SchedkitError(index(child(path, key), i), s, "is not a string");
  }
  return arr as readonly string[];
}

/** Go int32 bounds. */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/**
 * The integer at `o[key]` (undefined when absent/null), which must lie in [min, max]. Non-numbers,
 * NaN, ±Infinity and fractions are not integers (Go's decoder rejects them for integer fields).
 */
export function optInteger(o: JsonObject, key: string, path: string, min: number, max: number): number | undefined {
  const v = field(o, key);
  if (v === undefined) return undefined;
  return checkInteger(v, child(path, key), min, max);
}

/** `v` as an integer in [min, max], or a SchedkitError at `path`. */
export function checkInteger(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new SchedkitError(path, v, "is not an integer");
  if (v < min || v > max) {
    if (max === INT32_MAX && min === INT32_MIN) throw new SchedkitError(path, v, "is outside the int32 range");
    throw new SchedkitError(path, v, max === INT32_MAX ? `must be >= ${min}` : `must be between ${min} and ${max}`);
  }
  return v;
}

/** A non-negative integer that must be exact in float64 (int64 fields such as image sizes). */
export function checkSafeNonNegative(v: unknown, path: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new SchedkitError(path, v, "is not an integer");
  if (v < 0) throw new SchedkitError(path, v, "must be >= 0");
  if (!Number.isSafeInteger(v)) throw new DomainError(path, v, `exceeds the exact domain (max ${Number.MAX_SAFE_INTEGER})`);
  return v;
}

// Strings JSON writes as they are, between quotes (no escapes).
const PLAIN_STRING = /^[\w .:/@=+-]*$/;

/**
 * A string that equals for two values exactly when they are the same JSON data (own string keys in order), or
 * undefined for anything that is not plain JSON data (undefined, NaN, ±Infinity, bigint, a class instance, a
 * sparse array, a non-enumerable property): such values are parsed one by one, since JSON.stringify would write NaN and null alike. Parsing
 * reads nothing but this data, so equal keys parse to equal results (what PodInterner relies on).
 */
export function jsonKey(v: unknown): string | undefined {
  switch (typeof v) {
    case "string":
      return PLAIN_STRING.test(v) ? `"${v}"` : JSON.stringify(v);
    case "number":
      return Number.isFinite(v) ? (Object.is(v, -0) ? "-0" : `${v}`) : undefined;
    case "boolean":
      return v ? "true" : "false";
    case "object":
      break;
    default:
      return undefined;
  }
  if (v === null) return "null";
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype) return undefined;
    let o = "[";
    for (let i = 0; i < v.length; i++) {
      if (!hasOwn.call(v, i)) return undefined;
      const e = jsonKey(v[i]);
      if (e === undefined) return undefined;
      o += i > 0 ? `,${e}` : e;
    }
    return `${o}]`;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return undefined;
  let o = "{";
  const names = Object.keys(v);
  // field() reads any own property: one that is not enumerable would be left out of the key.
  if (Object.getOwnPropertyNames(v).length !== names.length) return undefined;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const e = jsonKey((v as JsonObject)[name]);
    if (e === undefined) return undefined;
    o += `${i > 0 ? "," : ""}${PLAIN_STRING.test(name) ? `"${name}"` : JSON.stringify(name)}:${e}`;
  }
  return `${o}}`;
}
