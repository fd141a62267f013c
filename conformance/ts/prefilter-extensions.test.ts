// PreFilter extensions against the real kube-scheduler, case by case. Filtering a node with its nominated pods
// added (RunFilterPluginsWithNominatedPods) and the preemption dry run with victims removed (SelectVictimsOnNode)
// change PreFilter's state through PodTopologySpread's and InterPodAffinity's AddPod / RemovePod, which do not
// count exactly as PreFilter does: AddPod counts a pod under an empty spread selector (`{}`), which PreFilter's
// countPodsMatchSelector never counts, and RemovePod uncounts a terminating pod PreFilter skipped. A plugin whose
// PreFilter skipped gets no AddPod at all. The comparison per pod is the differential test's (compare.ts).
import { afterAll, describe, expect, it } from "vitest";
import type { Scenario } from "@schedkit/core/arbitraries";
import { compareScenario } from "./compare.js";
import { Oracle } from "./oracle.js";
import { enginesUnderTest, prepare, runSchedkit, terminatingPods } from "./run.js";

type Json = Record<string, unknown>;
const node = (name: string, cpu: string, zone?: string): Json => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name, labels: { "kubernetes.io/hostname": name, ...(zone === undefined ? {} : { "topology.kubernetes.io/zone": zone }) } },
  status: { allocatable: { cpu, memory: "8Gi", pods: "110" }, capacity: { cpu, memory: "8Gi", pods: "110" } },
});
interface PodOptions {
  readonly cpu?: string;
  readonly priority?: number;
  readonly labels?: Record<string, string>;
  readonly nodeName?: string;
  readonly nominatedNodeName?: string;
  readonly terminating?: boolean;
  readonly spec?: Json;
}
const pod = (name: string, o: PodOptions = {}): Json => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name,
    namespace: "default",
    uid: `uid-${name}`,
    ...(o.labels === undefined ? {} : { labels: o.labels }),
    ...(o.terminating === true ? { deletionTimestamp: "2026-12-01T00:00:00Z", finalizers: ["example.com/hold"] } : {}),
  },
  spec: {
    ...(o.nodeName === undefined ? {} : { nodeName: o.nodeName }),
    ...(o.priority === undefined ? {} : { priority: o.priority }),
    containers: [{ name: "c", image: "nginx:1.25", resources: { requests: { cpu: o.cpu ?? "100m" } } }],
    ...o.spec,
  },
  ...(o.nominatedNodeName === undefined ? {} : { status: { nominatedNodeName: o.nominatedNodeName } }),
});
const scenario = (nodes: Json[], pods: Json[]): Scenario =>
  ({ cluster: { nodes, pods, namespaces: [] }, options: { percentageOfNodesToScore: 100, tieBreak: "first", seed: 0 } }) as unknown as Scenario;
const spread = (topologyKey: string, labelSelector: Json): Json => ({
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey, whenUnsatisfiable: "DoNotSchedule", labelSelector }],
});
const antiAffinity = (matchLabels: Record<string, string>): Json => ({
  affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels }, topologyKey: "kubernetes.io/hostname" }] } },
});
const APP = { app: "x" };

/** What kube-scheduler did with the case's pod: the case is about that outcome, and schedkit must match it. */
interface Want {
  readonly pod: string;
  readonly status: "Scheduled" | "Unschedulable";
  /** The node chosen (Scheduled) or nominated by preemption (Unschedulable). */
  readonly node: string;
  /** The plugin that rejected node a, or null when a passed the filters. */
  readonly onA: string | null;
}

const CASES: [string, Scenario, Want][] = [
  [
    "a nominated pod counts for spreading under an empty selector, which PreFilter's count never does",
    scenario([node("a", "1", "z1"), node("b", "1")], [pod("spread", { spec: spread("kubernetes.io/hostname", {}) }), pod("nominated", { nominatedNodeName: "a" })]),
    // a: 1 nominated + 1 self − minimum 0 (b) = 2 > 1; without AddPod's count a would pass.
    { pod: "default/spread", status: "Scheduled", node: "b", onA: "PodTopologySpread" },
  ],
  [
    "a terminating victim leaves its zone's spreading count in the dry run, though PreFilter never counted it",
    scenario(
      [node("a", "1", "z1"), node("a2", "1", "z1"), node("b", "500m", "z2")],
      [
        pod("leaving", { nodeName: "a", cpu: "1", labels: APP, terminating: true }),
        pod("important", { nodeName: "a2", cpu: "1", priority: 100, labels: APP }),
        pod("spread", { cpu: "1", priority: 10, labels: APP, spec: spread("topology.kubernetes.io/zone", { matchLabels: APP }) }),
      ],
    ),
    // z1 counts 1 (the terminating pod is skipped); RemovePod takes it to 0, so evicting it makes room on a.
    { pod: "default/spread", status: "Unschedulable", node: "a", onA: "NodeResourcesFit" },
  ],
  [
    "InterPodAffinity: a nominated pod's required anti-affinity rejects the incoming pod on its node",
    scenario([node("a", "1"), node("b", "1")], [pod("incoming", { labels: APP, spec: antiAffinity({ app: "none" }) }), pod("nominated", { nominatedNodeName: "a", spec: antiAffinity(APP) })]),
    { pod: "default/incoming", status: "Scheduled", node: "b", onA: "InterPodAffinity" },
  ],
  [
    "InterPodAffinity: with PreFilter skipped, a nominated pod's anti-affinity is never added (AddPod runs only for plugins that did not skip)",
    scenario([node("a", "1"), node("b", "1")], [pod("incoming", { labels: APP }), pod("nominated", { nominatedNodeName: "a", spec: antiAffinity(APP) })]),
    { pod: "default/incoming", status: "Scheduled", node: "a", onA: null },
  ],
  [
    "InterPodAffinity: evicting a victim whose anti-affinity rejects the incoming pod makes room (RemovePod)",
    scenario(
      [node("a", "2"), node("b", "2")],
      [
        pod("victim", { nodeName: "a", priority: 0, spec: antiAffinity(APP) }),
        pod("important", { nodeName: "b", cpu: "2", priority: 100 }),
        pod("incoming", { cpu: "1", priority: 10, labels: APP }),
      ],
    ),
    { pod: "default/incoming", status: "Unschedulable", node: "a", onA: "InterPodAffinity" },
  ],
];

const oracle = new Oracle();
afterAll(() => oracle.close());

describe.each(await enginesUnderTest())("PreFilter extensions: schedkit ($name engine) against kube-scheduler v1.37.1", (engine) => {
  it.each(CASES)("%s", async (_name, s, want) => {
    const p = prepare(s);
    const out = await oracle.run(p.oracle);
    expect(out.error).toBeUndefined();
    const r = out.results.find((x) => x.pod === want.pod);
    const a = r?.filter?.["a"];
    expect({ status: r?.status, node: r?.status === "Scheduled" ? r.chosen : r?.nominatedNode, onA: a === undefined || a.code === "Success" ? null : a.plugin }).toEqual({
      status: want.status,
      node: want.node,
      onA: want.onA,
    });
    for (const explain of [true, false]) {
      const differences = compareScenario(out, runSchedkit(engine, p, out, explain), terminatingPods(p));
      expect(differences, `explain ${explain}`).toEqual([]);
    }
  });
});
