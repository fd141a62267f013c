// Carried-out preemption: the WebAssembly engine evicts the same victims, retries the same preemptors and
// places them where the reference does, on the shared generated scenarios (@schedkit/core/arbitraries) and on
// clusters built to preempt, with a fixed seed and a fresh one printed for replay.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCluster, tsEngine, type RunResult } from "@schedkit/core";
import { scenarioArbitrary } from "@schedkit/core/arbitraries";
import { createWasmEngineSync } from "./index.js";
import { assertProperty, LONG, propertySeeds } from "../../core/src/_test/long.js";

const wasm = createWasmEngineSync();

/** Both engines' outcome of a run: the result, or the thrown error's message. */
function run(engine: typeof tsEngine, cluster: unknown, options: object): { ok: RunResult } | { threw: string } {
  try {
    return { ok: engine.scheduleAll(undefined, createCluster(cluster), options) };
  } catch (e) {
    return { threw: (e as Error).message };
  }
}

type Json = Record<string, unknown>;

// Full nodes of low-priority pods (some under PodDisruptionBudgets) and pending pods of mixed priorities: most
// runs preempt, many in chains.
const preemptingCluster = fc
  .record({
    nodes: fc.array(fc.record({ cpu: fc.integer({ min: 1, max: 8 }) }), { minLength: 1, maxLength: 6 }),
    bound: fc.array(fc.record({ node: fc.nat(), cpu: fc.integer({ min: 1, max: 4 }), priority: fc.integer({ min: -5, max: 50 }), app: fc.constantFrom("db", "web", "batch"), host: fc.boolean() }), { maxLength: 16 }),
    pending: fc.array(fc.record({ cpu: fc.integer({ min: 1, max: 6 }), priority: fc.integer({ min: -5, max: 1000 }), never: fc.boolean() }), { minLength: 1, maxLength: 8 }),
    budgets: fc.subarray(["db", "web", "batch"]).chain((apps) => fc.tuple(fc.constant(apps), fc.array(fc.integer({ min: 0, max: 2 }), { minLength: apps.length, maxLength: apps.length }))),
  })
  .map(({ nodes, bound, pending, budgets: [apps, allowed] }) => {
    const items: Json[] = nodes.map((n, i) => ({ kind: "Node", metadata: { name: `n${i}`, labels: { "kubernetes.io/hostname": `n${i}` } }, status: { allocatable: { cpu: String(n.cpu), memory: "64Gi", pods: "110" } } }));
    const container = (cpu: number, host: boolean) => ({ name: "c", resources: { requests: { cpu: String(cpu), memory: "1Gi" } }, ...(host ? { ports: [{ containerPort: 80, hostPort: 8080 }] } : {}) });
    bound.forEach((b, i) =>
      items.push({
        kind: "Pod",
        metadata: { name: `b${i}`, namespace: "default", labels: { app: b.app } },
        spec: { nodeName: `n${b.node % nodes.length}`, priority: b.priority, containers: [container(b.cpu, b.host)] },
        status: { phase: "Running", startTime: `2026-01-01T00:00:${String(i % 60).padStart(2, "0")}Z` },
      }),
    );
    pending.forEach((p, i) =>
      items.push({
        kind: "Pod",
        metadata: { name: `p${i}`, namespace: "default" },
        spec: { priority: p.priority, ...(p.never ? { preemptionPolicy: "Never" } : {}), containers: [container(p.cpu, false)] },
      }),
    );
    apps.forEach((app, i) =>
      items.push({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: app, namespace: "default" }, spec: { selector: { matchLabels: { app } } }, status: { disruptionsAllowed: allowed[i] } }),
    );
    return { kind: "List", items };
  });

describe.each(propertySeeds(20261204))("carried-out preemption: wasm = ts (%s %i)", (_name, seed) => {
  it.each([true, false])("on clusters built to preempt, explain %s", (explain) => {
    let evicting = 0;
    const runs = LONG ? 2_000 : 150;
    assertProperty(
      `preemption parity, clusters built to preempt, explain ${explain}`,
      fc.property(preemptingCluster, fc.constantFrom<"first" | "random">("first", "random"), fc.nat(), (cluster, tieBreak, s) => {
        const options = { kubernetesVersion: "1.37.1", tieBreak, seed: s, explain };
        const want = run(tsEngine, cluster, options);
        expect(run(wasm, cluster, options)).toEqual(want);
        if ("ok" in want && want.ok.evictions.length > 0) evicting++;
      }),
      { seed, numRuns: runs },
    );
    console.log(`[parity] preemption, explain ${explain}: ${runs} clusters (seed ${seed}), ${evicting} with evictions`);
    // The property is only worth something if the generated runs do preempt.
    expect(evicting).toBeGreaterThan(runs / 4);
  });

  it.each([true, false])("on the shared generated scenarios, explain %s", (explain) => {
    let evicting = 0;
    const runs = LONG ? 1_000 : 60;
    assertProperty(
      `preemption parity, generated scenarios, explain ${explain}`,
      fc.property(scenarioArbitrary(), (s) => {
        const options = { ...s.options, explain };
        const want = run(tsEngine, s.cluster, options);
        expect(run(wasm, s.cluster, options)).toEqual(want);
        if ("ok" in want && want.ok.evictions.length > 0) evicting++;
      }),
      { seed, numRuns: runs },
    );
    console.log(`[parity] preemption over scenarioArbitrary, explain ${explain}: ${runs} scenarios (seed ${seed}), ${evicting} with evictions`);
  });
});
