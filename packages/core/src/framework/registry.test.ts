// User plugins (SchedulerOptions.plugins): registered by name next to the in-tree registry (runtime/registry.go
// Merge), enabled by a profile, run at their extension points like the in-tree plugins.
import { describe, expect, it } from "vitest";
import { createCluster, schedule, scheduleAll, SchedkitError, Scheduler, SUCCESS, type PluginFactory } from "../index.js";
import { avoidPool, fewestPods, USER_PLUGINS, USER_PROFILE } from "../_test/user-plugins.js";

type Json = Record<string, any>;
const node = (name: string, labels: Record<string, string> = {}, cpu = "4"): Json => ({
  kind: "Node",
  metadata: { name, labels: { "kubernetes.io/hostname": name, ...labels } },
  status: { allocatable: { cpu, memory: "16Gi", pods: "110" } },
});
const pod = (name: string, labels: Record<string, string> = {}, extra: Json = {}): Json => ({
  kind: "Pod",
  metadata: { name, namespace: "default", labels },
  spec: { containers: [{ name: "c", resources: { requests: { cpu: "1", memory: "1Gi" } } }], ...extra },
});
const zone = (z: string) => ({ "topology.kubernetes.io/zone": z });

const cluster = createCluster([
  node("a1", { ...zone("a"), pool: "gpu" }),
  node("a2", zone("a")),
  node("b1", { ...zone("b"), pool: "gpu" }),
  pod("running", {}, { nodeName: "a2" }),
]);
const options = { plugins: USER_PLUGINS, profile: USER_PROFILE, seed: 7 };
const only = (...names: string[]) => ({ plugins: { multiPoint: { enabled: names.map((name) => ({ name })), disabled: [{ name: "*" }] } } });

describe("registering plugins", () => {
  const bad = (plugins: unknown, profile: unknown = only("X")) => () => new Scheduler(cluster, { plugins: plugins as PluginFactory[], profile });

  it("refuses a name already registered, in-tree or by another user plugin, naming it", () => {
    expect(bad([{ name: "NodeAffinity", create: () => ({ name: "NodeAffinity", filter: () => SUCCESS }) }])).toThrow('plugins[0].name: "NodeAffinity" is a plugin name already registered');
    expect(bad([avoidPool, avoidPool])).toThrow('plugins[1].name: "AvoidPool" is a plugin name already registered');
  });

  it("refuses a factory without a name or a create function", () => {
    expect(bad([{ create: () => ({}) }])).toThrow(SchedkitError);
    expect(bad([{ name: "X" }])).toThrow('plugins[0].create is required (expected a function (plugin "X"))');
    expect(bad("AvoidPool")).toThrow('plugins: "AvoidPool" is not a list of plugin factories');
  });

  it("refuses, once the profile enables it, a plugin without extension points, with a method that is not a function, or misnamed", () => {
    expect(bad([{ name: "X", create: () => ({ name: "X" }) }])).toThrow('plugin "X": "X" implements no extension point');
    expect(bad([{ name: "X", create: () => ({ name: "X", filter: 3 }) }])).toThrow('plugin "X": filter: 3 is not a function');
    expect(bad([{ name: "X", create: () => ({ name: "Y", filter: () => SUCCESS }) }])).toThrow('plugin "X": create().name: "Y" is not the registered name "X"');
    expect(bad([{ name: "X", create: () => ({ name: "X", normalizeScore: () => undefined }) }])).toThrow('plugin "X": normalizeScore');
  });

  it("a registered plugin runs only where a profile enables it", () => {
    const withoutProfile = schedule(pod("p", { avoid: "gpu" }), cluster, { plugins: USER_PLUGINS, seed: 7 });
    expect(withoutProfile.explanation!.scorePlugins.map((p) => p.plugin)).not.toContain("FewestPods");
    expect(withoutProfile.explanation!.nodes.every((n) => n.status.code === "Success")).toBe(true);
  });

  it("a profile naming a plugin nobody registered is an error naming it", () => {
    expect(() => new Scheduler(cluster, { profile: only("AvoidPool") })).toThrow('profile.plugins.multiPoint.enabled[0]: "AvoidPool" is not a known plugin');
  });

  it("a plugin's pluginConfig args reach its factory", () => {
    const seen: unknown[] = [];
    const spy: PluginFactory = { name: "Spy", create: (args) => (seen.push(args), { name: "Spy", filter: () => SUCCESS }) };
    new Scheduler(cluster, { plugins: [spy], profile: { ...only("Spy"), pluginConfig: [{ name: "Spy", args: { k: 1 } }] } });
    expect(seen).toEqual([{ k: 1 }]);
  });
});

