// Golden cases: ../../../test-data/pod_topology_spread_filter.json (TestSingleConstraint, TestMultipleConstraints,
// TestPreFilterState), through createCluster + schedule with PodTopologySpread as the only plugin, and through
// the public topologySpreadCounts analysis for the PreFilter counts.
import { describe, expect, it } from "vitest";
import { createCluster, schedule } from "../../index.js";
import { topologySpreadCounts } from "../../analysis/index.js";
import { fixtureCounter, loadFixture } from "../../_test/fixtures.js";
import { toKubeNode, toKubePod } from "../../_test/kube.js";
import { codeAndReasons, expectedStatus, singlePluginProfile } from "../../_test/single-plugin.js";

const FILE = "pod_topology_spread_filter.json";
const PLUGIN = "PodTopologySpread";
const fx = loadFixture(FILE);
const counter = fixtureCounter(FILE, fx.caseCount);

type Json = Record<string, any>;

function cluster(c: Json) {
  return createCluster({
    nodes: c.nodes.map((n: Json) => toKubeNode(n)),
    pods: (c.existingPods ?? []).map((p: Json, i: number) => toKubePod(p, `existing-${i}`)),
  });
}

describe("PodTopologySpread fixtures", () => {
  const cases: [string, Json][] = fx.cases.map((c: Json) => [`${c.sourceTest}: ${c.name}${c.caseIndex === undefined ? "" : ` #${c.caseIndex}`}`, c]);
  it.each(cases)("%s", (_n, c) => {
    const pod = toKubePod(c.pod, "incoming");
    const featureGates = c.features ?? {};
    // The Go tables switch NodeInclusionPolicyInPodTopologySpread off through feature.Features; since 1.33 the
    // gate is locked on, so those cases run as 1.32 (PodTopologySpread has no other release-gated rule).
    const kubernetesVersion = featureGates.nodeInclusionPolicyInPodTopologySpread === false ? "1.32" : undefined;
    if (c.kind === "preFilterCounts") {
      const got = topologySpreadCounts(pod, cluster(c), { featureGates, kubernetesVersion });
      expect(got.map((k) => Object.fromEntries(k.counts))).toEqual(c.expected.matchNumPerConstraint);
    } else {
      const r = schedule(pod, cluster(c), { profile: singlePluginProfile(PLUGIN), featureGates, kubernetesVersion, percentageOfNodesToScore: 100, tieBreak: "first" });
      const statuses = Object.fromEntries(r.explanation!.nodes.map((n) => [n.node, codeAndReasons(n.status)]));
      const want = Object.fromEntries(Object.entries(c.expected.filter as Json).map(([n, s]) => [n, expectedStatus(s)]));
      expect(statuses).toEqual(want);
    }
    counter.ran();
  });
});
