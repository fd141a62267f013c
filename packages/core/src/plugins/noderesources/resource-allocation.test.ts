import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fakeContainer, fakeNode, fakePod, podInfo, snapshotOf } from "../../_test/plugin-fakes.js";
import { parseQuantity } from "../../quantity.js";
import { ResourceAllocationScorer, truncDiv } from "./resource-allocation.js";
import { kernelRunParameters } from "../../_test/long.js";

const q = (m: Record<string, string>) => new Map(Object.entries(m).map(([k, v]) => [k, parseQuantity(v)]));

const node = fakeNode({
  name: "n",
  allocatable: new Map([
    ["cpu", 4000],
    ["memory", 10000],
    ["ephemeral-storage", 500],
    ["example.com/gpu", 8],
    ["pods", 110],
  ]),
});
const existing = fakePod({
  name: "e",
  nodeName: "n",
  // No cpu/memory requests: counts 100m / 200Mi in NonZeroRequested, 0 in Requested.
  containers: [fakeContainer({ requests: q({ "ephemeral-storage": "100", "example.com/gpu": "3" }) })],
});
const resources = ["cpu", "memory", "ephemeral-storage", "example.com/gpu", "example.com/other", "pods"].map((name) => ({ name, weight: 1 }));

describe("calculatePodResourceRequestList", () => {
  const pod = podInfo(fakePod({ containers: [fakeContainer({ requests: q({ memory: "1000", "example.com/gpu": "1" }) })] }));

  it("uses the non-zero cpu/memory request for the Fit strategies", () => {
    expect(Array.from(new ResourceAllocationScorer(resources, false).podRequests(pod))).toEqual([100, 1000, 0, 1, 0, 0]);
  });

  it("uses the actual request when useRequested (BalancedAllocation)", () => {
    expect(Array.from(new ResourceAllocationScorer(resources, true).podRequests(pod))).toEqual([0, 1000, 0, 1, 0, 0]);
  });
});

describe("calculateResourceAllocatableRequest", () => {
  const snap = snapshotOf([node], [existing]);
  const ni = snap.nodes[0]!;

  it("adds the pod to NonZeroRequested for cpu/memory, to Requested otherwise, and skips what the node or pod lacks", () => {
    const s = new ResourceAllocationScorer(resources, false);
    const pod = podInfo(fakePod({ containers: [fakeContainer({ requests: q({ cpu: "1", "example.com/gpu": "2", "example.com/other": "1" }) })] }));
    s.load(ni, s.podRequests(pod));
    expect(Array.from(s.allocatable)).toEqual([4000, 10000, 500, 8, 0, 0]);
    expect(Array.from(s.requested)).toEqual([1100, 2 * 200 * 1024 * 1024, 100, 5, 0, 0]);
    expect(Array.from(s.allocated)).toEqual([100, 200 * 1024 * 1024, 100, 3, 0, 0]);
  });

  it("bypasses a scalar resource the pod does not request", () => {
    const s = new ResourceAllocationScorer(resources, true);
    s.load(ni, s.podRequests(podInfo(fakePod({ containers: [fakeContainer({ requests: q({ cpu: "1" }) })] }))));
    expect(Array.from(s.allocatable)).toEqual([4000, 10000, 500, 0, 0, 0]);
    expect(Array.from(s.requested)).toEqual([1000, 0, 100, 0, 0, 0]);
    expect(Array.from(s.allocated)).toEqual([0, 0, 100, 0, 0, 0]);
  });
});

describe("truncDiv", () => {
  it("equals Go int64 division for |a| < 2^53 and 1 ≤ b < 2^53", () => {
    const big = fc.bigInt({ min: -(2n ** 53n) + 1n, max: 2n ** 53n - 1n });
    fc.assert(
      fc.property(big, fc.bigInt({ min: 1n, max: 2n ** 53n - 1n }), (a, b) => {
        expect(truncDiv(Number(a), Number(b))).toBe(Number(a / b));
      }),
      kernelRunParameters(20000),
    );
  });
});
