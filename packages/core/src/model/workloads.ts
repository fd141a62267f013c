// The objects beyond nodes and pods that a control plane feeds the scheduler: PriorityClasses (priority
// admission), the Services and controllers PodTopologySpread's default constraints take their selector from
// (plugins/helper/spread.go DefaultSelector), and PodDisruptionBudgets (DefaultPreemption). Validated as the API
// server does for the fields read here (pkg/apis/scheduling/validation ValidatePriorityClass, core/apps/policy
// ValidateObjectMeta and selectors); other fields are ignored.
import { SchedkitError } from "../errors.js";
import { SYSTEM_PRIORITY_CLASSES } from "../admission/priority.js";
import { INT32_MAX, INT32_MIN, asObject, boolField, child, optInteger, optObject, stringField, type JsonObject } from "./json.js";
import { checkKind, labelMap, labelNameProblem, labelSelectorField, objectNameProblem, requiredName } from "./kube.js";
import type { DeviceClassResolver } from "./device-classes.js";
import type { PodDisruptionBudget, PriorityClass, SelectingController, SelectingControllerKind, Service } from "./types.js";

const EMPTY_OBJECT: JsonObject = Object.freeze({});
/** scheduling.HighestUserDefinablePriority. */
const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;

function namespaceOf(meta: JsonObject, mp: string): string {
  const namespace = stringField(meta, "namespace", mp) || "default";
  const problem = labelNameProblem(namespace);
  if (problem !== "") throw new SchedkitError(child(mp, "namespace"), namespace, problem);
  return namespace;
}

/**
 * A scheduling.k8s.io/v1 PriorityClass. ValidatePriorityClass: a `system-` name must be one of the built-in
 * classes with its value; other classes at most HighestUserDefinablePriority. preemptionPolicy defaults to
 * PreemptLowerPriority (SetDefaults_PriorityClass).
 */
export function priorityClassFromKube(obj: unknown, path: string): PriorityClass {
  const o = asObject(obj, path);
  checkKind(o, path, "PriorityClass");
  const mp = child(path, "metadata");
  const name = requiredName(optObject(o, "metadata", path) ?? EMPTY_OBJECT, mp, objectNameProblem);
  const value = optInteger(o, "value", path, INT32_MIN, INT32_MAX);
  if (value === undefined) throw new SchedkitError(child(path, "value"), undefined, "is required");
  const globalDefault = boolField(o, "globalDefault", path);
  const policy = stringField(o, "preemptionPolicy", path) || "PreemptLowerPriority";
  if (policy !== "PreemptLowerPriority" && policy !== "Never") throw new SchedkitError(child(path, "preemptionPolicy"), policy, "is not PreemptLowerPriority or Never");
  if (name.startsWith("system-")) {
    const known = SYSTEM_PRIORITY_CLASSES.find((c) => c.name === name);
    if (known === undefined || known.value !== value || globalDefault) {
      throw new SchedkitError(child(mp, "name"), name, "is forbidden: priority class names with 'system-' prefix are reserved for system use only");
    }
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    throw new SchedkitError(child(path, "value"), value, `is forbidden: maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`);
  }
  return { name, value, globalDefault, preemptionPolicy: policy };
}

/** A v1.Service (spec.selector, a map; absent = selects nothing), or a selecting controller. */
export function selectingObjectFromKube(obj: unknown, path: string, groupKind?: string): Service | SelectingController {
  const o = asObject(obj, path);
  const kind = stringField(o, "kind", path) || (groupKind ?? "");
  const mp = child(path, "metadata");
  const meta = optObject(o, "metadata", path) ?? EMPTY_OBJECT;
  const name = requiredName(meta, mp, objectNameProblem);
  const namespace = namespaceOf(meta, mp);
  const sp = child(path, "spec");
  const spec = optObject(o, "spec", path) ?? EMPTY_OBJECT;
  if (kind === "Service" || kind === "ReplicationController") {
    const raw = optObject(spec, "selector", sp);
    const selector = raw === undefined ? null : labelMap(raw, child(sp, "selector"));
    if (kind === "Service") return { namespace, name, selector };
    return { kind, namespace, name, selector: selector === null ? null : { matchLabels: selector, matchExpressions: [] } };
  }
  if (kind !== "ReplicaSet" && kind !== "StatefulSet") throw new SchedkitError(child(path, "kind"), kind, "is not Service, ReplicationController, ReplicaSet or StatefulSet");
  return { kind: kind as SelectingControllerKind, namespace, name, selector: labelSelectorField(spec, "selector", sp) };
}

/** A policy/v1 PodDisruptionBudget: spec.selector and status.disruptionsAllowed / disruptedPods. */
export function podDisruptionBudgetFromKube(obj: unknown, path: string): PodDisruptionBudget {
  const o = asObject(obj, path);
  checkKind(o, path, "PodDisruptionBudget");
  const mp = child(path, "metadata");
  const meta = optObject(o, "metadata", path) ?? EMPTY_OBJECT;
  const name = requiredName(meta, mp, objectNameProblem);
  const namespace = namespaceOf(meta, mp);
  const spec = optObject(o, "spec", path) ?? EMPTY_OBJECT;
  const status = optObject(o, "status", path) ?? EMPTY_OBJECT;
  const stp = child(path, "status");
  const disruptionsAllowed = optInteger(status, "disruptionsAllowed", stp, INT32_MIN, INT32_MAX) ?? 0;
  const dp = optObject(status, "disruptedPods", stp) ?? EMPTY_OBJECT;
  return { namespace, name, selector: labelSelectorField(spec, "selector", child(path, "spec")), disruptionsAllowed, disruptedPods: new Set(Object.keys(dp)) };
}

/** Whether `v` is a selecting object's kind. */
export function isService(v: Service | SelectingController): v is Service {
  return !("kind" in v);
}

/** The Services and controllers of a cluster, indexed as the listers read them (by namespace, by name). */
export class SelectingObjects {
  private readonly services = new Map<string, Service[]>();
  private readonly controllers = new Map<string, SelectingController>();

  constructor(objects: readonly (Service | SelectingController)[] = []) {
    for (const o of objects) {
      if (isService(o)) {
        const list = this.services.get(o.namespace);
        if (list === undefined) this.services.set(o.namespace, [o]);
        else list.push(o);
      } else this.controllers.set(`${o.kind}/${o.namespace}/${o.name}`, o);
    }
  }

  /** ServiceLister.Services(namespace).List(everything). */
  servicesIn(namespace: string): readonly Service[] {
    return this.services.get(namespace) ?? [];
  }

  /** The controller lister's Get. */
  controller(kind: SelectingControllerKind, namespace: string, name: string): SelectingController | undefined {
    return this.controllers.get(`${kind}/${namespace}/${name}`);
  }

  get empty(): boolean {
    return this.services.size === 0 && this.controllers.size === 0;
  }
}

const NO_SELECTING_OBJECTS = new SelectingObjects();


/** What the scheduler's listers hold besides nodes and pods. */
export interface Listers {
  readonly selecting: SelectingObjects;
  readonly podDisruptionBudgets: readonly PodDisruptionBudget[];
  /** The DeviceClasses' extended-resource mapping (DRAExtendedResource); none when absent. */
  readonly deviceClasses?: DeviceClassResolver;
  /** How many ResourceSlices the input has (DRA's devices, not modelled: DynamicResources refuses to guess). */
  readonly resourceSlices?: number;
}

export const NO_LISTERS: Listers = Object.freeze({ selecting: NO_SELECTING_OBJECTS, podDisruptionBudgets: [] });
