import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCluster, Scheduler, tsEngine } from "@schedkit/core";
import { scenarioArbitrary } from "@schedkit/core/arbitraries";
import { createWasmEngineSync } from "./index.js";
import { assertProperty, PROPERTY_TIMEOUT, propertySeeds, runParameters } from "../../core/src/_test/long.js";
import { sameShape, ShapeChain, shapeKey, shapeKeyReference, shapeTrieNodes } from "./plan.js";

const wasm = createWasmEngineSync();

describe("shapeKey", () => {
  it.each(propertySeeds(20261204))("is the replacer's JSON.stringify of the pod, written out (%s %i)", (kind, seed) => {
    let pods = 0;
    assertProperty(
      `shape key (${kind})`,
      fc.property(scenarioArbitrary({ maxNodes: 3 }), (s) => {
        const cluster = createCluster(s.cluster);
        const sched = wasm.scheduler(cluster, { explain: false });
        for (const [i, p] of [...cluster.pendingPods, ...cluster.boundPods].entries()) {
          const info = sched.prepare(p, `pods[${i}]`).info;
          expect(shapeKey(info)).toBe(shapeKeyReference(info));
          pods++;
        }
        sched.dispose();
      }),
      runParameters(200, seed),
    );
    expect(pods).toBeGreaterThan(200);
  }, PROPERTY_TIMEOUT);

  it.each(propertySeeds(20261204))("is the same for pods sameShape pairs, and sameShape holds for replicas parsed together (%s %i)", (kind, seed) => {
    let same = 0;
    assertProperty(
      `same shape (${kind})`,
      fc.property(scenarioArbitrary({ maxNodes: 3 }), (s) => {
        const cluster = createCluster(s.cluster);
        const pods = [...cluster.pendingPods, ...cluster.boundPods];
        // Each pod with every pod, and with a replica of itself (another name, prepared with it in one list).
        const infos = new Scheduler(cluster, { explain: false }).prepareAll(pods.flatMap((p) => [p, { ...p, name: `${p.name}-copy`, uid: `${p.uid}-copy` }]));
        for (const a of infos) {
          for (const b of infos) {
            if (!sameShape(a, b)) continue;
            expect(shapeKey(b)).toBe(shapeKey(a));
            same++;
          }
        }
        // A pod with host ports gets its own list of them (makePodInfo): shapeKey decides for those.
        for (let i = 0; i < infos.length; i += 2) if (infos[i]!.hostPorts.length === 0) expect(sameShape(infos[i]!, infos[i + 1]!)).toBe(true);
      }),
      runParameters(100, seed),
    );
    expect(same).toBeGreaterThan(100);
  }, PROPERTY_TIMEOUT);

  it("escapes what JSON escapes in a pod's strings", () => {
    const cluster = createCluster({
      nodes: [],
      pods: [
        {
          metadata: { name: "p", namespace: "ns" },
          spec: { containers: [{ name: "c", image: 'reg/"img"\\x\nline\u2028é' }] },
        },
      ],
    });
    const info = wasm.scheduler(cluster, { explain: false }).prepare(cluster.pendingPods[0], "pods[0]").info;
    expect(shapeKey(info)).toBe(shapeKeyReference(info));
    expect(shapeKey(info)).toContain(String.raw`\"img\"\\x\nline`);
  });
});

// shapeKey finds a pod's key through a hash of its shape fields and a field-by-field comparison with a pod of that
// shape seen before; the serialization is only for shapes not seen yet.
describe("shapeKey of a pod like one seen before", () => {
  const base = { name: "c", image: "registry.example/app:1.0", resources: { requests: { cpu: "100m" } } };
  const keyOf = (pods: object[]) => {
    const cluster = createCluster({ nodes: [], pods });
    const sched = wasm.scheduler(cluster, { explain: false });
    const keys = cluster.pendingPods.map((p, i) => {
      const info = sched.prepare(p, `pods[${i}]`).info;
      expect(shapeKey(info)).toBe(shapeKeyReference(info));
      return shapeKey(info);
    });
    sched.dispose();
    return keys;
  };

  it("is the seen pod's key when only names, requests and priority differ", () => {
    const [a, b] = keyOf([
      { metadata: { name: "a", namespace: "ns", uid: "1" }, spec: { containers: [base] } },
      { metadata: { name: "b", namespace: "ns", uid: "2" }, spec: { priority: 5, containers: [{ ...base, name: "d", resources: { requests: { cpu: "3" } } }] } },
    ]);
    expect(b).toBe(a);
  });

  const seenSpec = { containers: [base], tolerations: [{ key: "k", operator: "Equal", value: "v1" }] };
  it.each([
    ["one character in the middle of an image", { containers: [{ ...base, image: "registry.exbmple/app:1.0" }] }, undefined],
    ["a toleration's value", { tolerations: [{ key: "k", operator: "Equal", value: "v2" }] }, undefined],
    ["the order of two labels", {}, { b: "2", a: "1" }],
    ["a node selector", { nodeSelector: { zone: "a" } }, undefined],
  ])("is its own when %s differs", (_what, change: object, labels: Record<string, string> | undefined) => {
    const seen = { metadata: { name: "seen", namespace: "ns", labels: { a: "1", b: "2" } }, spec: seenSpec };
    const other = { metadata: { name: "other", namespace: "ns", labels: labels ?? { a: "1", b: "2" } }, spec: { ...seenSpec, ...change } };
    const same = { metadata: { name: "same", namespace: "ns", labels: { a: "1", b: "2" } }, spec: seenSpec };
    const [a, b, c] = keyOf([seen, other, same]);
    expect(b).not.toBe(a);
    expect(c).toBe(a);
  });
});

