import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { rankForMemoryPressureEviction } from "./index.js";
import { SchedkitError } from "../index.js";

interface EvictionFixture {
  pods: { name: string; priority: number; mem_usage: number; mem_request: number }[];
  expected_order: string[];
  source: string;
}

const fx = loadFixture<{ evictionRankingMemoryPressure: EvictionFixture }>("cgroup_vectors.json").evictionRankingMemoryPressure;

describe("rankMemoryPressure", () => {
  const counter = fixtureCounter("cgroup_vectors.json evictionRankingMemoryPressure", 1);
  it(`orders the fixture pods ${fx.expected_order.join(", ")} (${fx.source})`, () => {
    const pods = fx.pods.map((p) => ({ name: p.name, priority: p.priority, memoryUsage: p.mem_usage, memoryRequest: p.mem_request }));
    expect(rankForMemoryPressureEviction(pods).map((p) => p.name)).toEqual(fx.expected_order);
    counter.ran();
  });

  // docs/cgroup-overcommit.md §5.2 keys: no stats first, then usage > request, then lower priority, then larger usage − request.
  it("puts pods without stats first, ranked among themselves by priority", () => {
    const pods = [
      { name: "over", priority: -100, memoryUsage: 10, memoryRequest: 0 },
      { name: "nostats-high", priority: 10 },
      { name: "nostats-low", priority: -5 },
    ];
    expect(rankForMemoryPressureEviction(pods).map((p) => p.name)).toEqual(["nostats-low", "nostats-high", "over"]);
  });

  it("ranks by usage above request within a priority, including pods below their request", () => {
    const pods = [
      { name: "under-little", memoryUsage: 90, memoryRequest: 100 },
      { name: "under-much", memoryUsage: 10, memoryRequest: 100 },
      { name: "over-little", memoryUsage: 110, memoryRequest: 100 },
      { name: "over-much", memoryUsage: 300, memoryRequest: 100 },
    ];
    expect(rankForMemoryPressureEviction(pods).map((p) => p.name)).toEqual(["over-much", "over-little", "under-little", "under-much"]);
  });

  it("does not reorder its input and keeps ties in input order", () => {
    const pods = [
      { name: "a", memoryUsage: 5, memoryRequest: 1 },
      { name: "b", memoryUsage: 5, memoryRequest: 1 },
    ];
    const ranked = rankForMemoryPressureEviction(pods);
    expect(ranked).not.toBe(pods);
    expect(ranked.map((p) => p.name)).toEqual(["a", "b"]);
  });

  it.each([
    ["a fractional usage", [{ memoryUsage: 1.5 }], /pods\[0\]\.memoryUsage/],
    ["a negative request", [{}, { memoryRequest: -1 }], /pods\[1\]\.memoryRequest/],
    ["a priority outside int32", [{ priority: 2 ** 31 }], /pods\[0\]\.priority/],
    ["a non-array", {}, /pods/],
  ])("rejects %s", (_n, pods, msg) => {
    expect(() => rankForMemoryPressureEviction(pods as never)).toThrow(SchedkitError);
    expect(() => rankForMemoryPressureEviction(pods as never)).toThrow(msg);
  });
});
