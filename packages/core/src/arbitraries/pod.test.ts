import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kernelRunParameters } from "../_test/long.js";
import { createCluster, podRequests, tsEngine } from "../index.js";
import { resolveFamilies } from "./families.js";
import { clusterArbitrary, podArbitrary } from "./index.js";
import { defaultsUpper, podDraftArbitrary, podMax, renderPod, type Target } from "./pod.js";
import { REQUESTABLE, amountArbitrary } from "./quantities.js";

type Json = Record<string, any>;

const sample = (n: number, seed: number, c = {}) => fc.sample(podArbitrary(c), { numRuns: n, seed }) as Json[];

describe("podArbitrary", () => {
  it("produces v1.Pod JSON that createCluster accepts, pending or bound", () => {
    fc.assert(
      fc.property(podArbitrary(), podArbitrary({ name: "bound", nodeName: "node-0" }), (pending, bound) => {
        const c = createCluster({ nodes: [{ metadata: { name: "node-0" } }], pods: [pending, bound] });
        expect(c.pendingPods).toHaveLength(1);
      }),
      kernelRunParameters(500),
    );
  });

  it("is scheduled or found unschedulable on any generated non-empty cluster, never an error", () => {
    fc.assert(
      // Without DeviceClasses: DRA's claim limit is upstream's one Error for generated input (scenario.test.ts).
      fc.property(clusterArbitrary({ minNodes: 1, deviceClasses: false }), podArbitrary({ name: "probe" }), (cluster, pod) => {
        const r = tsEngine.schedule(pod, createCluster(cluster));
        expect(["Scheduled", "Unschedulable"]).toContain(r.status);
      }),
      kernelRunParameters(300),
    );
  });

  it("covers every node-selection form, toleration form, spreading and pod (anti-)affinity option", () => {
    const pods = sample(3000, 21);
    const specs = pods.map((p) => p["spec"]);
    const text = specs.map((s) => JSON.stringify(s));
    const any = (pred: (s: Json, t: string) => boolean) => specs.some((s, i) => pred(s, text[i]!));
    for (const op of ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]) expect(any((_, t) => t.includes(`"operator":"${op}"`))).toBe(true);
    expect(any((_, t) => t.includes('"matchFields":[{"key":"metadata.name"'))).toBe(true);
    expect(any((s) => s.nodeSelector !== undefined)).toBe(true);
    expect(any((s) => s.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution !== undefined)).toBe(true);
    expect(any((s) => (s.tolerations ?? []).some((t: Json) => t.key === undefined && t.operator === "Exists"))).toBe(true);
    expect(any((s) => (s.tolerations ?? []).some((t: Json) => t.operator === undefined))).toBe(true);
    expect(any((s) => (s.tolerations ?? []).some((t: Json) => t.tolerationSeconds !== undefined))).toBe(true);
    for (const w of ["DoNotSchedule", "ScheduleAnyway"]) expect(any((_, t) => t.includes(`"whenUnsatisfiable":"${w}"`))).toBe(true);
    for (const f of ["minDomains", "matchLabelKeys", "mismatchLabelKeys", "nodeAffinityPolicy", "nodeTaintsPolicy", "namespaceSelector", "namespaces"]) {
      expect(any((_, t) => t.includes(`"${f}"`))).toBe(true);
    }
    expect(any((s) => s.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution !== undefined)).toBe(true);
    expect(any((s) => s.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution !== undefined)).toBe(true);
    expect(any((s) => s.priority === 2147483647) && any((s) => s.priority === -2147483648)).toBe(true);
    expect(any((s) => s.preemptionPolicy === "Never")).toBe(true);
  });

  it("covers containers, sidecars, init containers, overhead, pod-level resources, host ports and explicit zero requests", () => {
    const specs = sample(3000, 22).map((p) => p["spec"]);
    const any = (pred: (s: Json) => boolean) => specs.some(pred);
    expect(any((s) => s.containers.length === 3)).toBe(true);
    expect(any((s) => (s.initContainers ?? []).some((c: Json) => c.restartPolicy === "Always"))).toBe(true);
    expect(any((s) => (s.initContainers ?? []).some((c: Json) => c.restartPolicy === undefined))).toBe(true);
    expect(any((s) => s.overhead !== undefined)).toBe(true);
    expect(any((s) => s.resources?.requests !== undefined)).toBe(true);
    expect(any((s) => s.containers.some((c: Json) => (c.ports ?? []).some((p: Json) => p.hostPort !== undefined)))).toBe(true);
    expect(any((s) => s.containers.some((c: Json) => c.resources?.requests?.cpu === "0"))).toBe(true);
    const gpu = specs.flatMap((s) => s.containers).filter((c: Json) => c.resources?.requests?.["example.com/gpu"] !== undefined);
    expect(gpu.length).toBeGreaterThan(0);
    // Extended resources cannot be overcommitted: limits equal requests.
    expect(gpu.every((c: Json) => c.resources.limits["example.com/gpu"] === c.resources.requests["example.com/gpu"])).toBe(true);
  });

  it("leaves switched-off families out", () => {
    const off = {
      interPodAffinity: false,
      topologySpread: false,
      nodeAffinity: false,
      nodeSelector: false,
      tolerations: false,
      hostPorts: false,
      initContainers: false,
      sidecars: false,
      overhead: false,
      podLevelResources: false,
      priorities: false,
      namespaces: false,
    };
    for (const p of sample(500, 23, off)) {
      const s = p["spec"];
      expect(s.affinity).toBeUndefined();
      expect(s.topologySpreadConstraints ?? s.nodeSelector ?? s.tolerations ?? s.initContainers ?? s.overhead ?? s.resources ?? s.priority).toBeUndefined();
      expect(s.containers.some((c: Json) => c.ports !== undefined)).toBe(false);
      expect(p["metadata"].namespace).toBe("default");
    }
  });

  it("refers to the given node names", () => {
    const names = ["alpha", "beta"];
    const refs = sample(2000, 24, { nodeNames: names }).flatMap((p) => {
      const s = JSON.stringify(p["spec"]);
      return [...s.matchAll(/"values":\["(alpha|beta|gamma|no-such-node)"\]/g)].map((m) => m[1]);
    });
    expect(refs).toContain("alpha");
    expect(refs).toContain("beta");
    expect(refs).not.toContain("gamma");
  });
});