describe("sameShape of replicas parsed by createCluster", () => {
  const owner = (name: string, controller = true) => [{ apiVersion: "apps/v1", kind: "ReplicaSet", name, uid: `rs-${name}`, controller }];
  const pod = (name: string, refs: object[]) => ({
    metadata: { name, namespace: "ns", labels: { app: "web" }, ownerReferences: refs },
    spec: { containers: [{ name: "c", image: "registry.example/app:1.0", resources: { requests: { cpu: "100m" } } }] },
  });
  const infos = (pods: object[]) => {
    const cluster = createCluster({ nodes: [], pods });
    return new Scheduler(cluster, { explain: false }).prepareAll(cluster.pendingPods);
  };

  it("holds for two replicas of one ReplicaSet, each with its own controllerRef object (listed apart)", () => {
    // A pod of another controller between them: the parse shares a reference with the pod right before only.
    const [a, , b] = infos([pod("web-0", owner("web")), pod("api-0", owner("api")), pod("web-1", owner("web"))]);
    expect(a!.pod.controllerRef).not.toBe(b!.pod.controllerRef);
    expect(sameShape(a!, b!)).toBe(true);
    expect(shapeKey(b!)).toBe(shapeKey(a!));
  });

  it("holds for replicas listed one after another, which hold one controllerRef object", () => {
    const [a, b] = infos([pod("web-0", owner("web")), pod("web-1", owner("web"))]);
    expect(b!.pod.controllerRef).toBe(a!.pod.controllerRef);
    expect(sameShape(a!, b!)).toBe(true);
  });

  it("does not hold for pods of two ReplicaSets (shapeKey then decides)", () => {
    const [a, b] = infos([pod("web-0", owner("web")), pod("api-0", owner("api"))]);
    expect(sameShape(a!, b!)).toBe(false);
  });

  it("does not hold between a replica and a pod without a controller", () => {
    const [a, b] = infos([pod("web-0", owner("web")), pod("solo", owner("web", false))]);
    expect(sameShape(a!, b!)).toBe(false);
    expect(sameShape(b!, a!)).toBe(false);
  });
});

