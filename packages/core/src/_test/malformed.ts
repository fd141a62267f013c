// The malformed-input corpus's machinery: positions of a JSON document, mutations at a position, and the
// checks every case makes (only SchedkitErrors escape, nothing leaks into Object.prototype or the globals).
import { afterAll, expect } from "vitest";
import { SchedkitError } from "../errors.js";

export type Segment = string | number;

/** Every position of a JSON value (the root excluded), parents before children. */
export function positions(value: unknown, at: Segment[] = [], out: Segment[][] = []): Segment[][] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...at, i]);
      positions(v, [...at, i], out);
    });
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push([...at, k]);
      positions(v, [...at, k], out);
    }
  }
  return out;
}

export function pathText(path: readonly Segment[]): string {
  return path.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join("");
}

/** A deep copy of `value` with the position `path` set to `replacement` (or deleted for `DELETE`). */
export function mutate<T>(value: T, path: readonly Segment[], replacement: unknown): T {
  const copy = structuredClone(value) as unknown as Record<string | number, unknown>;
  let parent = copy;
  for (const s of path.slice(0, -1)) parent = parent[s] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (replacement === DELETE) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return copy as unknown as T;
}

export const DELETE = Symbol("delete");

/** What a call did: its value, or the SchedkitError's message. Any other exception fails the case. */
export type Outcome = { readonly ok: unknown } | { readonly error: string };

export function outcome(f: () => unknown): Outcome {
  try {
    return { ok: f() };
  } catch (e) {
    if (e instanceof SchedkitError) return { error: e.message };
    throw new Error(`not a SchedkitError: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
  }
}

const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
const globalKeys = Object.getOwnPropertyNames(globalThis).sort();

/** Fails when a case added anything to Object.prototype or to the global object. */
export function expectNothingLeaked(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
  expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  expect(Object.getOwnPropertyNames(globalThis).sort()).toEqual(globalKeys);
}

/** Counts the cases of one corpus and prints `[corpus] <name>: N cases ran` (vitest.summary-reporter.ts). */
export function corpusCounter(name: string): { ran(): void } {
  let n = 0;
  afterAll(() => console.log(`[corpus] ${name}: ${n} cases ran`));
  return { ran: () => void n++ };
}

/** Values of the wrong type for a position holding `v`. */
export function retyped(v: unknown): unknown[] {
  if (typeof v === "string") return [7, ["x"], { x: 1 }];
  if (typeof v === "number") return ["7", -1, 1e300, [1]];
  if (typeof v === "boolean") return ["true", 1];
  if (Array.isArray(v)) return [{}, "x"];
  if (typeof v === "object" && v !== null) return [[], "x", 0];
  return [];
}