describe("renderPod", () => {
  // The split over containers, sidecars, init containers, overhead and pod-level resources keeps the pod's
  // effective request (PodRequests) equal to the total it was given, so exact-fit pods stay exact.
  const targetsFor = (d: Parameters<typeof podMax>[0]) =>
    fc.tuple(
      ...REQUESTABLE.map((k) =>
        fc.oneof(
          fc.constant<Target>(null),
          fc.constant<Target>({ value: 0, zeroAll: true }),
          amountArbitrary(podMax(d, k), 4000).map((value): Target => ({ value, zeroAll: false })),
        ),
      ),
    );
  it("gives the pod exactly the requested totals, and non-zero requests within the documented bound", () => {
    fc.assert(
      fc.property(
        podDraftArbitrary(resolveFamilies({}), "pending").chain((d) => targetsFor(d).map((t) => [d, t] as const)),
        ([d, targets]) => {
          const pod = renderPod(d, { name: "p", nodeNames: ["node-0"], targets });
          const r = podRequests(pod);
          REQUESTABLE.forEach((k, i) => {
            const t = targets[i];
            expect(r.requested[k.name] ?? 0).toBe(t === null || t === undefined ? 0 : t.value * k.scale);
          });
          const cpu = targets[0]?.value ?? 0;
          const mem = targets[1]?.value ?? 0;
          expect(r.nonZeroRequested.cpu).toBeLessThanOrEqual(cpu + defaultsUpper(d, REQUESTABLE[0]!));
          expect(r.nonZeroRequested.memory).toBeLessThanOrEqual(mem + defaultsUpper(d, REQUESTABLE[1]!));
          if (targets[0]?.zeroAll) expect(r.nonZeroRequested.cpu).toBe(0);
        },
      ),
      kernelRunParameters(2000),
    );
  });
});
