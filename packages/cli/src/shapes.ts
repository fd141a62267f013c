// Pod shapes from manifest files, for questions about one pod spec (capacity, explain): a Pod as it is, a
// workload's pod template as a Pod named after the workload. `FILE#Kind/name` picks one object of a
// multi-document file.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { isObj } from "./cluster-input.js";
import { CliError } from "./errors.js";
import { readSource, type SourceDoc } from "./input.js";
import type { CliIO } from "./io.js";

/** One shape and where it came from ("web.yaml (document 2): Deployment/web"). */
export interface Shape {
  readonly pod: Record<string, unknown>;
  readonly label: string;
}

type Obj = Record<string, unknown>;

// Where each workload kind keeps its pod template (apps/v1, batch/v1).
const TEMPLATE_PATH: Record<string, readonly string[]> = {
  Deployment: ["spec", "template"],
  ReplicaSet: ["spec", "template"],
  StatefulSet: ["spec", "template"],
  DaemonSet: ["spec", "template"],
  ReplicationController: ["spec", "template"],
  Job: ["spec", "template"],
  CronJob: ["spec", "jobTemplate", "spec", "template"],
};

interface Found {
  readonly kind: string;
  readonly name: string;
  readonly obj: Obj;
  readonly label: string;
}

function walk(v: unknown, label: string, out: Found[]): void {
  if (!isObj(v)) return;
  if (Array.isArray(v["items"])) {
    for (const item of v["items"]) walk(item, label, out);
    return;
  }
  const kind = typeof v["kind"] === "string" ? v["kind"] : "Pod";
  const meta = isObj(v["metadata"]) ? v["metadata"] : {};
  out.push({ kind, name: typeof meta["name"] === "string" ? meta["name"] : "", obj: v, label });
}

function asShape(f: Found): Shape | null {
  const where = `${f.label}: ${f.kind}/${f.name || "(no name)"}`;
  if (f.kind === "Pod") {
    if (!isObj(f.obj["metadata"]) || typeof f.obj["metadata"]["name"] !== "string" || f.obj["metadata"]["name"] === "") {
      throw new CliError(`${f.label}: metadata.name is required`);
    }
    return { pod: { kind: "Pod", ...f.obj }, label: where };
  }
  const path = TEMPLATE_PATH[f.kind];
  if (path === undefined) return null;
  let t: unknown = f.obj;
  for (const k of path) t = isObj(t) ? t[k] : undefined;
  if (!isObj(t)) throw new CliError(`${where}: ${path.join(".")} is required (the pod template)`);
  if (f.name === "") throw new CliError(`${f.label}: ${f.kind} metadata.name is required`);
  const meta = isObj(f.obj["metadata"]) ? f.obj["metadata"] : {};
  const tmeta = isObj(t["metadata"]) ? t["metadata"] : {};
  const metadata: Obj = { ...tmeta, name: f.name };
  if (meta["namespace"] !== undefined) metadata["namespace"] = meta["namespace"];
  return { pod: { apiVersion: "v1", kind: "Pod", metadata, spec: t["spec"] }, label: where };
}

function describeFound(found: readonly Found[]): string {
  return found.length === 0 ? "nothing" : found.map((f) => `${f.kind}/${f.name || "(no name)"}`).join(", ");
}

/** The shapes in parsed documents; `pick` ("Kind/name", kind case-insensitive) keeps one object. */
function shapesFromDocs(docs: readonly SourceDoc[], file: string, pick?: string): Shape[] {
  const found: Found[] = [];
  for (const d of docs) walk(d.value, d.label, found);
  let chosen = found;
  if (pick !== undefined) {
    const m = /^([^/]+)\/(.+)$/.exec(pick);
    if (m === null) throw new CliError(`${file}#${pick}: the selector is not Kind/name (e.g. Deployment/api-gateway)`);
    chosen = found.filter((f) => f.kind.toLowerCase() === m[1]!.toLowerCase() && f.name === m[2]);
    if (chosen.length === 0) throw new CliError(`${file}: no ${pick} in it (found: ${describeFound(found)})`);
  }
  if (docs.length === 0) throw new CliError(`${file}: is empty (expected a Pod or a workload with a pod template)`);
  const shapes = chosen.map(asShape).filter((s): s is Shape => s !== null);
  if (shapes.length === 0) {
    throw new CliError(`${file}: no Pod or pod template in it (found: ${describeFound(found)}); kinds with one: Pod, ${Object.keys(TEMPLATE_PATH).join(", ")}`);
  }
  return shapes;
}

/** Reads `FILE` or `FILE#Kind/name` (a file whose name contains "#" is read as it is when it exists). */
export async function readShapes(arg: string, io: CliIO): Promise<Shape[]> {
  const hash = arg.lastIndexOf("#");
  const split = hash > 0 && !existsSync(resolve(io.cwd, arg));
  const file = split ? arg.slice(0, hash) : arg;
  const pick = split ? arg.slice(hash + 1) : undefined;
  return shapesFromDocs(await readSource(file, io), file, pick);
}

/** A quick shape from --cpu / --memory: one container with those requests. */
export function quickShape(cpu: string | undefined, memory: string | undefined, name: string): Shape {
  const requests: Obj = {};
  if (cpu !== undefined) requests["cpu"] = cpu;
  if (memory !== undefined) requests["memory"] = memory;
  return {
    pod: { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { containers: [{ name: "app", image: "app", resources: { requests } }] } },
    label: "--cpu/--memory",
  };
}
