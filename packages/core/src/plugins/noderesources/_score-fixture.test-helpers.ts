// Test-only: the shared expectations of the Fit scoring-strategy fixture files (least/most/RTCR).
import { expect } from "vitest";
import { expectArgsError, rawScores, runFixture, scoreOnlyProfile } from "./_fixtures.test-helpers.js";

const PLUGIN = "NodeResourcesFit";

/** Runs one score case: an args error, a Score error, or the raw score of every node. */
export function expectScoreCase(c: any): void {
  const e = c.expected;
  // The Go tables run PreScore unless the case says otherwise; without it Score computes the requests itself.
  const profile = scoreOnlyProfile(PLUGIN, c.args, c.runPreScore !== false);
  if (e.argsError !== undefined) {
    expectArgsError(() => runFixture(c, profile), e.argsError[0]);
    return;
  }
  const r = runFixture(c, profile);
  if (e.scoreStatus !== undefined) {
    // Score failed for the pod: the cycle ends with an Error carrying the plugin's message (the zero scores the
    // Go table also lists are what Score returns alongside the error).
    expect(e.scoreStatus.code).toBe("Error");
    expect(r.result.status).toBe("Error");
    expect(r.result.message).toBe(`plugin "${PLUGIN}" failed with: ${e.scoreStatus.message}`);
    return;
  }
  expect(rawScores(r, PLUGIN, e.scores)).toEqual(e.scores);
}
