// Readable output for checkScheduler: a structural diff of two results, and a compact listing of a scenario.
import type { Scenario } from "./scenario.js";

/** One place where a candidate's output differs from the reference's. */
export interface Difference {
  /** Where, e.g. `results[1].explanation.nodes[2]{node-3}.scores[0]{NodeResourcesFit}.normalized`. */
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// An array element that names a node, plugin or pod gets the name appended to its path, so a diff reads
// `nodes[2]{node-3}` rather than a bare index.
function label(v: unknown): string {
  if (!isPlain(v)) return "";
  for (const k of ["node", "plugin", "pod", "reason", "name"]) {
    const x = v[k];
    if (typeof x === "string") return `{${x}}`;
  }
  return "";
}

/** Structural differences between `expected` and `actual` (numbers by Object.is, so -0 ≠ 0), at most `limit`. */
export function diff(expected: unknown, actual: unknown, limit = 20, path = ""): Difference[] {
  const out: Difference[] = [];
  walk(expected, actual, path, out, limit);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: Difference[], limit: number): void {
  if (out.length >= limit) return;
  if (Object.is(a, b)) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    if (a.length !== b.length) out.push({ path: `${path}.length`, expected: a.length, actual: b.length });
    for (let i = 0; i < n && out.length < limit; i++) {
      if (i >= a.length || i >= b.length) {
        out.push({ path: `${path}[${i}]${label(a[i] ?? b[i])}`, expected: a[i], actual: b[i] });
        continue;
      }
      walk(a[i], b[i], `${path}[${i}]${label(a[i])}`, out, limit);
    }
    return;
  }
  if (isPlain(a) && isPlain(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (out.length >= limit) return;
      const p = path === "" ? k : `${path}.${k}`;
      if (!(k in b)) out.push({ path: p, expected: a[k], actual: undefined });
      else if (!(k in a)) out.push({ path: p, expected: undefined, actual: b[k] });
      else walk(a[k], b[k], p, out, limit);
    }
    return;
  }
  out.push({ path: path === "" ? "(value)" : path, expected: a, actual: b });
}

/** A value on one line, truncated. */
export function show(v: unknown, max = 160): string {
  let s: string;
  if (v === undefined) s = "(absent)";
  else if (typeof v === "number" && Object.is(v, -0)) s = "-0";
  else {
    try {
      s = JSON.stringify(v) ?? String(v);
    } catch {
      s = String(v);
    }
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Differences as indented lines. */
export function formatDifferences(ds: readonly Difference[]): string {
  return ds.map((d) => `    ${d.path}: expected ${show(d.expected)}, got ${show(d.actual)}`).join("\n");
}

type Json = Record<string, any>;

function compact(o: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || (isPlain(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out;
}

function nodeLine(n: Json): string {
  const status = (n["status"] ?? {}) as Json;
  return `  ${n["metadata"]?.name} ${JSON.stringify(
    compact({ labels: n["metadata"]?.labels, ...(n["spec"] ?? {}), allocatable: status["allocatable"], images: status["images"] }),
  )}`;
}

function podLine(p: Json): string {
  const m = (p["metadata"] ?? {}) as Json;
  const meta = compact({ labels: m["labels"], creationTimestamp: m["creationTimestamp"], deletionTimestamp: m["deletionTimestamp"] });
  const spec = { ...(p["spec"] ?? {}) };
  delete spec["nodeName"];
  const body = compact({ ...meta, ...spec, phase: p["status"]?.phase });
  return `  ${m["namespace"] ?? "default"}/${m["name"]}${p["spec"]?.nodeName ? ` on ${p["spec"].nodeName}` : ""} ${JSON.stringify(body)}`;
}

/** The scenario, one object per line. */
export function describeScenario(s: Scenario): string {
  const pods = s.cluster.pods as Json[];
  const bound = pods.filter((p) => p["spec"]?.nodeName);
  const pending = pods.filter((p) => !p["spec"]?.nodeName);
  const lines = [`  options: ${JSON.stringify(s.options)}`];
  lines.push(`  nodes (${s.cluster.nodes.length}):`);
  for (const n of s.cluster.nodes as Json[]) lines.push(`  ${nodeLine(n)}`);
  if (bound.length > 0) {
    lines.push(`  bound pods (${bound.length}):`);
    for (const p of bound) lines.push(`  ${podLine(p)}`);
  }
  lines.push(`  pending pods (${pending.length}):`);
  for (const p of pending) lines.push(`  ${podLine(p)}`);
  if (s.cluster.namespaces.length > 0) {
    lines.push(`  namespaces: ${s.cluster.namespaces.map((ns) => `${(ns as Json)["metadata"].name} ${JSON.stringify((ns as Json)["metadata"].labels ?? {})}`).join(", ")}`);
  }
  return lines.join("\n");
}