describe("user plugins at each extension point", () => {
  it("Filter: the rejection and its reason, as an in-tree filter's", () => {
    const r = schedule(pod("p", { avoid: "gpu" }), cluster, options);
    expect(r.nodeName).toBe("a2");
    expect(r.explanation!.nodes.find((n) => n.node === "a1")!.status).toEqual({ code: "Unschedulable", reasons: ["node(s) are in an avoided pool"], plugin: "AvoidPool" });
  });

  it("PreFilter: a node restriction limits the examined nodes; Skip removes the plugin's Filter", () => {
    const pinned = schedule(pod("p", { zone: "b" }), cluster, options);
    expect(pinned.evaluatedNodes).toBe(1);
    expect(pinned.nodeName).toBe("b1");
    const free = schedule(pod("q"), cluster, options);
    expect(free.explanation!.preFilter.find((p) => p.plugin === "ZonePin")!.status.code).toBe("Skip");
    expect(free.evaluatedNodes).toBe(3);
  });

  it("Score / NormalizeScore / weight: reported per node like the in-tree scores; PreScore Skip drops the plugin", () => {
    const r = schedule(pod("p"), cluster, options);
    const a2 = r.explanation!.nodes.find((n) => n.node === "a2")!.scores.find((s) => s.plugin === "FewestPods")!;
    expect(a2).toEqual({ plugin: "FewestPods", raw: 2, normalized: 0, weighted: 0 });
    expect(r.explanation!.scorePlugins).toContainEqual({ plugin: "FewestPods", weight: 3 });
    const skipped = schedule(pod("q", { spread: "off" }), cluster, options);
    expect(skipped.explanation!.scorePlugins.map((p) => p.plugin)).not.toContain("FewestPods");
  });

  it("PostFilter: a rejection's reason joins the FailedScheduling message after the in-tree PostFilters'", () => {
    const r = schedule(pod("p", { zone: "c" }), cluster, options);
    expect(r.status).toBe("Unschedulable");
    expect(r.message).toBe(
      "0/3 nodes are available: node(s) didn't satisfy plugin ZonePin. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling., hint: 3 node(s) rejected p",
    );
    expect(r.explanation!.postFilter.map((p) => p.plugin)).toEqual(["DynamicResources", "DefaultPreemption", "Hint"]);
  });

  it("a normalized score outside [0, 100] is the cycle's error naming the plugin (RunScorePlugins)", () => {
    const big: PluginFactory = { name: "Big", create: () => ({ name: "Big", score: () => 101 }) };
    const r = schedule(pod("p"), cluster, { plugins: [big], profile: only("Big") });
    expect(r.status).toBe("Error");
    expect(r.message).toBe('plugin "Big" returns an invalid score 101, it should in the range of [0, 100] after normalizing');
  });

  it("scheduleAll: later cycles see the pods placed before (FewestPods sends two pods to the two empty nodes)", () => {
    const run = scheduleAll([pod("x"), pod("y")], cluster, { plugins: [fewestPods], profile: { plugins: { multiPoint: { enabled: [{ name: "FewestPods", weight: 50 }] } } } });
    expect(new Set(run.results.map((r) => r.nodeName))).toEqual(new Set(["a1", "b1"]));
  });
});
