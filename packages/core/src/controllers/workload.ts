// The parts of a workload object every controller reads: its name and namespace, spec, and pod template.
import { SchedkitError } from "../errors.js";
import { asObject, child, isObject, type JsonObject } from "../model/json.js";

/** A workload's identity, spec and (when `templateKey` is given) pod template. */
export interface WorkloadParts {
  readonly obj: JsonObject;
  readonly meta: JsonObject;
  readonly name: string;
  /** metadata.namespace, "default" when unset. */
  readonly namespace: string;
  readonly spec: JsonObject;
  readonly template: JsonObject;
  readonly templateMeta: JsonObject;
  readonly templateSpec: JsonObject;
}

function objectOr(v: unknown): JsonObject {
  return isObject(v) ? v : {};
}

/** Reads `obj` as a workload; throws a SchedkitError naming the field when the name or template is missing. */
export function workloadParts(obj: unknown, path: string, templateKey: "template" | "jobTemplate" | null = "template"): WorkloadParts {
  const o = asObject(obj, path);
  const meta = objectOr(o["metadata"]);
  const name = meta["name"];
  if (typeof name !== "string" || name === "") throw new SchedkitError(child(path, "metadata.name"), name, "is required");
  const ns = meta["namespace"];
  const spec = objectOr(o["spec"]);
  let template: JsonObject = {};
  if (templateKey !== null) {
    const t = spec[templateKey];
    if (!isObject(t)) throw new SchedkitError(child(path, `spec.${templateKey}`), t, templateKey === "template" ? "is not a pod template" : "is not a job template");
    template = t;
  }
  return {
    obj: o,
    meta,
    name,
    namespace: typeof ns === "string" && ns !== "" ? ns : "default",
    spec,
    template,
    templateMeta: objectOr(template["metadata"]),
    templateSpec: objectOr(template["spec"]),
  };
}
