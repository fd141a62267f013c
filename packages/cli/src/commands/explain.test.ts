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

  it("raw, normalized and weighted scores in separate columns: weighted = normalized × the header's weight, TOTAL = Σ weighted", async () => {
    const r = await cli(["explain", demoFile, "--pod", "shop/web-0"]);
    const lines = r.out.split("\n");
    const at = lines.findIndex((l) => /^ {2}NODE\s/.test(l));
    const weights = [...lines[at]!.matchAll(/[A-Z0-9]+×(\d+)/g)].map((m) => Number(m[1]));
    expect(weights.length).toBeGreaterThan(3);
    expect(lines[at + 1]!.trim().split(/\s+/)).toEqual(weights.flatMap(() => ["raw", "norm", "wtd"]));
    const rows = lines.slice(at + 2).filter((l) => /^ {2}\S+(\s+\d+){4,}/.test(l));
    expect(rows.length).toBe(4);
    for (const row of rows) {
      const nums = row.trim().split(/\s+/).slice(1, 2 + 3 * weights.length).map(Number);
      let sum = 0;
      weights.forEach((w, i) => {
        expect(nums[3 * i + 2]).toBe(nums[3 * i + 1]! * w);
        sum += nums[3 * i + 2]!;
      });
      expect(nums[3 * weights.length]).toBe(sum);
    }
  });

  it("--json carries the ranking: every scored node highest total first, per plugin raw, normalized, weight and weighted", async () => {
    const j = JSON.parse((await cli(["explain", demoFile, "--pod", "shop/web-0", "--json"])).out) as { ranking: { node: string; total: number; chosen: boolean; scores: { weight: number; normalized: number; weighted: number }[] }[] };
    expect(j.ranking.map((n) => n.total)).toEqual([...j.ranking.map((n) => n.total)].sort((a, b) => b - a));
    expect(j.ranking.filter((n) => n.chosen).map((n) => n.node)).toEqual(["node-b1"]);
    for (const n of j.ranking) for (const s of n.scores) expect(s.weighted).toBe(s.normalized * s.weight);
  });

  it("flags ties: the nodes tied for the top score, and the others sharing a total", async () => {
    const node = (name: string) => kubeNode(name, "4", "8Gi");
    const file = files.write("ties.yaml", [node("t1"), node("t2"), node("t3"), kubeNode("small", "2", "8Gi"), kubeNode("small2", "2", "8Gi"), kubePod("web", "500m")].map((o) => stringify(o)).join("---\n"));
    const r = await cli(["explain", file, "--pod", "web"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/chosen among 3 tied for top score/);
    expect(r.out.split("\n").filter((l) => l.endsWith("tied for top score") && !l.includes("chosen")).length).toBe(2);
    expect(r.out.match(/tied \(2 nodes at \d+\)$/gm)?.length).toBe(2);
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
