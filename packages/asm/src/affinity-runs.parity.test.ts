// Pods without affinity terms run in the kernel beside cluster pods that have them: each pod shape's probe asks
// InterPodAffinity's real PreFilter and PreScore whether any of those terms applies to it (Skip), and the plans
// are made again whenever a pod with terms comes or goes. Random sequences of scheduleMany (pods with and
// without terms, so that pods with terms are placed between runs) and removals, on both kernels, against the
// TypeScript engine on its own copy of the cluster.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCluster, Scheduler, syntheticCluster, type PodInput, type SchedulerOptions } from "@schedkit/core";
import { createWasmEngineSync } from "./index.js";
import { assertProperty, PROPERTY_TIMEOUT, propertySeeds, runParameters } from "../../core/src/_test/long.js";
import { placements, playSteps } from "./_test/steps.js";

const KEYS = ["kubernetes.io/hostname", "topology.kubernetes.io/zone"] as const;
const KINDS = ["requiredAnti", "preferredAnti", "preferredAffinity", "requiredAffinity"] as const;

const termArb = fc.record({ kind: fc.constantFrom(...KINDS), app: fc.integer({ min: 0, max: 2 }), key: fc.constantFrom(...KEYS), weight: fc.integer({ min: 1, max: 100 }) });
const podArb = fc.record({ app: fc.integer({ min: 0, max: 2 }), cpu: fc.integer({ min: 50, max: 1500 }), term: fc.option(termArb, { freq: 3, nil: undefined }) });
type PodSpec = typeof podArb extends fc.Arbitrary<infer T> ? T : never;
type Term = typeof termArb extends fc.Arbitrary<infer T> ? T : never;

function affinityOf(t: Term): object {
  const term = { labelSelector: { matchLabels: { app: `a${t.app}` } }, topologyKey: t.key };
  switch (t.kind) {
    case "requiredAnti":
      return { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } };
    case "preferredAnti":
      return { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: t.weight, podAffinityTerm: term }] } };
    case "preferredAffinity":
      return { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: t.weight, podAffinityTerm: term }] } };
    case "requiredAffinity":
      return { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } };
  }
}

function podOf(p: PodSpec, name: string, nodeName?: string): PodInput {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", labels: { app: `a${p.app}` } },
    spec: {
      ...(nodeName === undefined ? {} : { nodeName }),
      containers: [{ name: "c", image: "app:1", resources: { requests: { cpu: `${p.cpu}m`, memory: "64Mi" } } }],
      ...(p.term === undefined ? {} : { affinity: affinityOf(p.term) }),
    },
  };
}


const stepArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant("schedule" as const), pods: fc.array(podArb, { minLength: 1, maxLength: 10 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("remove" as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }) }) },
);
const caseArb = fc.record({
  nodes: fc.integer({ min: 2, max: 40 }),
  zones: fc.integer({ min: 1, max: 3 }),
  layout: fc.nat(1000),
  bound: fc.array(fc.record({ pod: podArb, at: fc.nat() }), { maxLength: 5 }),
  pct: fc.constantFrom(100, 50),
  seed: fc.nat(),
  steps: fc.array(stepArb, { minLength: 2, maxLength: 8 }),
});

describe("pods without affinity terms in kernel runs beside cluster pods with terms", () => {
  for (const flavor of ["simd", "scalar"] as const) {
    const engine = createWasmEngineSync({ flavor });
    it.each(propertySeeds(20261207))(
      `${flavor} kernel: each step equals the TypeScript engine (%s %i)`,
      (kind, seed) => {
        // Pods placed by kernel runs while the cluster held a pod with terms: the path under test was taken.
        let runsBeside = 0;
        assertProperty(
          `affinity beside runs, ${flavor} kernel (${kind})`,
          fc.property(caseArb, (c) => {
            const base = syntheticCluster({ nodes: c.nodes, zones: c.zones, seed: c.layout });
            const names = base.nodes.map((n) => n.metadata.name);
            const bound = c.bound.map((b, i) => podOf(b.pod, `b${i}`, names[b.at % names.length]!));
            const data = { nodes: base.nodes, pods: [...base.pods, ...bound] };
            const options: SchedulerOptions = { percentageOfNodesToScore: c.pct, seed: c.seed, explain: false };
            const ts = new Scheduler(createCluster(data), options);
            const w = engine.scheduler(createCluster(data), options);
            try {
              const placed: [string, string][] = bound.map((_, i) => [`default/b${i}`, names[c.bound[i]!.at % names.length]!]);
              let n = 0;
              const steps = c.steps.map((st) => (st.op === "schedule" ? { op: "schedule" as const, pods: st.pods.map((p) => podOf(p, `q${n++}`)) } : st));
              playSteps(ts, w, steps, placed, (before) => {
                if (w.snapshot.havePodsWithAffinity().length > 0) runsBeside += w.stats.runPods - before;
              });
            } finally {
              w.dispose();
            }
          }),
          runParameters(60, seed),
        );
        expect(runsBeside).toBeGreaterThan(0);
      },
      PROPERTY_TIMEOUT,
    );
  }

  it("a pod with a preferred anti-affinity already bound (CoreDNS's) leaves other pods' shapes in kernel runs", () => {
    const base = syntheticCluster({ nodes: 30, seed: 2 });
    const dns = (i: number) =>
      podOf({ app: 9, cpu: 100, term: { kind: "preferredAnti", app: 9, key: "kubernetes.io/hostname", weight: 100 } }, `dns-${i}`, base.nodes[i]!.metadata.name);
    const data = { nodes: base.nodes, pods: [...base.pods, dns(0), dns(1)] };
    const pods = Array.from({ length: 40 }, (_, i) => podOf({ app: i % 3, cpu: 100 + ((i * 37) % 500), term: undefined }, `p${i}`));
    const ts = new Scheduler(createCluster(data), { explain: false });
    const w = createWasmEngineSync().scheduler(createCluster(data), { explain: false });
    try {
      expect(placements(w.scheduleMany(pods))).toEqual(placements(ts.scheduleMany(pods)));
      expect([w.stats.runPods, w.stats.cyclePods]).toEqual([40, 0]);
      // A third replica of the DNS pod matches its own term: its shape goes to the cycle.
      const third = podOf({ app: 9, cpu: 100, term: { kind: "preferredAnti", app: 9, key: "kubernetes.io/hostname", weight: 100 } }, "dns-2");
      expect(placements(w.scheduleMany([third]))).toEqual(placements(ts.scheduleMany([third])));
      expect(w.stats.cyclePods).toBe(1);
    } finally {
      w.dispose();
    }
  });
});
