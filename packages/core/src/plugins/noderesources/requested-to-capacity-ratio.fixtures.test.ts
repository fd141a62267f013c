// Golden cases: ../../../test-data/requested_to_capacity_ratio.json (TestRequestedToCapacityRatioScoringStrategy,
// TestResourceBinPacking*, TestFitScore) through createCluster + schedule with NodeResourcesFit as the only
// (score) plugin, and the TestBrokenLinearFunction tables through the public buildBrokenLinearFunction.
import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../../_test/fixtures.js";
import { buildBrokenLinearFunction } from "../../index.js";
import { expectScoreCase } from "./_score-fixture.test-helpers.js";

const FILE = "requested_to_capacity_ratio.json";
const fx = loadFixture<{ caseCount: number; cases: any[] }>(FILE);
const counter = fixtureCounter(FILE, fx.caseCount);

describe("NodeResourcesFit RequestedToCapacityRatio fixtures", () => {
  it.each(fx.cases.map((c: any) => [`${c.sourceTest ?? ""} ${c.name}`, c] as [string, any]))("%s", (_name, c: any) => {
    if (c.kind === "brokenLinearFunction") {
      // Already-internal points (no ×10), evaluated directly as the Go table does.
      const f = buildBrokenLinearFunction(c.points);
      expect(c.expected.values.map((v: any) => ({ p: v.p, f: f(v.p) }))).toEqual(c.expected.values);
    } else {
      expectScoreCase(c);
    }
    counter.ran();
  });
});
