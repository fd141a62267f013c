// DRAExtendedResource against the real kube-scheduler, case by case: extended resources a DeviceClass backs,
// on nodes with a device plugin, without one, listing it at 0, by the class's explicit and implicit names,
// with Fit ignoring an unbacked resource, and past the allocator's claim limit. The same DeviceClass objects go
// to the oracle (its DRA manager's ExtendedResourceCache) and to schedkit; per pod the comparison is the
// differential test's (compare.ts). The generated scenarios of differential.test.ts carry DeviceClasses too.
import { afterAll, describe, expect, it } from "vitest";
import type { Scenario } from "@schedkit/core/arbitraries";
import { compareScenario } from "./compare.js";
import { Oracle } from "./oracle.js";
import { enginesUnderTest, prepare, runSchedkit, terminatingPods } from "./run.js";

type Json = Record<string, unknown>;
const GPU = "example.com/gpu";
const node = (name: string, extra: Json = {}): Json => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name, labels: { "kubernetes.io/hostname": name } },
  status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110", ...extra }, capacity: { cpu: "4", memory: "8Gi", pods: "110", ...extra } },
});
const pod = (name: string, containers: Json[], initContainers: Json[] = []): Json => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "ml", uid: `uid-${name}` },
  spec: { containers, ...(initContainers.length > 0 ? { initContainers } : {}) },
});
const container = (name: string, requests: Json): Json => ({ name, image: "registry.example/ml:1", resources: { requests } });

const NODES = [node("plugin", { [GPU]: "2" }), node("bare"), node("zero", { [GPU]: "0" })];
const scenario = (pods: Json[], profile?: object, nodes: Json[] = NODES): Scenario =>
  ({
    cluster: {
      nodes,
      pods,
      namespaces: [],
      deviceClasses: [{ apiVersion: "resource.k8s.io/v1", kind: "DeviceClass", metadata: { name: "gpu.example.com" }, spec: { extendedResourceName: GPU } }],
    },
    options: { percentageOfNodesToScore: 100, tieBreak: "first", seed: 0, ...(profile === undefined ? {} : { profile }) },
  }) as unknown as Scenario;

const CASES: [string, Scenario][] = [
  [
    "device plugin, no device plugin, listed at 0; the implicit name; cpu short everywhere",
    scenario([
      pod("one", [container("c", { cpu: "100m", [GPU]: "1" })]),
      pod("three", [container("c", { cpu: "100m", [GPU]: "3" })]),
      pod("implicit", [container("c", { cpu: "100m", "deviceclass.resource.kubernetes.io/gpu.example.com": "1" })]),
      pod("cpu", [container("c", { cpu: "5", [GPU]: "1" })]),
    ]),
  ],
  [
    "the allocator's claim limit, init containers reusing later requests",
    scenario([
      pod("many", [container("c", { cpu: "100m", [GPU]: "33" })]),
      pod("init", [container("a", { cpu: "100m", [GPU]: "20" }), container("b", { [GPU]: "13" })], [container("i", { [GPU]: "20" })]),
      pod("fits", [container("a", { [GPU]: "16" }), container("b", { [GPU]: "16" })], [container("i", { [GPU]: "32" })]),
    ]),
  ],
  [
    "the claim limit met in preemption's dry run (the node fails on cpu first, DynamicResources only without the victim)",
    scenario(
      [
        { ...pod("low", [container("c", { cpu: "4" })]), spec: { nodeName: "bare", priority: 0, containers: [container("c", { cpu: "4" })] }, status: { phase: "Running" } },
        { ...pod("urgent", [container("c", { cpu: "1", [GPU]: "33" })]), spec: { priority: 100, containers: [container("c", { cpu: "1", [GPU]: "33" })] } },
      ],
      undefined,
      [node("bare")],
    ),
  ],
  [
    "the same dry-run error on two nodes is printed once (utilerrors.Aggregate: each distinct message once, no brackets for one)",
    scenario(
      [
        { ...pod("low-1", [container("c", { cpu: "4" })]), spec: { nodeName: "bare-1", priority: 0, containers: [container("c", { cpu: "4" })] }, status: { phase: "Running" } },
        { ...pod("low-2", [container("c", { cpu: "4" })]), spec: { nodeName: "bare-2", priority: 0, containers: [container("c", { cpu: "4" })] }, status: { phase: "Running" } },
        { ...pod("urgent", [container("c", { cpu: "1", [GPU]: "33" })]), spec: { priority: 100, containers: [container("c", { cpu: "1", [GPU]: "33" })] } },
      ],
      undefined,
      [node("bare-1"), node("bare-2")],
    ),
  ],
  [
    "an unbacked resource Fit ignores and no node lists",
    scenario([pod("other", [container("c", { cpu: "100m", [GPU]: "1", "example.com/other": "1" })])], {
      schedulerName: "default-scheduler",
      pluginConfig: [{ name: "NodeResourcesFit", args: { ignoredResources: ["example.com/other"] } }],
    }),
  ],
];

const oracle = new Oracle();
afterAll(() => oracle.close());

describe.each(await enginesUnderTest())("DRA-backed extended resources: schedkit ($name engine) against kube-scheduler v1.37.1", (engine) => {
  it.each(CASES)("%s", async (_name, s) => {
    const p = prepare(s);
    const out = await oracle.run(p.oracle);
    expect(out.error).toBeUndefined();
    // The cases are about DynamicResources: some node of every pod but the cpu-short one is its.
    const dra = out.results.filter((r) => Object.values(r.filter ?? {}).some((f) => f.plugin === "DynamicResources") || r.error?.includes("DynamicResources") || r.message?.includes("DynamicResources"));
    expect(dra.length).toBeGreaterThan(0);
    for (const explain of [true, false]) {
      const differences = compareScenario(out, runSchedkit(engine, p, out, explain), terminatingPods(p));
      expect(differences, `explain ${explain}`).toEqual([]);
    }
  });
});
