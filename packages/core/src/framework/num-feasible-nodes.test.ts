import { describe, expect, it } from "vitest";
import { numFeasibleNodesToFind, SchedkitError } from "../index.js";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";

const fx = loadFixture("num_feasible_nodes.json");

describe("numFeasibleNodesToFind (schedule_one.go, docs/scheduler.md §3.1)", () => {
  const counter = fixtureCounter("num_feasible_nodes.json", fx.cases.length);
  for (const c of fx.cases) {
    it(c.name, () => {
      counter.ran();
      expect(numFeasibleNodesToFind(c.input.numAllNodes, c.input.percentageOfNodesToScore)).toBe(c.expected.numFeasibleNodesToFind);
    });
  }

  it("rejects a percentage outside 0..100 naming the option", () => {
    expect(() => numFeasibleNodesToFind(10, 101)).toThrow(SchedkitError);
    expect(() => numFeasibleNodesToFind(10, 101)).toThrow("percentageOfNodesToScore: 101 is not a percentage");
  });
});
