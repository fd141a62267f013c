import { describe, expect, it } from "vitest";
import { createCluster, scheduleAll } from "../index.js";
import { PriorityAdmission, SYSTEM_CRITICAL_PRIORITY } from "./priority.js";
import { priorityClassFromKube } from "../model/workloads.js";
import { podFromKube } from "../model/kube.js";

type Json = Record<string, any>;

const pc = (name: string, value: number, extra: Json = {}): Json => ({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value, ...extra });
const pod = (name: string, spec: Json = {}): Json => ({ kind: "Pod", metadata: { name, namespace: "default" }, spec: { containers: [{ name: "c" }], ...spec } });
const classes = [pc("high", 1000), pc("batch", 10, { preemptionPolicy: "Never" }), pc("low-default", -5, { globalDefault: true }), pc("mid-default", 5, { globalDefault: true })];
const admission = new PriorityAdmission(classes.map((c, i) => priorityClassFromKube(c, `items[${i}]`)));
const admit = (fields: Partial<Parameters<PriorityAdmission["admit"]>[0]>) =>
  admission.admit({ name: "web-0", priorityClassName: "", priority: undefined, preemptionPolicy: undefined, ...fields }, "pods[0]");

describe("establishPriority: a pod without spec.priority is admitted as on Create", () => {
  it("takes its class's value and preemptionPolicy", () => {
    expect(admit({ priorityClassName: "batch" })).toEqual({ priorityClassName: "batch", priority: 10, preemptionPolicy: "Never" });
    expect(admit({ priorityClassName: "high" })).toEqual({ priorityClassName: "high", priority: 1000, preemptionPolicy: "PreemptLowerPriority" });
  });

  it("without a class name takes the globalDefault class with the lowest value (getDefaultPriorityClass)", () => {
    expect(admit({})).toEqual({ priorityClassName: "low-default", priority: -5, preemptionPolicy: "PreemptLowerPriority" });
  });

  it("without a class name or a default class gets priority 0 and PreemptLowerPriority", () => {
    expect(new PriorityAdmission().admit({ name: "p", priorityClassName: "", priority: undefined, preemptionPolicy: undefined }, "pod")).toEqual({
      priorityClassName: "",
      priority: 0,
      preemptionPolicy: "PreemptLowerPriority",
    });
  });

  it("knows the built-in system-node-critical and system-cluster-critical classes", () => {
    expect(admit({ priorityClassName: "system-node-critical" }).priority).toBe(SYSTEM_CRITICAL_PRIORITY + 1000);
    expect(admit({ priorityClassName: "system-cluster-critical" }).priority).toBe(2_000_000_000);
  });
});

describe("admitPod rejects what the API server forbids, in its words", () => {
  it("an unknown class", () => {
    expect(() => admit({ priorityClassName: "gold" })).toThrow(
      'pods[0].spec.priorityClassName: "gold" is rejected by admission: pods "web-0" is forbidden: no PriorityClass with name gold was found',
    );
  });

  it("a stated priority that differs from the class's", () => {
    expect(() => admit({ priorityClassName: "high", priority: 7 })).toThrow(
      'pods[0].spec.priority: 7 is rejected by admission: pods "web-0" is forbidden: the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name',
    );
  });

  it("a stated preemptionPolicy that differs from the class's (no class: PreemptLowerPriority)", () => {
    expect(() => admit({ priorityClassName: "batch", preemptionPolicy: "PreemptLowerPriority" })).toThrow(
      "the string value of PreemptionPolicy (PreemptLowerPriority) must not be provided in pod spec; priority admission controller computed Never from the given PriorityClass name",
    );
    expect(() => new PriorityAdmission().admit({ name: "p", priorityClassName: "", priority: undefined, preemptionPolicy: "Never" }, "pod")).toThrow(
      "priority admission controller computed PreemptLowerPriority",
    );
  });
});

describe("pods the API server already stored (spec.priority set) keep their priority", () => {
  it("when their class is not in the input", () => {
    expect(admit({ priorityClassName: "gone", priority: 42, preemptionPolicy: "Never" })).toEqual({ priorityClassName: "gone", priority: 42, preemptionPolicy: "Never" });
  });

  it("when they name no class (none was the default when they were created)", () => {
    expect(admit({ priority: 3 })).toEqual({ priorityClassName: "", priority: 3, preemptionPolicy: "PreemptLowerPriority" });
  });

  it("and must agree with a class listed in the input (values are immutable)", () => {
    expect(() => admit({ priorityClassName: "high", priority: 999 })).toThrow("must not be provided in pod spec");
  });
});

describe("a pod read without its cluster (podFromKube alone, podRequests)", () => {
  it("resolves the built-in classes but cannot check others: they leave the pod's own fields", () => {
    expect(podFromKube(pod("p", { priorityClassName: "system-node-critical" }), "pod").priority).toBe(2_000_001_000);
    expect(podFromKube(pod("p", { priorityClassName: "gold" }), "pod").priority).toBe(0);
  });
});

describe("ValidatePriorityClass", () => {
  it("reserves the system- prefix for the built-in classes", () => {
    expect(() => priorityClassFromKube(pc("system-mine", 10), "items[0]")).toThrow("items[0].metadata.name: \"system-mine\" is forbidden: priority class names with 'system-' prefix are reserved for system use only");
    expect(priorityClassFromKube(pc("system-node-critical", 2_000_001_000), "x").value).toBe(2_000_001_000);
  });

  it("caps user-defined values at HighestUserDefinablePriority", () => {
    expect(() => priorityClassFromKube(pc("huge", 1_000_000_001), "items[0]")).toThrow("items[0].value: 1000000001 is forbidden: maximum allowed value of a user defined priority is 1000000000");
  });

  it("requires a value and a known preemptionPolicy", () => {
    expect(() => priorityClassFromKube({ kind: "PriorityClass", metadata: { name: "x" } }, "items[0]")).toThrow("items[0].value is required");
    expect(() => priorityClassFromKube(pc("x", 1, { preemptionPolicy: "Sometimes" }), "items[0]")).toThrow('items[0].preemptionPolicy: "Sometimes" is not PreemptLowerPriority or Never');
  });
});

describe("createCluster admits pending pods with the input's PriorityClasses", () => {
  it("PrioritySort then orders the queue by the resolved priority", () => {
    const cluster = createCluster({ kind: "List", items: [...classes, pod("a"), pod("b", { priorityClassName: "high" }), pod("c", { priorityClassName: "batch" })] });
    expect(cluster.pendingPods.map((p) => [p.name, p.priority, p.preemptionPolicy])).toEqual([
      ["a", -5, "PreemptLowerPriority"],
      ["b", 1000, "PreemptLowerPriority"],
      ["c", 10, "Never"],
    ]);
    expect(scheduleAll(undefined, cluster).results.map((r) => r.pod)).toEqual(["default/b", "default/c", "default/a"]);
  });

  it("--pod manifests given to scheduleAll are admitted too", () => {
    const cluster = createCluster({ kind: "List", items: classes });
    expect(() => scheduleAll([pod("x", { priorityClassName: "nope" })], cluster)).toThrow('pods[0].spec.priorityClassName: "nope" is rejected by admission');
  });

  it("rejects two PriorityClasses of the same name", () => {
    expect(() => createCluster({ kind: "List", items: [pc("high", 1), pc("high", 2)] })).toThrow('items[1].metadata.name: "high" is a duplicate PriorityClass name (also items[0])');
  });
});
