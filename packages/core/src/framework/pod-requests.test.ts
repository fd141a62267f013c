import { describe, expect, it } from "vitest";
import { podRequests } from "../index.js";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { toKubePod } from "../_test/kube.js";

const fx = loadFixture("pod_requests.json");

// Only boolean gate values are overrides; "default (enabled in this era)" keeps the release default.
function gates(features: Record<string, unknown> | undefined): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(features ?? {})) {
    if (typeof v !== "boolean") continue;
    // schedkit models pod-level in-place resize under the InPlacePodVerticalScaling gate.
    if (k === "InPlacePodLevelResourcesVerticalScaling") continue;
    out[k] = v;
  }
  return out;
}

describe("PodRequests (component-helpers resource/helpers.go, docs/scheduler.md §2.1)", () => {
  const counter = fixtureCounter("pod_requests.json", fx.cases.length);
  for (const c of fx.cases) {
    it(c.name, () => {
      counter.ran();
      const r = podRequests(toKubePod(c.pod, "p"), { featureGates: gates(c.features) });
      for (const [k, v] of Object.entries(c.expected.requested as Record<string, number>)) {
        expect(r.requested[k] ?? 0, `requested.${k}`).toBe(v);
      }
      expect(r.nonZeroRequested).toEqual(c.expected.nonZeroRequested);
    });
  }
});

describe("quantities are summed exactly before conversion", () => {
  it("two containers of 1.5m cpu request 3 millicores, not 4", () => {
    const pod = {
      metadata: { name: "p" },
      spec: {
        containers: [
          { name: "a", resources: { requests: { cpu: "1.5m" } } },
          { name: "b", resources: { requests: { cpu: "1.5m" } } },
        ],
      },
    };
    expect(podRequests(pod).requested["cpu"]).toBe(3);
  });

  it("an explicit zero request is kept as zero for scoring; a missing one gets the default", () => {
    const pod = {
      metadata: { name: "p" },
      spec: {
        containers: [
          { name: "a", resources: { requests: { cpu: "0" } } },
          { name: "b", resources: {} },
        ],
      },
    };
    expect(podRequests(pod).nonZeroRequested).toEqual({ cpu: 100, memory: 2 * 200 * 1024 * 1024 });
  });
});
