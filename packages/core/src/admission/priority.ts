// kube-apiserver: plugin/pkg/admission/priority/admission.go (admitPod on Create, establishPriority,
// getDefaultPriorityClass, resolvePriorityClass) and the built-in classes of pkg/apis/scheduling/v1/helpers.go.
import { SchedkitError } from "../errors.js";
import type { PriorityClass } from "../model/types.js";

/** scheduling.SystemCriticalPriority = 2 × HighestUserDefinablePriority (pkg/apis/scheduling/types.go). */
export const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

/**
 * The classes the API server creates at bootstrap (systemPriorityClasses, storage_scheduling.go
 * AddSystemPriorityClasses), so every cluster has them whether or not a dump lists them.
 */
export const SYSTEM_PRIORITY_CLASSES: readonly PriorityClass[] = Object.freeze([
  { name: "system-node-critical", value: SYSTEM_CRITICAL_PRIORITY + 1000, globalDefault: false, preemptionPolicy: "PreemptLowerPriority" },
  { name: "system-cluster-critical", value: SYSTEM_CRITICAL_PRIORITY, globalDefault: false, preemptionPolicy: "PreemptLowerPriority" },
]);

/** What a pod states about its priority, before admission. */
export interface PodPriorityFields {
  readonly name: string;
  /** spec.priorityClassName ("" when unset). */
  readonly priorityClassName: string;
  /** spec.priority, undefined when unset. */
  readonly priority: number | undefined;
  /** spec.preemptionPolicy, undefined when unset. */
  readonly preemptionPolicy: "PreemptLowerPriority" | "Never" | undefined;
}

/** The admitted priority fields. */
export interface AdmittedPriority {
  readonly priorityClassName: string;
  readonly priority: number;
  readonly preemptionPolicy: "PreemptLowerPriority" | "Never";
}

/**
 * The Priority admission plugin over a set of PriorityClass objects (the input's, plus the two built-in ones
 * unless the input lists them itself).
 *
 * A pod that already carries `spec.priority` is an object the API server stored, so it was admitted when it was
 * created: its priority is kept (priority classes are immutable, so one listed in the input must still agree).
 * A pod without `spec.priority` is a manifest that has not met an API server: it is admitted as on Create.
 */
export class PriorityAdmission {
  private readonly byName = new Map<string, PriorityClass>();
  private readonly defaultClass: PriorityClass | null;

  /**
   * `classes`: the cluster's PriorityClasses. `unknownClass: "ignore"` is for a pod read without its cluster
   * (podRequests, podFromKube alone): a class that is not built in cannot be checked, so it resolves to the
   * pod's own fields (priority 0 when unset) instead of being rejected.
   */
  constructor(
    classes: readonly PriorityClass[] = [],
    private readonly unknownClass: "reject" | "ignore" = "reject",
  ) {
    for (const c of SYSTEM_PRIORITY_CLASSES) this.byName.set(c.name, c);
    for (const c of classes) this.byName.set(c.name, c);
    // getDefaultPriorityClass: of several globalDefault classes the one with the lowest value.
    let d: PriorityClass | null = null;
    for (const c of this.byName.values()) if (c.globalDefault && (d === null || d.value > c.value)) d = c;
    this.defaultClass = d;
  }

  /** The class of that name, if known. */
  get(name: string): PriorityClass | undefined {
    return this.byName.get(name);
  }

  /**
   * admitPod (Create). `path` is the pod's path (`pods[3]`); rejections are SchedkitErrors at the field, worded as
   * the API server's Forbidden error (`pods "web-0" is forbidden: no PriorityClass with name high was found`).
   */
  admit(pod: PodPriorityFields, path: string): AdmittedPriority {
    const forbidden = (field: string, value: unknown, reason: string) =>
      new SchedkitError(`${path}.spec.${field}`, value, `is rejected by admission: pods ${JSON.stringify(pod.name)} is forbidden: ${reason}`);
    const name = pod.priorityClassName;
    const stored = (className: string): AdmittedPriority => ({ priorityClassName: className, priority: pod.priority!, preemptionPolicy: pod.preemptionPolicy ?? "PreemptLowerPriority" });
    let cls: PriorityClass | null;
    if (name === "") {
      // Stored without a class: no default class existed when it was created.
      if (pod.priority !== undefined) return stored("");
      cls = this.defaultClass;
    } else {
      cls = this.byName.get(name) ?? null;
      if (cls === null) {
        // Stored object, class not in the input: it was resolved when the pod was created.
        if (pod.priority !== undefined) return stored(name);
        if (this.unknownClass === "ignore") return { priorityClassName: name, priority: 0, preemptionPolicy: pod.preemptionPolicy ?? "PreemptLowerPriority" };
        throw forbidden("priorityClassName", name, `no PriorityClass with name ${name} was found`);
      }
    }
    // getDefaultPriority without a default class: DefaultPriorityWhenNoDefaultClassExists (0), PreemptLowerPriority.
    const priority = cls?.value ?? 0;
    const policy = cls?.preemptionPolicy ?? "PreemptLowerPriority";
    if (pod.priority !== undefined && pod.priority !== priority) {
      throw forbidden(
        "priority",
        pod.priority,
        `the integer value of priority (${pod.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
      );
    }
    if (pod.preemptionPolicy !== undefined && pod.preemptionPolicy !== policy) {
      throw forbidden(
        "preemptionPolicy",
        pod.preemptionPolicy,
        `the string value of PreemptionPolicy (${pod.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
      );
    }
    return { priorityClassName: cls?.name ?? "", priority, preemptionPolicy: policy };
  }
}

/** What podFromKube uses without a cluster: the built-in classes, other classes unchecked. */
export const BUILTIN_PRIORITY_ADMISSION = new PriorityAdmission([], "ignore");
