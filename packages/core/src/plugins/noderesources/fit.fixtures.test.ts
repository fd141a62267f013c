// Golden cases: ../../../test-data/fit_filter.json (TestEnoughRequests, TestNotEnoughRequests, TestStorageRequests,
// TestRestartableInitContainers) through createCluster + schedule with NodeResourcesFit as the only plugin.
import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../../_test/fixtures.js";
import { codeAndReasons, expectedStatus, singlePluginProfile } from "../../_test/single-plugin.js";
import { runFixture } from "./_fixtures.test-helpers.js";

const FILE = "fit_filter.json";
const PLUGIN = "NodeResourcesFit";
const fx = loadFixture<{ caseCount: number; cases: any[] }>(FILE);
const counter = fixtureCounter(FILE, fx.caseCount);

describe("NodeResourcesFit filter fixtures", () => {
  it.each(fx.cases.map((c: any) => [c.name, c] as [string, any]))("%s", (_name, c: any) => {
    const e = c.expected;
    // Each case runs on the newest release whose kube-scheduler accepts its gate settings (kube_features.go):
    // SidecarContainers is GA and locked on 1.33–1.36 and gone in 1.37, so the cases that switch it off run on
    // 1.32 (their TestRestartableInitContainers is from then) and those that switch it on on 1.36;
    // DRAExtendedResource is GA and locked on from 1.37, so the cases that switch it off run on 1.36.
    const sidecars = c.features?.sidecarContainers;
    const era =
      sidecars === false ? { kubernetesVersion: "1.32" } : sidecars === true || c.features?.DRAExtendedResource === false ? { kubernetesVersion: "1.36" } : {};
    const r = runFixture(c, singlePluginProfile(PLUGIN, c.args), { featureGates: c.features, ...era });
    const pre = r.result.explanation!.preFilter.find((p) => p.plugin === PLUGIN)!;
    if (e.preFilter !== undefined) expect(codeAndReasons(pre.status)).toEqual(expectedStatus(e.preFilter));
    if (pre.status.code !== "Success") {
      // A PreFilter rejection ends the cycle before Filter; the fixture then lists no filter outcome.
      expect(e.filter).toBeUndefined();
      expect(r.result.status).toBe("Unschedulable");
      expect(r.result.message).toContain(pre.status.reasons[0]);
    } else {
      const status = r.nodes.get(c.nodes[0].name)!.status;
      expect(codeAndReasons(status)).toEqual(expectedStatus(e.filter));
      if (e.insufficientResources !== undefined) {
        const want = e.insufficientResources.map((x: any) => ({ unresolvable: false, ...x }));
        expect(status.insufficientResources ?? []).toEqual(want);
      }
      expect(r.result.status).toBe(e.filter.code === "Success" ? "Scheduled" : "Unschedulable");
    }
    counter.ran();
  });
});
