// Golden cases: ../../../test-data/balanced_allocation.json (TestNodeResourcesBalancedAllocation, current and
// legacy tables) through createCluster + schedule with NodeResourcesBalancedAllocation as the only plugin.
// The current formula (kubernetes/kubernetes#135573) runs as v1.36, the legacy one as v1.35.
import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../../_test/fixtures.js";
import { rawScores, runFixture, scoreOnlyProfile } from "./_fixtures.test-helpers.js";

const FILE = "balanced_allocation.json";
const PLUGIN = "NodeResourcesBalancedAllocation";
const fx = loadFixture<{ caseCount: number; cases: any[] }>(FILE);
const counter = fixtureCounter(FILE, fx.caseCount);

function versionOf(formula: string): string {
  if (formula.startsWith("balance-change")) return "1.36";
  if (formula.startsWith("legacy-std")) return "1.35";
  throw new Error(`unknown formulaVersion ${formula}`);
}

describe("NodeResourcesBalancedAllocation fixtures", () => {
  it.each(fx.cases.map((c: any) => [`${c.name} [${c.formulaVersion}]`, c] as [string, any]))("%s", (_name, c: any) => {
    const e = c.expected;
    const r = runFixture(c, scoreOnlyProfile(PLUGIN, c.args, c.runPreScore !== false), { kubernetesVersion: versionOf(c.formulaVersion) });
    expect(r.result.status).toBe("Scheduled");
    if (e.preScoreStatus !== undefined) {
      expect(r.result.explanation!.preScore.find((p) => p.plugin === PLUGIN)?.status.code).toBe(e.preScoreStatus);
      // Skipped: the plugin scores no node.
      expect(r.result.explanation!.scorePlugins).toEqual([]);
    } else {
      expect(rawScores(r, PLUGIN, e.scores)).toEqual(e.scores);
    }
    counter.ran();
  });
});
