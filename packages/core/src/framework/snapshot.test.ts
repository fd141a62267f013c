// The snapshot as the scheduler cache builds it: image summaries, and the pod requests each plugin sees.
import { describe, expect, it } from "vitest";
import { createCluster, schedule } from "../index.js";
import { fakeContainer, fakeNode, fakePod, podInfo, snapshotOf } from "../_test/plugin-fakes.js";
import { Quantity } from "../quantity.js";
import { addPodToNode, changedNodeIndex, currentGeneration, forNodesChangedSince, removePodFromNode, type Snapshot } from "./snapshot.js";

type Json = Record<string, any>;
const node = (name: string, images: Json[] = []): Json => ({ kind: "Node", metadata: { name }, status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" }, images } });

describe("image states (backend/cache/cache.go addNodeImageStates)", () => {
  it("ImageLocality uses the size of the first node that listed the image, on every node", () => {
    // 1000 MiB on a (added first), 1500 MiB on b: the cache keeps one 1000 MiB summary, which b's score uses too.
    const img = (mib: number) => ({ names: ["registry.example/app:1.0"], sizeBytes: mib * 1024 * 1024 });
    const cluster = createCluster({ nodes: [node("a", [img(1000)]), node("b", [img(1500)]), node("c"), node("d")] });
    const pod = { kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", image: "registry.example/app:1.0" }] } };
    const e = schedule(pod, cluster, { percentageOfNodesToScore: 100 }).explanation!;
    const raw = (n: string) => e.nodes.find((x) => x.node === n)!.scores.find((s) => s.plugin === "ImageLocality")!.raw;
    // int64(1000 MiB · 2/4) = 500 MiB → ⌊100·(500 − 23)/(1000 − 23)⌋ = 48, on a and on b.
    expect([raw("a"), raw("b"), raw("c")]).toEqual([48, 48, 0]);
  });
});

describe("NodeResourcesFit's scorer request (resource_allocation.go calculatePodResourceRequest)", () => {
  it("ignores pod-level requests: containers with the non-zero defaults (NewFit sets no PodLevelResources flag)", () => {
    const cluster = createCluster({ nodes: [node("a"), node("b")] });
    // Pod-level requests of 2 cpu / 4Gi over containers that state none: the Fit filter and BalancedAllocation
    // see 2 cpu / 4Gi, LeastAllocated sees 100m / 200Mi (the defaults for a container without requests).
    const pod = { kind: "Pod", metadata: { name: "p" }, spec: { resources: { requests: { cpu: "2", memory: "4Gi" } }, containers: [{ name: "c" }] } };
    const e = schedule(pod, cluster, { kubernetesVersion: "1.37.1" }).explanation!;
    const fit = e.nodes[0]!.scores.find((s) => s.plugin === "NodeResourcesFit")!.raw;
    // LeastAllocated: (⌊(4000 − 100)·100/4000⌋ + ⌊(8Gi − 200Mi)·100/8Gi⌋) / 2 = (97 + 97) / 2 = 97.
    expect(fit).toBe(97);
  });
});

describe("a Resource without scalar resources shares one empty map that no writer changes (NodeInfo.AddPod, RemovePod, Snapshot)", () => {
  const GPU = "example.com/gpu";
  const gpuPod = (name: string) => podInfo(fakePod({ name, containers: [fakeContainer({ requests: new Map([[GPU, Quantity.fromInteger(1)]]) })] }));
  const nodes = () => [fakeNode({ name: "a", allocatable: new Map([[GPU, 4]]) }), fakeNode({ name: "b" })];

  const requested = (snap: Snapshot, node: string) => snap.getNode(node)!.requested.scalar;
  // A new snapshot of the same nodes: nothing written into a shared map shows up in it.
  const untouched = () => expect([requested(snapshotOf(nodes()), "a").size, requested(snapshotOf(nodes()), "b").size]).toEqual([0, 0]);

  it("a pod's extended resource is counted on its node alone", () => {
    const snap = snapshotOf(nodes());
    snap.assume(gpuPod("p"), "a");
    expect([requested(snap, "a"), requested(snap, "b").size]).toEqual([new Map([[GPU, 1]]), 0]);
    untouched();
  });

  it("a clone's node gets its own map at its first scalar pod; the original's stays as it was", () => {
    const snap = snapshotOf(nodes());
    const clone = snap.clone();
    clone.assume(gpuPod("p"), "b");
    expect([requested(clone, "b"), requested(snap, "b").size]).toEqual([new Map([[GPU, 1]]), 0]);
    untouched();
  });

  it("removing the pod leaves its node's own map at zero and the other nodes' empty", () => {
    const snap = snapshotOf(nodes());
    const p = gpuPod("p");
    snap.assume(p, "a");
    removePodFromNode(snap.getNode("a")!, p);
    expect([requested(snap, "a"), requested(snap, "b").size]).toEqual([new Map([[GPU, 0]]), 0]);
    untouched();
  });

  it("allocatable scalars are the node's own", () => {
    const snap = snapshotOf(nodes());
    expect(snap.getNode("a")!.allocatable.scalar).toEqual(new Map([[GPU, 4]]));
    expect(snap.getNode("b")!.allocatable.scalar.size).toBe(0);
  });
});

describe("the log of changed nodes (NodeInfo.Generation, for caches that catch up on the nodes changed since)", () => {
  const snap = () => snapshotOf([fakeNode({ name: "a" }), fakeNode({ name: "b" }), fakeNode({ name: "c" })]);

  it("each change's generation names its node's index; a generation no change carried names none", () => {
    const s = snap();
    const before = currentGeneration();
    const p = podInfo(fakePod({ name: "p" }));
    s.assume(p, "c");
    removePodFromNode(s.getNode("c")!, p);
    addPodToNode(s.getNode("b")!, p);
    expect([currentGeneration() - before, changedNodeIndex(before + 1), changedNodeIndex(before + 2), changedNodeIndex(before + 3)]).toEqual([3, 2, 2, 1]);
    expect(s.getNode("b")!.generation).toBe(currentGeneration());
    expect([changedNodeIndex(currentGeneration() + 1), changedNodeIndex(0)]).toEqual([-1, -1]);
  });

  it("has a cache catch up on the nodes changed since, or on every node once the changes are as many as the nodes", () => {
    const s = snap();
    const visited = (since: number) => {
      const out: string[] = [];
      forNodesChangedSince(s.nodes, since, (ni) => out.push(ni.node.name));
      return out;
    };
    const p = podInfo(fakePod({ name: "p" }));
    const since = currentGeneration();
    expect(visited(since)).toEqual([]);
    addPodToNode(s.getNode("c")!, p);
    removePodFromNode(s.getNode("c")!, p);
    // Two changes, fewer than the three nodes: the node they went to, once per change.
    expect(visited(since)).toEqual(["c", "c"]);
    addPodToNode(s.getNode("a")!, p);
    // Three changes for three nodes: every node, in order.
    expect(visited(since)).toEqual(["a", "b", "c"]);
    // A generation before any logged change (a cache never current): every node.
    expect(visited(-1)).toEqual(["a", "b", "c"]);
  });

  it("has a cache catch up on every node once the log no longer holds the changes since", () => {
    const nodes = Array.from({ length: 70_000 }, (_, i) => fakeNode({ name: `n${i}` }));
    const big = snapshotOf(nodes);
    const p = podInfo(fakePod({ name: "p" }));
    const ni = big.getNode("n7")!;
    const since = currentGeneration();
    for (let i = 0; i < 32_768; i++) {
      addPodToNode(ni, p);
      removePodFromNode(ni, p);
    }
    addPodToNode(ni, p);
    // 65,537 changes, fewer than the nodes, but the first of them is no longer logged (the log holds 65,536).
    let visits = 0;
    forNodesChangedSince(big.nodes, since, () => visits++);
    expect([currentGeneration() - since, visits]).toEqual([65_537, 70_000]);
    // One change fewer since: all logged, so only node n7, once per change.
    const seen = new Set<string>();
    visits = 0;
    forNodesChangedSince(big.nodes, since + 1, (n) => (visits++, seen.add(n.node.name)));
    expect([visits, [...seen]]).toEqual([65_536, ["n7"]]);
  });

  it("forgets a generation once 65,536 later changes were logged", () => {
    const s = snap();
    const p = podInfo(fakePod({ name: "p" }));
    const ni = s.getNode("c")!;
    addPodToNode(ni, p);
    const g = currentGeneration();
    for (let i = 0; i < 32_767; i++) {
      removePodFromNode(ni, p);
      addPodToNode(ni, p);
    }
    expect([currentGeneration() - g, changedNodeIndex(g)]).toEqual([65_534, 2]);
    removePodFromNode(ni, p);
    expect([currentGeneration() - g, changedNodeIndex(g)]).toEqual([65_535, 2]);
    addPodToNode(ni, p);
    expect([currentGeneration() - g, changedNodeIndex(g), changedNodeIndex(g + 1)]).toEqual([65_536, -1, 2]);
  });
});
