// Golden cases: ../../test-data/node_name.json (TestNodeName), through createCluster + schedule. TestNodeName
// calls Filter directly, so the plugin runs at Filter only: from v1.37 its PreFilter (node_name.go PreFilter)
// would narrow the search to the named node and the Filter would never see another one (nodename.test.ts).
import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { caseTable, clusterNodeName, codeAndReasons, expectedStatus, filterOnlyProfile, runCase } from "../_test/single-plugin.js";

const FILE = "node_name.json";
const fx = loadFixture(FILE);
const counter = fixtureCounter(FILE, fx.caseCount);

describe("NodeName fixtures", () => {
  it.each(caseTable(fx.cases))("%s", (_name, c) => {
    const { result, nodes } = runCase(c, filterOnlyProfile("NodeName"));
    const node = nodes.get(clusterNodeName(c.nodes[0]));
    expect(node, "the node was examined").toBeDefined();
    expect(codeAndReasons(node!.status)).toEqual(expectedStatus(c.expected.filter));
    expect(result.status).toBe(c.expected.filter.code === "Success" ? "Scheduled" : "Unschedulable");
    counter.ran();
  });
});
