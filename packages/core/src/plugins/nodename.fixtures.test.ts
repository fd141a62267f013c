// Golden cases: ../../test-data/node_name.json (TestNodeName), through createCluster + schedule.
import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { caseTable, clusterNodeName, codeAndReasons, expectedStatus, runCase, singlePluginProfile } from "../_test/single-plugin.js";

const FILE = "node_name.json";
const fx = loadFixture(FILE);
const counter = fixtureCounter(FILE, fx.caseCount);

describe("NodeName fixtures", () => {
  it.each(caseTable(fx.cases))("%s", (_name, c) => {
    const { result, nodes } = runCase(c, singlePluginProfile("NodeName"));
    const node = nodes.get(clusterNodeName(c.nodes[0]));
    expect(node, "the node was examined").toBeDefined();
    expect(codeAndReasons(node!.status)).toEqual(expectedStatus(c.expected.filter));
    expect(result.status).toBe(c.expected.filter.code === "Success" ? "Scheduled" : "Unschedulable");
    counter.ran();
  });
});
