// Golden cases: ../../test-data/taint_toleration.json (TestTaintTolerationFilter, TestTaintTolerationScore),
// through createCluster + schedule with a TaintToleration-only profile.
import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { caseTable, clusterNodeName, codeAndReasons, expectedStatus, runCase, scoreOf, singlePluginProfile } from "../_test/single-plugin.js";

const FILE = "taint_toleration.json";
const PLUGIN = "TaintToleration";
const fx = loadFixture(FILE);
const counter = fixtureCounter(FILE, fx.caseCount);
// The last release before the generic reason: #135023 reached release-1.34 in v1.34.2 (CHANGELOG-1.34).
const LEGACY_VERSION = "1.34.1";

describe("TaintToleration fixtures", () => {
  it.each(caseTable(fx.cases))("%s", (_name, c) => {
    const e = c.expected;
    const { result, nodes } = runCase(c, singlePluginProfile(PLUGIN));
    if (e.filter !== undefined) {
      const node = nodes.get(clusterNodeName(c.nodes[0]));
      expect(node, "the node was examined").toBeDefined();
      expect(codeAndReasons(node!.status)).toEqual(expectedStatus(e.filter));
      if (e.filter.reasonsInSourceTable !== undefined) {
        // The Go table's own string is the reason of releases before kubernetes/kubernetes#134740.
        const old = runCase(c, singlePluginProfile(PLUGIN), { kubernetesVersion: LEGACY_VERSION });
        expect(old.nodes.get(clusterNodeName(c.nodes[0]))!.status.reasons).toEqual(e.filter.reasonsInSourceTable);
      }
    }
    if (e.normalizedScores !== undefined) {
      expect(result.status).toBe("Scheduled");
      for (const [name, want] of Object.entries(e.normalizedScores)) {
        expect(scoreOf(nodes.get(name), PLUGIN)?.normalized, `node ${name}`).toBe(want);
      }
    }
    counter.ran();
  });
});
