// Golden cases: ../../../test-data/normalize_score.json (helper TestDefaultNormalizeScore), through the public entry.
import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../../_test/fixtures.js";
import { defaultNormalizeScore } from "../../index.js";
import { caseTable } from "../../_test/single-plugin.js";

const FILE = "normalize_score.json";
const fx = loadFixture(FILE);
const counter = fixtureCounter(FILE, fx.caseCount);

describe("DefaultNormalizeScore fixtures", () => {
  it.each(caseTable(fx.cases))("%s", (_name, c) => {
    const input = [...c.scores];
    expect(defaultNormalizeScore(input, c.reverse)).toEqual(c.expected.scores);
    expect(input, "the input list is not modified").toEqual(c.scores);
    counter.ran();
  });
});
