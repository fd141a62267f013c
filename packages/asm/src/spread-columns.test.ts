// PodTopologySpread's matching-pod columns (spread.ts shapeColumns) catch up on the nodes changed since they were
// current: through the log of the last generations' nodes when it reaches back that far and fewer nodes changed
// than there are, else by comparing every node's generation; both ways against the TypeScript engine. The node
// columns' sync does the same for changes made to a shared snapshot by others (long-lived.parity.test.ts:
// simulate's passes).
import { describe, expect, it } from "vitest";
import { createCluster, Scheduler, syntheticCluster, type PodInput, type ScheduleResult, type SchedulerOptions } from "@schedkit/core";
import { createWasmEngineSync } from "./index.js";

const wasm = createWasmEngineSync();
const OPTIONS: SchedulerOptions = { percentageOfNodesToScore: 100, seed: 11, explain: false };

/** A pod with its own soft zone spread over its app's pods; the requests vary, so every pod is its own run. */
const pod = (name: string, app: string, i: number): PodInput => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", labels: { app } },
  spec: {
    containers: [{ name: "c", image: "app:1", resources: { requests: { cpu: `${100 + ((i * 37) % 400)}m`, memory: `${64 + ((i * 53) % 400)}Mi` } } }],
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app } } }],
  },
});

const placements = (rs: readonly ScheduleResult[]) => rs.map((r) => [r.pod, r.status, r.nodeName]);

describe("columns brought up to date after pods are removed", () => {
  const base = syntheticCluster({ nodes: 240, seed: 3 });
  const engines = () => {
    const ts = new Scheduler(createCluster(base), OPTIONS);
    const w = wasm.scheduler(createCluster(base), OPTIONS);
    return { ts, w };
  };
  const batch = (from: number, count: number) => Array.from({ length: count }, (_, i) => pod(`p${from + i}`, `app${(from + i) % 3}`, from + i));
  const both = (e: ReturnType<typeof engines>, pods: PodInput[]) => {
    const want = placements(e.ts.scheduleMany(pods));
    expect(placements(e.w.scheduleMany(pods))).toEqual(want);
    return want;
  };
  const remove = (e: ReturnType<typeof engines>, placed: unknown[][], picks: readonly number[]) => {
    for (const k of picks) {
      const [key, , node] = placed[k] as [string, string, string];
      e.ts.removePod(key, node);
      e.w.removePod(key, node);
    }
  };

  it("a few removals since the last run: the next pods see them (the log of changed nodes)", () => {
    const e = engines();
    const placed = both(e, batch(0, 30));
    remove(e, placed, [0, 4, 9]);
    both(e, batch(30, 20));
  });

  it("removals after more changes elsewhere than the log holds: every node is compared instead", () => {
    const e = engines();
    const placed = both(e, batch(0, 30));
    // Another cluster's scheduler assumes and removes a pod 40,000 times: 80,000 generations, more than the
    // log's 65,536, all on node indices the schedulers under test also have.
    const other = new Scheduler(createCluster(syntheticCluster({ nodes: 8, seed: 5 })), OPTIONS);
    const churn = other.prepare(pod("churn", "other", 0));
    const nodes = other.snapshot.nodes.map((ni) => ni.node.name);
    for (let i = 0; i < 40_000; i++) {
      const node = nodes[i % nodes.length]!;
      other.assume(churn, node);
      other.removePod("default/churn", node);
    }
    remove(e, placed, [1, 2, 12]);
    both(e, batch(30, 20));
  });

  it("changes to another snapshot's nodes at the same indices leave these columns as they are", () => {
    const e = engines();
    both(e, batch(0, 20));
    const other = new Scheduler(createCluster(base), OPTIONS);
    other.scheduleMany(batch(100, 40));
    both(e, batch(20, 20));
  });
});
