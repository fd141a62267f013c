import { createCluster, tsEngine } from "@schedkit/core";
import { describe, expect, it } from "vitest";
import { run } from "../cli.js";
import { tempFiles } from "../_test/files.js";
import { memoryIO } from "../_test/io.js";
import { runIncident, type Incident } from "../demo/incident.js";

const files = tempFiles();

async function cli(args: string[]) {
  const io = memoryIO({ cwd: files.dir });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("demo: the api-gateway incident on the embedded 100-node cluster", async () => {
  const json = await cli(["demo", "--json"]);
  const inc = JSON.parse(json.out) as Incident;

  it("--json is the incident computed on the TypeScript engine too (both engines agree)", () => {
    expect(json.code).toBe(0);
    expect(inc).toEqual(JSON.parse(JSON.stringify(runIncident(tsEngine))));
  });

  it("the HPA walks its default scale-up path and the first replica that fails gets 100 Insufficient cpu", () => {
    expect(inc.hpa).toEqual({ from: 50, desired: 500, path: [100, 200, 400, 500] });
    const failing = inc.steps.filter((s) => s.firstFailure !== null);
    expect(failing.length).toBeGreaterThan(0);
    expect(failing[0]!.firstFailure!.message).toMatch(/^0\/100 nodes are available: 100 Insufficient cpu\./);
  });

  it("capacity() before the scale-up counts exactly the replicas the scale-up then placed", () => {
    const placed = inc.steps.reduce((a, s) => a + s.placed, 0);
    expect(inc.capacityBefore.shapes[0]!.replicas).toBe(placed);
    expect(inc.capacityBefore.shapes[0]!.stoppedBy).toBe("100 Insufficient cpu");
  });

  it("nodesToAdd() answers for the 450 more the HPA wanted, and one node fewer is not enough", () => {
    expect(inc.nodesToAdd.target).toBe(450);
    expect(inc.nodesToAdd.nodes).toBeGreaterThan(0);
    expect(inc.nodesToAdd.withOneFewer!.replicas).toBeLessThan(450);
  });

  it("at the failure, free CPU is stranded in slivers under 200m", () => {
    const f = inc.fragmentation!;
    expect(f.strandedMilliCPU).toBeGreaterThan(0);
    for (const n of f.nodes) if (n.largestFit === null) expect(n.freeMilliCPU).toBeLessThan(200);
  });

  it("at 4:1 with every pod at its limit, api-gateway replicas get less than their 200m request", () => {
    expect(inc.cpu.hosts.every((h) => h.rhoVm <= 4)).toBe(true);
    expect(inc.cpu.gatewayShort).toBeGreaterThan(0);
    expect(inc.cpu.gatewayMedianMilli).toBeLessThan(200);
  });

  it("the text tells the same story, each section under a screen", async () => {
    const r = await cli(["demo"]);
    expect(r.code).toBe(0);
    const c = inc.capacityBefore.shapes[0]!;
    expect(r.out).toContain(`capacity(): ${c.replicas} more replicas fit`);
    expect(r.out).toContain("0/100 nodes are available: 100 Insufficient cpu.");
    expect(r.out).toContain(`add ${inc.nodesToAdd.nodes} k8s.2xlarge nodes`);
    const sections = r.out.split(/\n(?=\d\. )/);
    expect(sections.length).toBe(5);
    for (const s of sections) expect(s.split("\n").length).toBeLessThan(40);
  });

  it("--print-cluster prints the embedded cluster: 100 nodes, nothing pending", async () => {
    const r = await cli(["demo", "--print-cluster"]);
    const c = createCluster(JSON.parse(r.out));
    expect(c.nodes.length).toBe(100);
    expect(c.pendingPods.length).toBe(0);
    expect(c.boundPods.length).toBe(inc.cluster.runningPods);
  });
});
