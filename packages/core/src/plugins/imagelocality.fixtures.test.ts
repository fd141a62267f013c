// Golden cases: ../../test-data/image_locality.json (TestImageLocalityPriority, TestNormalizedImageName), through
// createCluster + schedule with an ImageLocality-only profile.
import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { caseTable, runCase, scoreOf, singlePluginProfile } from "../_test/single-plugin.js";

const FILE = "image_locality.json";
const PLUGIN = "ImageLocality";
const fx = loadFixture(FILE);
const counter = fixtureCounter(FILE, fx.caseCount);
const MB = 1024 * 1024;

describe("ImageLocality fixtures", () => {
  it.each(caseTable(fx.cases))("%s", (_name, c) => {
    if (c.kind === "normalizedImageName") {
      // The pod's image `input` must find the node image listed under the normalized name `output`: one node of two
      // holds 1000 MiB under that name, so the spread-scaled sum is 500 MiB and the score 100*(500-23)/977 = 48.
      const nodes = [{ name: "holder", images: [{ names: [c.expected.output], sizeBytes: 1000 * MB }] }, { name: "other" }];
      const { nodes: got } = runCase({ nodes, pod: { containers: [{ image: c.input }] } }, singlePluginProfile(PLUGIN));
      expect(scoreOf(got.get("holder"), PLUGIN)?.raw).toBe(48);
      expect(scoreOf(got.get("other"), PLUGIN)?.raw).toBe(0);
    } else {
      const { result, nodes } = runCase(c, singlePluginProfile(PLUGIN));
      expect(result.status).toBe("Scheduled");
      for (const [name, want] of Object.entries(c.expected.scores)) {
        const s = scoreOf(nodes.get(name), PLUGIN);
        // No NormalizeScore: the raw score is final.
        expect(s?.raw, `node ${name}`).toBe(want);
        expect(s?.normalized, `node ${name}`).toBe(want);
      }
    }
    counter.ran();
  });
});
