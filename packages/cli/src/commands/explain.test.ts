import { createCluster } from "@schedkit/core";
import { explainPod } from "@schedkit/core/analysis";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { run } from "../cli.js";
import { kubeNode, kubePod, tempFiles } from "../_test/files.js";
import { memoryIO } from "../_test/io.js";
import { DEMO_CLUSTER } from "./demo.js";

const files = tempFiles();
const demoFile = files.write("demo.json", JSON.stringify(DEMO_CLUSTER));

async function cli(args: string[]) {
  const io = memoryIO({ cwd: files.dir });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

// n1 is full with a low-priority pod; an important pending pod can only get in by preempting it.
const low = { ...(kubePod("low", "2", "n1") as Record<string, unknown>) };
const important = kubePod("important", "1");
(important as { spec: Record<string, unknown> }).spec["priority"] = 1000;
const preemptObjects = [kubeNode("n1", "2", "4Gi"), low, important];
const preemptFile = files.write("preempt.yaml", preemptObjects.map((o) => stringify(o)).join("---\n"));

describe("schedkit explain --pod: one pod's decision", () => {
  it("a scheduled pod: scores of the feasible nodes sorted by total, the chosen one marked", async () => {
    const r = await cli(["explain", demoFile, "--pod", "shop/web-0"]);
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines[0]).toBe("(4 of 6 in the queue; 2 of the 3 ahead of it placed first)");
    expect(lines[1]).toMatch(/^shop\/web-0 → node-b1 {2}\(4 feasible of 6 evaluated\)$/);
    const totals = lines.filter((l) => /^ {2}node-\S+\s.*\s\d+\s{2}/.test(l)).map((l) => Number(/\s(\d+)\s{2}(chosen|tied for top score)?\s*$/.exec(l)?.[1]));
    expect(totals.length).toBe(4);
    expect([...totals].sort((a, b) => b - a)).toEqual(totals);
    expect(r.out).toContain("TaintToleration: node(s) had untolerated taint(s)");
  });

  it("an unschedulable pod: every node's first failing filter and the FailedScheduling text; exit 2", async () => {
    const r = await cli(["explain", demoFile, "--pod", "report-big"]);
    expect(r.code).toBe(2);
    expect(r.out).toContain("batch/report-big  Unschedulable  (0 feasible of 6 evaluated)");
    expect(r.out).toMatch(/node-c1 +NodeResourcesFit: Insufficient cpu \(requests 4000m, 3000m of 3920m in use\)/);
  });

  it("--json is explainPod's result; schedule --explain-pod prints the same", async () => {
    const r = await cli(["explain", demoFile, "--pod", "shop/web-0", "--json"]);
    const lib = explainPod(createCluster(DEMO_CLUSTER), "shop/web-0");
    expect(JSON.parse(r.out)).toEqual(JSON.parse(JSON.stringify(lib)));
    expect((await cli(["schedule", demoFile, "--explain-pod", "shop/web-0", "--json"])).out).toBe(r.out);
    expect((await cli(["explain", demoFile, "--pod", "shop/web-0", "--json", "--engine", "ts"])).out).toBe(r.out);
  });

  it("a preemption carried out: the retry that placed the pod, and the victims its first cycle evicted", async () => {
    const r = await cli(["explain", preemptFile, "--pod", "important"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("default/important → n1");
    expect(r.out).toContain("Retried after its preemption on n1 evicted: default/low");
    const j = JSON.parse((await cli(["explain", preemptFile, "--pod", "important", "--json"])).out);
    expect(j.result.nomination).toEqual({ node: "n1", victims: ["default/low"], evicted: true });
  });

  it("--preemption dry-run: nominated node and the victims it would evict", async () => {
    const r = await cli(["explain", preemptFile, "--pod", "important", "--preemption", "dry-run"]);
    expect(r.code).toBe(2);
    expect(r.out).toContain("Nominated to n1; preemption would evict: default/low");
    const j = JSON.parse((await cli(["explain", preemptFile, "--pod", "important", "--json", "--preemption", "dry-run"])).out);
    expect(j.result.nomination).toEqual({ node: "n1", victims: ["default/low"], evicted: false });
  });

  it("names an unknown pod with the pending ones", async () => {
    const r = await cli(["explain", demoFile, "--pod", "nope"]);
    expect(r).toEqual({ code: 1, out: "", err: 'schedkit: --pod "nope" is not a pending pod of this cluster (pending: batch/report-big, ml/train-llm, shop/cache-warmer, shop/web-0, shop/web-1, … 1 more)\n' });
  });
});

describe("schedkit schedule: preemptions without --explain", () => {
  it("carried out (default): the table says who evicted whom and where the preemptor landed; --json has the evictions", async () => {
    const r = await cli(["schedule", preemptFile]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/default\/important +Scheduled +n1 /);
    expect(r.out).toContain("Preemptions carried out: the pods each preemptor evicted, and where it landed:\n  default/important evicted default/low on n1; scheduled on n1");
    expect(r.out).toContain("1 of 1 pod scheduled, 1 preemption evicted 1 pod.");
    const j = JSON.parse((await cli(["schedule", preemptFile, "--json"])).out);
    expect(j.results[0].nomination).toEqual({ node: "n1", victims: ["default/low"], evicted: true });
    expect(j.evictions).toEqual([{ pod: "default/low", node: "n1", preemptor: "default/important" }]);
    expect(j.summary).toMatchObject({ preemptions: 1, evictions: 1 });
  });

  it("with --explain: the retry's cycle says what the earlier preemption evicted", async () => {
    const r = await cli(["schedule", preemptFile, "--explain"]);
    expect(r.out).toContain("default/important → n1");
    expect(r.out).toContain("Retried after its preemption on n1 evicted: default/low");
  });

  it("--preemption dry-run: the nominated node and the victims, nothing evicted", async () => {
    const r = await cli(["schedule", preemptFile, "--preemption", "dry-run"]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/default\/important +Unschedulable +\(nominated: n1\)/);
    expect(r.out).toContain("default/important → n1: evicts default/low");
    const j = JSON.parse((await cli(["schedule", preemptFile, "--json", "--preemption", "dry-run"])).out);
    expect(j.results[0].nomination).toEqual({ node: "n1", victims: ["default/low"], evicted: false });
    expect(j.results[0].explanation).toBeNull();
    expect(j.evictions).toEqual([]);
  });
});