// plan.ts MAX_INTERNED_KEYS and scheduler.ts MAX_BLOCKS_PER_SHAPE (4,096 each) bound two caches; past them keys
// are no longer interned and blocks are rebuilt per pod, which must change nothing but speed.
describe("past the 4,096-entry caches", () => {
  const CAP = 4096;
  const nodes = [0, 1, 2].map((i) => ({ metadata: { name: `n${i}` }, status: { allocatable: { cpu: "100000", memory: "64Ti", pods: "5000" } } }));

  it("gives pods of 4,100 distinct shapes the reference key, the last ones beyond the interning cap included", () => {
    const pods = Array.from({ length: CAP + 4 }, (_, i) => ({
      metadata: { name: `p${i}`, namespace: "ns", labels: { shape: `s${i}` } },
      spec: { containers: [{ name: "c", image: "img", resources: { requests: { cpu: "10m" } } }] },
    }));
    const cluster = createCluster({ nodes, pods });
    const sched = wasm.scheduler(cluster, { explain: false });
    const keys = new Set<string>();
    for (const [i, p] of cluster.pendingPods.entries()) {
      const info = sched.prepare(p, `pods[${i}]`).info;
      const k = shapeKey(info);
      expect(k).toBe(shapeKeyReference(info));
      keys.add(k);
    }
    expect(keys.size).toBe(CAP + 4);
    sched.dispose();
  });

  it("gives the reference key past the shape trie's node cap (plan.ts MAX_TRIE_NODES)", () => {
    // 1,500 shapes of 60 distinct labels each: some 180,000 trie nodes, past the 131,072 the trie holds.
    const pods = Array.from({ length: 1500 }, (_, i) => ({
      metadata: { name: `p${i}`, namespace: "ns", labels: Object.fromEntries(Array.from({ length: 60 }, (_, k) => [`l${k}`, `v${i}-${k}`])) },
      spec: { containers: [{ name: "c", image: "img" }] },
    }));
    const cluster = createCluster({ nodes, pods: [...pods, ...pods.map((p) => ({ ...p, metadata: { ...p.metadata, name: `${p.metadata.name}-again` } }))] });
    const sched = wasm.scheduler(cluster, { explain: false });
    const keys = cluster.pendingPods.map((p, i) => {
      const info = sched.prepare(p, `pods[${i}]`).info;
      expect(shapeKey(info)).toBe(shapeKeyReference(info));
      return shapeKey(info);
    });
    // The second pod of each shape, before and after the cap, gets the first one's key.
    expect(keys.slice(1500)).toEqual(keys.slice(0, 1500));
    expect(new Set(keys).size).toBe(1500);
    expect(shapeTrieNodes()).toBe(1 << 17);
    sched.dispose();
  }, 120_000);

  it("schedules one shape with 4,100 distinct requests as the TypeScript engine does", () => {
    const pods = Array.from({ length: CAP + 4 }, (_, i) => ({
      metadata: { name: `p${i}`, namespace: "ns" },
      spec: { containers: [{ name: "c", image: "img", resources: { requests: { cpu: `${i + 1}m`, memory: "1Mi" } } }] },
    }));
    const cluster = createCluster({ nodes, pods });
    const a = wasm.scheduleAll(undefined, cluster, { explain: false, seed: 3 });
    const b = tsEngine.scheduleAll(undefined, cluster, { explain: false, seed: 3 });
    expect(a.results.map((r) => r.nodeName)).toEqual(b.results.map((r) => r.nodeName));
    expect(a.summary).toEqual(b.summary);
    expect(a.results.filter((r) => r.nodeName !== null).length).toBe(CAP + 4);
  }, 120_000);
});

// The queue's replica test: each pod against the one before it, the later pod's fields kept for the next call.
describe("ShapeChain", () => {
  it.each(propertySeeds(20261205))("answers as sameShape for every pod against the one before it, in any order of pods (%s %i)", (kind, seed) => {
    let same = 0;
    let calls = 0;
    assertProperty(
      `shape chain (${kind})`,
      fc.property(scenarioArbitrary({ maxNodes: 3 }), fc.array(fc.nat(), { maxLength: 40 }), (s, picks) => {
        const cluster = createCluster(s.cluster);
        const pods = [...cluster.pendingPods, ...cluster.boundPods];
        if (pods.length === 0) return;
        // Replicas of each pod (parsed with it in one list), and the same pods with their keys in another order.
        const infos = new Scheduler(cluster, { explain: false }).prepareAll(pods.flatMap((p) => [p, { ...p, name: `${p.name}-copy`, uid: `${p.uid}-copy` }]));
        const reordered = infos.map((info) => ({ ...info, pod: Object.fromEntries(Object.entries(info.pod).reverse()) as unknown as typeof info.pod }));
        const all = [...infos, ...reordered];
        const chain = new ShapeChain();
        const order = picks.map((k) => all[k % all.length]!);
        for (let i = 1; i < order.length; i++) {
          const want = sameShape(order[i - 1]!, order[i]!);
          expect(chain.same(order[i - 1]!, order[i]!)).toBe(want);
          calls++;
          if (want) same++;
        }
      }),
      runParameters(100, seed),
    );
    expect(calls).toBeGreaterThan(100);
    expect(same).toBeGreaterThan(10);
  }, PROPERTY_TIMEOUT);

  it("keeps the last pod's fields: a run of replicas, then a pod of another shape, then replicas again", () => {
    const pod = (name: string, image: string) => ({ metadata: { name, namespace: "ns", labels: { app: "web" } }, spec: { containers: [{ name: "c", image }] } });
    const cluster = createCluster({ nodes: [], pods: [pod("a", "x"), pod("b", "x"), pod("c", "y"), pod("d", "x"), pod("e", "x")] });
    const [a, b, c, d, e] = new Scheduler(cluster, { explain: false }).prepareAll(cluster.pendingPods);
    const chain = new ShapeChain();
    expect([chain.same(a!, b!), chain.same(b!, c!), chain.same(c!, d!), chain.same(d!, e!), chain.same(a!, e!)]).toEqual([true, false, false, true, true]);
  });
});
