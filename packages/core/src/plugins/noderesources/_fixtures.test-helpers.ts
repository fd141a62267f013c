// Test-only: runs a noderesources golden case through the public API (createCluster + schedule) with a profile
// enabling just the plugin under test.
import { expect } from "vitest";
import { createCluster, schedule, SchedkitError, type NodeExplanation, type ScheduleResult } from "../../index.js";
import { toKubeNode, toKubePod } from "../../_test/kube.js";

type Json = Record<string, any>;

export interface FixtureRun {
  readonly result: ScheduleResult;
  readonly nodes: ReadonlyMap<string, NodeExplanation>;
}

/** Options passed to schedule besides the profile. */
export interface RunOptions {
  readonly kubernetesVersion?: string;
  readonly featureGates?: Record<string, boolean>;
}

// The v1 API requires at least one container, but several Go tables use container-less pods. Those get one
// container requesting an explicit 0 cpu and 0 memory: its PodRequests are cpu 0 / memory 0 and, since explicit
// zeros are kept by the non-zero variant (docs/scheduler.md §2.1), so are its scoring requests — exactly what an empty pod
// sums to. (An empty container, as _test/single-plugin.ts adds, would get the 100m / 200Mi defaults instead
// and change every Fit score.)
function withZeroContainer(p: Json): Json {
  const none = (p.containers ?? []).length === 0 && (p.initContainers ?? []).length === 0;
  return none ? { ...p, containers: [{ name: "c0", requests: { cpu: 0, memory: 0 } }] } : p;
}

export function runFixture(c: Json, profile: Json, options: RunOptions = {}): FixtureRun {
  const nodes = (c.nodes as Json[]).map((n) => toKubeNode(n));
  const pods = ((c.existingPods ?? []) as Json[]).map((p, i) => toKubePod(withZeroContainer(p), `existing-${i}`));
  // DeviceClasses and ResourceSlices: the objects of the Go test's DRA manager (DRAExtendedResource cases).
  const dra = { ...(c.deviceClasses === undefined ? {} : { deviceClasses: c.deviceClasses }), ...(c.resourceSlices === undefined ? {} : { resourceSlices: c.resourceSlices }) };
  const cluster = createCluster({ nodes, pods, ...dra });
  const result = schedule(toKubePod(withZeroContainer(c.pod ?? {}), "incoming"), cluster, {
    profile,
    percentageOfNodesToScore: 100,
    tieBreak: "first",
    ...options,
  });
  return { result, nodes: new Map((result.explanation?.nodes ?? []).map((n) => [n.node, n] as const)) };
}

/**
 * A profile with `plugin` enabled only at PreScore (when `preScore`) and Score. The Go tables call Score on
 * every node, including nodes the Fit filter would reject; leaving Filter out keeps them all feasible.
 */
export function scoreOnlyProfile(plugin: string, args: unknown, preScore: boolean): Json {
  return {
    plugins: {
      multiPoint: { disabled: [{ name: "*" }] },
      ...(preScore ? { preScore: { enabled: [{ name: plugin }] } } : {}),
      score: { enabled: [{ name: plugin, weight: 1 }] },
    },
    pluginConfig: args === undefined ? [] : [{ name: plugin, args }],
  };
}

/** Expects `run` to throw the SchedkitError of an invalid args field (`expected.argsError[0]`). */
export function expectArgsError(run: () => unknown, e: { type: string; field: string }): void {
  let err: unknown;
  try {
    run();
  } catch (x) {
    err = x;
  }
  expect(err).toBeInstanceOf(SchedkitError);
  expect((err as SchedkitError).path).toBe(`profile.pluginConfig[0].args.${e.field}`);
  expect(e.type).toBe("FieldValueInvalid");
  expect((err as SchedkitError).message).toMatch(/ is invalid: /);
}

/** Raw scores of `plugin` per node name, for the nodes in `expected`. */
export function rawScores(run: FixtureRun, plugin: string, expected: Record<string, number>): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  for (const name of Object.keys(expected)) out[name] = run.nodes.get(name)?.scores.find((s) => s.plugin === plugin)?.raw;
  return out;
}
