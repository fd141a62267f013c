// Golden cases: ../../../test-data/most_allocated.json (TestMostAllocatedScoringStrategy, TestFitScore)
// through createCluster + schedule with NodeResourcesFit as the only (score) plugin.
import { describe, it } from "vitest";
import { fixtureCounter, loadFixture } from "../../_test/fixtures.js";
import { expectScoreCase } from "./_score-fixture.test-helpers.js";

const FILE = "most_allocated.json";
const fx = loadFixture<{ caseCount: number; cases: any[] }>(FILE);
const counter = fixtureCounter(FILE, fx.caseCount);

describe("NodeResourcesFit MostAllocated fixtures", () => {
  it.each(fx.cases.map((c: any) => [c.name, c] as [string, any]))("%s", (_name, c: any) => {
    expectScoreCase(c);
    counter.ran();
  });
});
