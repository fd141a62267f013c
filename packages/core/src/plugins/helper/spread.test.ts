import { describe, expect, it } from "vitest";
import { podFromKube } from "../../model/kube.js";
import { SelectingObjects, selectingObjectFromKube } from "../../model/workloads.js";
import { defaultSelector } from "./spread.js";

type Json = Record<string, any>;

const pod = (labels: Record<string, string>, owner?: Json, namespace = "default") =>
  podFromKube(
    { kind: "Pod", metadata: { name: "p", namespace, labels, ...(owner === undefined ? {} : { ownerReferences: [{ uid: "u", ...owner }] }) }, spec: { containers: [{ name: "c" }] } },
    "pod",
  );
const objects = (...items: Json[]) => new SelectingObjects(items.map((o, i) => selectingObjectFromKube(o, `items[${i}]`)));
const svc = (name: string, selector: Json | undefined, namespace = "default") => ({ kind: "Service", metadata: { name, namespace }, spec: selector === undefined ? {} : { selector } });
const rs = (name: string, selector: Json | undefined) => ({ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name }, spec: selector === undefined ? {} : { selector } });
const rc = (name: string, selector: Json) => ({ apiVersion: "v1", kind: "ReplicationController", metadata: { name }, spec: { selector } });
const ss = (name: string, selector: Json) => ({ apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name }, spec: { selector } });
const owner = (kind: string, name: string, apiVersion = kind === "ReplicationController" ? "v1" : "apps/v1") => ({ apiVersion, kind, name, controller: true });

describe("DefaultSelector: Services selecting the pod", () => {
  it("merges the selectors of every Service in the pod's namespace that selects it", () => {
    const o = objects(svc("a", { app: "web" }), svc("b", { tier: "fe" }), svc("other", { app: "db" }), svc("elsewhere", { app: "web" }, "prod"));
    expect(defaultSelector(pod({ app: "web", tier: "fe" }), o)).toEqual([
      { key: "app", operator: "In", values: ["web"] },
      { key: "tier", operator: "In", values: ["fe"] },
    ]);
  });

  it("a Service without a selector selects nothing; an empty one selects every pod but adds no requirement", () => {
    expect(defaultSelector(pod({ app: "web" }), objects(svc("none", undefined), svc("all", {})))).toEqual([]);
  });
});

describe("DefaultSelector: the pod's controller", () => {
  it("adds a ReplicaSet's selector requirements (matchLabels and matchExpressions)", () => {
    const o = objects(rs("web-5d4", { matchLabels: { app: "web" }, matchExpressions: [{ key: "pod-template-hash", operator: "In", values: ["5d4"] }] }));
    expect(defaultSelector(pod({ app: "web" }, owner("ReplicaSet", "web-5d4")), o)).toEqual([
      { key: "app", operator: "In", values: ["web"] },
      { key: "pod-template-hash", operator: "In", values: ["5d4"] },
    ]);
  });

  it("merges a ReplicationController's map selector into the Services' label set", () => {
    expect(defaultSelector(pod({ app: "web" }, owner("ReplicationController", "rc")), objects(svc("s", { app: "web" }), rc("rc", { app: "web", v: "1" })))).toEqual([
      { key: "app", operator: "In", values: ["web"] },
      { key: "v", operator: "In", values: ["1"] },
    ]);
  });

  it("follows StatefulSets too", () => {
    expect(defaultSelector(pod({ app: "db" }, owner("StatefulSet", "db")), objects(ss("db", { matchLabels: { app: "db" } })))).toEqual([{ key: "app", operator: "In", values: ["db"] }]);
  });

  it("ignores owners that are not the controller, of another group/version or kind, or missing from the input", () => {
    const o = objects(rs("web", { matchLabels: { app: "web" } }));
    expect(defaultSelector(pod({ app: "web" }, { ...owner("ReplicaSet", "web"), controller: false }), o)).toEqual([]);
    expect(defaultSelector(pod({ app: "web" }, owner("ReplicaSet", "web", "extensions/v1beta1")), o)).toEqual([]);
    expect(defaultSelector(pod({ app: "web" }, owner("Deployment", "web")), o)).toEqual([]);
    expect(defaultSelector(pod({ app: "web" }, owner("ReplicaSet", "gone")), o)).toEqual([]);
  });

  it("a controller with a nil selector adds nothing", () => {
    expect(defaultSelector(pod({ app: "web" }, owner("ReplicaSet", "web")), objects(rs("web", undefined)))).toEqual([]);
  });
});
