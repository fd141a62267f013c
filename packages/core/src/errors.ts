/**
 * Every error schedkit throws for bad input or an impossible request. `path` names the field
 * (`pods[3].spec.containers[0].resources.requests.cpu`), `value` is the offending value as given.
 */
export class SchedkitError extends Error {
  override readonly name: string = "SchedkitError";
  readonly path: string;
  readonly value: unknown;
  /** What is wrong with the value, without the path and the value. */
  readonly problem: string;

  constructor(path: string, value: unknown, problem: string) {
    super(path === "" ? problem : value === undefined ? missingMessage(path, problem) : `${path}: ${describeValue(value)} ${problem}`);
    this.path = path;
    this.value = value;
    this.problem = problem;
  }
}

/**
 * Runs `f`, re-rooting the path of a SchedkitError it throws: a helper that names its own argument
 * (`pod.containers[0]`, `vcpus`) is reported at `prefix` (`hosts[0].vms[1].node.pods[2].containers[0]`, ...).
 * `strip` is the helper's name for its root, replaced by `prefix`.
 */
export function underPath<T>(prefix: string, f: () => T, strip = ""): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof SchedkitError)) throw e;
    let rest = e.path;
    if (strip !== "" && (rest === strip || rest.startsWith(`${strip}.`) || rest.startsWith(`${strip}[`))) rest = rest.slice(strip.length);
    else if (rest !== "" && !rest.startsWith("[")) rest = `.${rest}`;
    const Ctor = e.constructor as new (path: string, value: unknown, problem: string) => SchedkitError;
    throw new Ctor(`${prefix}${rest}`, e.value, e.problem);
  }
}

/** Raised for input outside the documented numeric domain (the value is valid Kubernetes, just too large for exact math here). */
export class DomainError extends SchedkitError {
  override readonly name: string = "DomainError";
}

// A missing field never reads "undefined": `metadata.name is required`, `maxSkew is required (expected an integer)`.
function missingMessage(path: string, problem: string): string {
  if (problem.startsWith("is required")) return `${path} ${problem}`;
  return `${path} is required (${problem.replace(/^is not /, "expected ")})`;
}

/** A short, printable rendering of an offending value for error messages. */
function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? value.slice(0, 77) + "..." : value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  return "an object";
}
