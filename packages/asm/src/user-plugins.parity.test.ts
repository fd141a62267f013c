// User plugins on the WebAssembly engine: the kernel runs the in-tree plugins it knows, the cycle and the
// TypeScript evaluator jobs run the user's; results and explanations equal the reference engine's.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCluster, syntheticCluster, syntheticPods, tsEngine, type PluginFactory } from "@schedkit/core";
import { USER_PLUGINS, USER_PROFILE } from "../../core/src/_test/user-plugins.js";
import { createWasmEngineSync } from "./index.js";
import { assertProperty, propertySeeds, runParameters } from "../../core/src/_test/long.js";
import { statsOf } from "./engine.js";

const engines = [["simd", createWasmEngineSync({ flavor: "simd" })], ["scalar", createWasmEngineSync({ flavor: "scalar" })]] as const;

type Json = Record<string, any>;

/** A synthetic cluster whose nodes carry `pool` labels, and pods labelled for the user plugins (avoid / zone / spread). */
function scenario(seed: number, nodes: number, pods: number): { cluster: ReturnType<typeof createCluster>; pods: Json[] } {
  const c = syntheticCluster({ nodes, seed, maxPodsPerNode: 20 }) as { nodes: Json[] } & Json;
  c.nodes.forEach((n, i) => {
    if (i % 3 === 0) n.metadata.labels.pool = i % 2 === 0 ? "gpu" : "spot";
  });
  const list = (syntheticPods({ count: pods, seed: seed + 1 }) as Json[]).map((p, i) => {
    const labels: Record<string, string> = { ...p.metadata.labels };
    if (i % 4 === 1) labels.avoid = "gpu";
    if (i % 5 === 2) labels.zone = `zone-${i % 3}`;
    if (i % 7 === 3) labels.spread = "off";
    return { ...p, metadata: { ...p.metadata, labels } };
  });
  return { cluster: createCluster(c), pods: list };
}

const options = { plugins: USER_PLUGINS, profile: USER_PROFILE };

describe.each(engines)("user plugins: WASM engine equals the TypeScript reference (%s kernel)", (_flavor, wasm) => {
  const { cluster, pods } = scenario(21, 300, 150);

  it("scheduleAll, with and without explanations, every tie-break", () => {
    const before = statsOf(wasm);
    for (const explain of [false, true]) {
      for (const extra of [{ seed: 5 }, { tieBreak: "first" as const }, { percentageOfNodesToScore: 100, seed: 6 }]) {
        expect(wasm.scheduleAll(pods, cluster, { ...options, ...extra, explain })).toEqual(tsEngine.scheduleAll(pods, cluster, { ...options, ...extra, explain }));
      }
    }
    // The kernel did filter and score phases (the in-tree plugins) next to the TypeScript user plugins.
    const after = statsOf(wasm);
    expect(after.kernelFilter).toBeGreaterThan(before.kernelFilter);
    expect(after.kernelScore).toBeGreaterThan(before.kernelScore);
  });

  it("schedule, pod by pod, explanations included (unschedulable pods with the user PostFilter too)", () => {
    for (const pod of pods.slice(0, 40)) expect(wasm.schedule(pod, cluster, { ...options, seed: 9 })).toEqual(tsEngine.schedule(pod, cluster, { ...options, seed: 9 }));
    const pinnedNowhere = { ...pods[0]!, metadata: { ...pods[0]!.metadata, name: "nowhere", labels: { zone: "zone-9" } } };
    const r = tsEngine.schedule(pinnedNowhere, cluster, options);
    expect(r.explanation!.postFilter.map((p) => p.plugin)).toContain("Hint");
    expect(wasm.schedule(pinnedNowhere, cluster, options)).toEqual(r);
  });

  it("a user score outside [0, 100] is the same error on both engines", () => {
    const big: PluginFactory = { name: "Big", create: () => ({ name: "Big", score: (_s, _p, n) => (n.node.name.endsWith("7") ? 101 : 1) }) };
    const o = { plugins: [big], profile: { plugins: { multiPoint: { enabled: [{ name: "Big" }] } } }, percentageOfNodesToScore: 100 };
    const ref = tsEngine.scheduleAll(pods.slice(0, 5), cluster, o);
    expect(ref.results[0]!.status).toBe("Error");
    expect(wasm.scheduleAll(pods.slice(0, 5), cluster, o)).toEqual(ref);
  });

  it.each(propertySeeds(42))("random clusters and pods, %s %i", (kind, seed) => {
    assertProperty(
      `user plugins parity (${kind})`,
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 60 }), fc.boolean(), (s, nodes, explain) => {
        const { cluster, pods } = scenario(s, nodes, 30);
        const o = { ...options, seed: s, explain };
        expect(wasm.scheduleAll(pods, cluster, o)).toEqual(tsEngine.scheduleAll(pods, cluster, o));
      }),
      runParameters(15, seed),
    );
  });
});
