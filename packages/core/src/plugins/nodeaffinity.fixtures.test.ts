// Golden cases: ../../test-data/node_affinity.json (TestNodeAffinity, TestNodeAffinityPriority), through
// createCluster + schedule with NodeAffinity as the only plugin.
import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import {
  caseTable,
  clusterNodeName,
  codeAndReasons,
  expectedStatus,
  filterOnlyProfile,
  runCase,
  scoreOf,
  singlePluginProfile,
} from "../_test/single-plugin.js";

const FILE = "node_affinity.json";
const PLUGIN = "NodeAffinity";
const fx = loadFixture(FILE);
const counter = fixtureCounter(FILE, fx.caseCount);

describe("NodeAffinity fixtures", () => {
  it.each(caseTable(fx.cases))("%s", (_name, c) => {
    const e = c.expected;
    const args = c.args;
    const nodeName = clusterNodeName(c.nodes[0]);

    if (e.filter !== undefined) {
      // The Go table calls Filter on the node whatever PreFilter said; with PreFilter disabled in the profile the
      // cycle does the same (the plugin computes its state in Filter, as upstream's fallback).
      const f = runCase(c, filterOnlyProfile(PLUGIN, args));
      expect(f.result.explanation!.preFilter).toEqual([]);
      expect(codeAndReasons(f.nodes.get(nodeName)!.status)).toEqual(expectedStatus(e.filter));
    }

    if (c.runPreFilter === true) {
      const full = runCase(c, singlePluginProfile(PLUGIN, args));
      const pre = full.result.explanation!.preFilter.find((p) => p.plugin === PLUGIN)!;
      expect(codeAndReasons(pre.status)).toEqual(expectedStatus(e.preFilter));
      // The explanation lists the plugin's own restriction, names the snapshot lacks included.
      const wantNames = e.preFilterResultNodeNames === null ? null : [...e.preFilterResultNodeNames].sort();
      expect(pre.nodeNames === null ? null : [...pre.nodeNames].sort()).toEqual(wantNames);
      const reachesFilter = pre.status.code === "Success" && (pre.nodeNames === null || pre.nodeNames.includes(nodeName));
      if (reachesFilter) expect(codeAndReasons(full.nodes.get(nodeName)!.status)).toEqual(expectedStatus(e.filter));
      if (pre.status.code === "Skip") expect(full.nodes.get(nodeName)!.status.code).toBe("Success");
      if (pre.status.code === "UnschedulableAndUnresolvable") {
        expect(full.result.status).toBe("Unschedulable");
        expect(full.result.message).toContain(pre.status.reasons[0]);
      }
    }

    if (c.runPreScore === true) {
      // One feasible node is taken without PreScore/Score (schedule_one.go); an identical second node makes them run.
      const extraNodes = c.nodes.length === 1 ? [{ ...c.nodes[0], name: `${nodeName}-twin` }] : [];
      const r = runCase(c, singlePluginProfile(PLUGIN, args), { extraNodes });
      if (e.preScore?.code === "Error") {
        // A PreScore error aborts the cycle with the plugin's message.
        expect(r.result.status).toBe("Error");
        expect(r.result.message).toMatch(/^running PreScore plugin "NodeAffinity": /);
        expect(r.result.message).toContain('"invalid key"');
      } else if (e.preScore !== undefined) {
        const ps = r.result.explanation!.preScore.find((p) => p.plugin === PLUGIN);
        expect(ps?.status.code).toBe(e.preScore.code);
      }
      if (e.normalizedScores !== undefined) {
        expect(r.result.status).toBe("Scheduled");
        for (const [name, want] of Object.entries(e.normalizedScores)) {
          expect(scoreOf(r.nodes.get(name), PLUGIN)?.normalized, `normalized ${name}`).toBe(want);
        }
        for (const [name, want] of Object.entries(e.rawScores ?? {})) {
          expect(scoreOf(r.nodes.get(name), PLUGIN)?.raw, `raw ${name}`).toBe(want);
        }
      }
    }
    counter.ran();
  });
});
