import { describe, expect, it } from "vitest";
import { SchedkitError } from "../../errors.js";
import { createCluster, schedule } from "../../index.js";
import { parseInterPodAffinityArgs } from "./plugin.js";

describe("InterPodAffinityArgs", () => {
  it.each([
    { name: "absent args: weight 1, existing pods' preferences honoured", args: undefined, want: { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false } },
    { name: "an unset weight defaults to 1", args: { ignorePreferredTermsOfExistingPods: true }, want: { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: true } },
    { name: "an explicit 0 stays 0", args: { hardPodAffinityWeight: 0 }, want: { hardPodAffinityWeight: 0, ignorePreferredTermsOfExistingPods: false } },
    { name: "100 is the maximum", args: { hardPodAffinityWeight: 100 }, want: { hardPodAffinityWeight: 100, ignorePreferredTermsOfExistingPods: false } },
  ])("$name", ({ args, want }) => {
    expect(parseInterPodAffinityArgs(args, "args")).toEqual(want);
  });

  it.each([
    { name: "a weight above 100", args: { hardPodAffinityWeight: 101 }, path: "args.hardPodAffinityWeight" },
    { name: "a negative weight", args: { hardPodAffinityWeight: -1 }, path: "args.hardPodAffinityWeight" },
    { name: "a fractional weight", args: { hardPodAffinityWeight: 1.5 }, path: "args.hardPodAffinityWeight" },
    { name: "a non-boolean ignorePreferredTermsOfExistingPods", args: { ignorePreferredTermsOfExistingPods: "yes" }, path: "args.ignorePreferredTermsOfExistingPods" },
    { name: "args that are not an object", args: 3, path: "args" },
  ])("rejects $name, naming the field", ({ args, path }) => {
    let err: unknown;
    try {
      parseInterPodAffinityArgs(args, "args");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SchedkitError);
    expect((err as SchedkitError).path).toBe(path);
  });
});

describe("InterPodAffinity through createCluster + schedule", () => {
  it("resolves namespaceSelector against the cluster's Namespace objects and scores with the default profile", () => {
    const node = (name: string, zone: string) => ({ kind: "Node", metadata: { name, labels: { zone } }, status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } } });
    const pod = (name: string, ns: string, labels: Record<string, string>, spec: Record<string, unknown> = {}) => ({
      kind: "Pod",
      metadata: { name, namespace: ns, labels },
      spec: { containers: [{ name: "c" }], ...spec },
    });
    const cluster = createCluster({
      nodes: [node("a", "z1"), node("b", "z2")],
      pods: [pod("db", "blue", { app: "db" }, { nodeName: "b" })],
      namespaces: [{ kind: "Namespace", metadata: { name: "blue", labels: { team: "blue" } } }],
    });
    const term = { labelSelector: { matchLabels: { app: "db" } }, namespaceSelector: { matchLabels: { team: "blue" } }, topologyKey: "zone" };
    const required = pod("web", "default", { app: "web" }, { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } });
    const r = schedule(required, cluster, { tieBreak: "first" });
    expect(r.nodeName).toBe("b");
    expect(r.explanation!.nodes.find((n) => n.node === "a")!.status.reasons).toEqual(["node(s) didn't match pod affinity rules"]);

    const preferred = pod("web", "default", { app: "web" }, {
      affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term }] } },
    });
    const s = schedule(preferred, cluster, { tieBreak: "first" });
    const ipa = (node: string) => s.explanation!.nodes.find((n) => n.node === node)!.scores.find((x) => x.plugin === "InterPodAffinity");
    // z2 +10, z1 0 → normalized 100 / 0, weighted ×2 in the default profile.
    expect([ipa("a")?.weighted, ipa("b")?.weighted]).toEqual([0, 200]);
    expect(s.nodeName).toBe("b");
  });
});
