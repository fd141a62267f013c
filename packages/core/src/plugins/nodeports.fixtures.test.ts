// Golden cases: ../../test-data/node_ports.json (TestNodePorts and TestFits, the exported Fits helper), through
// createCluster + schedule with a NodePorts-only profile. Existing pods are bound to the case's single node.
import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { caseTable, clusterNodeName, codeAndReasons, expectedStatus, runCase, singlePluginProfile } from "../_test/single-plugin.js";

const FILE = "node_ports.json";
const PLUGIN = "NodePorts";
const fx = loadFixture(FILE);
const counter = fixtureCounter(FILE, fx.caseCount);

describe("NodePorts fixtures", () => {
  it.each(caseTable(fx.cases))("%s", (_name, c) => {
    const e = c.expected;
    const { result, nodes } = runCase(c, singlePluginProfile(PLUGIN));
    const pre = result.explanation!.preFilter.find((p) => p.plugin === PLUGIN);
    const node = nodes.get(clusterNodeName(c.nodes[0]));
    expect(node, "the node was examined").toBeDefined();
    if (e.preFilter !== undefined) expect(pre?.status.code).toBe(e.preFilter.code);
    if (e.filter !== undefined) expect(codeAndReasons(node!.status)).toEqual(expectedStatus(e.filter));
    if (e.fits !== undefined) {
      // Fits(pod, nodeInfo) is the Filter verdict for a pod that has host ports.
      expect(pre?.status.code).toBe("Success");
      expect(node!.status.code).toBe(e.fits ? "Success" : "Unschedulable");
    }
    counter.ran();
  });
});
