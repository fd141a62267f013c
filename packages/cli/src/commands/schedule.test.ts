import { createCluster, scheduleAll, syntheticCluster, syntheticPods, type RunOptions } from "@schedkit/core";
import { runFragmentation } from "@schedkit/core/analysis";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { run } from "../cli.js";
import { kubeNode, kubePod, tempFiles } from "../_test/files.js";
import { memoryIO } from "../_test/io.js";
import { DEMO_CLUSTER } from "./demo.js";

const files = tempFiles();
const demoFile = files.write("demo.json", JSON.stringify(DEMO_CLUSTER));

/** What the library returns for these objects, as JSON text would carry it. */
function library(objects: unknown, options: RunOptions = {}): unknown {
  const cluster = createCluster(objects);
  const run = scheduleAll(undefined, cluster, { explain: false, ...options });
  return JSON.parse(JSON.stringify({ results: run.results, summary: run.summary, skipped: run.skipped, gated: run.gated, evictions: run.evictions, warnings: cluster.warnings, fragmentation: runFragmentation(cluster, run, options) }));
}

async function cli(args: string[], stdin?: string) {
  const io = memoryIO(stdin === undefined ? { cwd: files.dir } : { stdin, cwd: files.dir });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

// A two-node cluster, 2 CPUs each, n1 already running a 500m pod.
const small = [kubeNode("n1", "2", "4Gi"), kubeNode("n2", "2", "4Gi"), kubePod("running", "500m", "n1")];
const smallYaml = files.write("small.yaml", small.map((o) => stringify(o)).join("---\n"));

describe("--json prints { results, summary, skipped, gated, evictions, warnings } exactly as scheduleAll and createCluster return them", () => {
  it.each<[string, string[], RunOptions]>([
    ["defaults", [], {}],
    ["seeded tie-break", ["--seed", "7"], { seed: 7 }],
    ["first tie-break", ["--tie-break", "first"], { tieBreak: "first" }],
    ["an older release", ["--k8s-version", "1.33"], { kubernetesVersion: "1.33" }],
    ["every node scored", ["--percentage-of-nodes-to-score", "100"], { percentageOfNodesToScore: 100 }],
    // PodLevelResources off needs the gate that depends on it off too (1.36 refuses one without the other).
    // SidecarContainers is a 1.36 gate (locked on): v1.37.1's kube_features.go no longer lists it.
    [
      "feature gates",
      ["--k8s-version", "1.36", "--feature-gates", "PodLevelResources=false,InPlacePodLevelResourcesVerticalScaling=false,SidecarContainers=true"],
      { kubernetesVersion: "1.36", featureGates: { PodLevelResources: false, InPlacePodLevelResourcesVerticalScaling: false, SidecarContainers: true } },
    ],
    [
      "feature gates on the default release",
      ["--feature-gates", "PodLevelResources=false,InPlacePodLevelResourcesVerticalScaling=false"],
      { featureGates: { PodLevelResources: false, InPlacePodLevelResourcesVerticalScaling: false } },
    ],
    ["with explanations", ["--explain"], { explain: true }],
  ])("%s", async (_name, flags, options) => {
    const r = await cli(["schedule", demoFile, "--json", ...flags]);
    expect(JSON.parse(r.out)).toEqual(library(DEMO_CLUSTER, options));
  });

  it("has the result, summary and fragmentation fields", async () => {
    const r = await cli(["schedule", demoFile, "--json"]);
    const parsed = JSON.parse(r.out) as { results: Record<string, unknown>[]; summary: Record<string, unknown> };
    expect(Object.keys(parsed).sort()).toEqual(["evictions", "fragmentation", "gated", "results", "skipped", "summary", "warnings"]);
    for (const res of parsed.results) {
      // An unschedulable pod also names the plugins that rejected it (what the scheduling queue asks for hints).
      const rejected = res["status"] === "Unschedulable" ? ["unschedulablePlugins"] : [];
      // `cycle`: the scheduling cycle of the pod's last attempt (the scheduled ones by cycle: the binding order).
      expect(Object.keys(res).sort()).toEqual(["cycle", "evaluatedNodes", "explanation", "feasibleNodes", "message", "nodeName", "pod", "reasons", "status", ...rejected].sort());
    }
    // "1 Insufficient cpu, 1 Insufficient memory, 1 node(s) had untolerated taint(s), 4 node(s) didn't match Pod's node affinity/selector"
    expect(parsed.results.find((x) => x["status"] === "Unschedulable")?.["unschedulablePlugins"]).toEqual(["NodeAffinity", "NodeResourcesFit", "TaintToleration"]);
    expect(Object.keys(parsed.summary).sort()).toEqual(["cycles", "errors", "evictions", "gated", "nodes", "pods", "preemptions", "scheduled", "skipped", "unschedulable", "unschedulableByReason"]);
  });
});

// What writeJson wrote for the whole run before --json streamed: the streamed text must be that, byte for byte.
function libraryText(objects: unknown, options: RunOptions = {}): string {
  const cluster = createCluster(objects);
  const run = scheduleAll(undefined, cluster, { explain: false, ...options });
  const fragmentation = runFragmentation(cluster, run, options);
  return `${JSON.stringify({ results: run.results, summary: run.summary, skipped: run.skipped, gated: run.gated, evictions: run.evictions, warnings: cluster.warnings, fragmentation }, null, 2)}\n`;
}

describe("--json is written as the run goes, the same text as one JSON.stringify of the whole run", () => {
  it.each<[string, string[], RunOptions]>([
    ["defaults", [], {}],
    ["with explanations", ["--explain"], { explain: true }],
    ["the TypeScript engine", ["--engine", "ts"], {}],
  ])("the demo cluster, %s", async (_name, flags, options) => {
    const r = await cli(["schedule", demoFile, "--json", ...flags]);
    expect(r.out).toBe(libraryText(DEMO_CLUSTER, options));
  });

  it("a preemptor's result, final only after its retry, keeps its place in queue order", async () => {
    const low = { ...(kubePod("low", "2", "n1") as Record<string, any>), status: { phase: "Running" } };
    const filler = { ...(kubePod("filler", "2", "n2") as Record<string, any>), spec: { ...(kubePod("filler", "2", "n2") as any).spec, priority: 100 }, status: { phase: "Running" } };
    const urgent = { ...(kubePod("urgent", "2") as Record<string, any>), spec: { ...(kubePod("urgent", "2") as any).spec, priority: 1000 } };
    const later = [kubePod("later-1", "0"), kubePod("later-2", "0")];
    const objects = { kind: "List", items: [kubeNode("n1", "2", "4Gi"), kubeNode("n2", "2", "4Gi"), low, filler, urgent, ...later] };
    const r = await cli(["schedule", files.write("preempt-stream.json", JSON.stringify(objects)), "--json"]);
    expect(r.out).toBe(libraryText(objects));
    expect((JSON.parse(r.out) as { results: { pod: string }[] }).results.map((x) => x.pod)).toEqual(["default/urgent", "default/later-1", "default/later-2"]);
  });

  it("10,000 pending pods: written in chunks while the run goes, never all results at once", async () => {
    const big = (i: number) => ({ kind: "Node", metadata: { name: `big-${i}` }, status: { allocatable: { cpu: "1000", memory: "4000Gi", pods: "1000" } } });
    const pending = syntheticPods({ count: 10_000, seed: 6 });
    const objects = { kind: "List", items: [...Array.from({ length: 20 }, (_, i) => big(i)), ...pending] };
    const file = files.write("large.json", JSON.stringify(objects));
    const writes: string[] = [];
    const io = { ...memoryIO({ cwd: files.dir }), stdout: { write: (s: string) => writes.push(s), isTTY: false } };
    const code = await run(["schedule", file, "--json"], io);
    expect(code).toBe(0);
    // Each write is about one 64 KiB chunk: the results went out as they came, the summary last.
    expect(writes.length).toBeGreaterThan(20);
    for (const w of writes) expect(w.length).toBeLessThan(2 ** 17);
    expect(writes.slice(0, -1).some((w) => w.includes('"summary"'))).toBe(false);
    expect(writes.join("")).toBe(libraryText(objects));
  });
});

describe("inputs: JSON or YAML files, multi-document, Lists, stdin", () => {
  const pending = [kubePod("a", "1"), kubePod("b", "1")];
  const objects = [...small, ...pending];

  it.each<[string, () => { args: string[]; stdin?: string }]>([
    ["multi-document YAML", () => ({ args: [files.write("multi.yaml", objects.map((o) => stringify(o)).join("---\n") + "---\n")] })],
    ["a kubectl List in YAML", () => ({ args: [files.write("list.yaml", stringify({ apiVersion: "v1", kind: "List", items: objects }))] })],
    ["JSON on stdin", () => ({ args: ["-"], stdin: JSON.stringify({ kind: "List", items: objects }) })],
    ["YAML cluster plus a JSON file of pending pods", () => ({ args: [smallYaml, files.write("pending.json", JSON.stringify(pending))] })],
    ["a {nodes, pods} document", () => ({ args: [files.write("groups.json", JSON.stringify({ nodes: small.slice(0, 2), pods: [small[2], ...pending] }))] })],
  ])("%s", async (_name, make) => {
    const { args, stdin } = make();
    const r = await cli(["schedule", ...args, "--json"], stdin);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(library(objects));
  });

  it("notes objects of other kinds on stderr and still schedules", async () => {
    const withConfigMap = [...objects, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm" } }];
    const r = await cli(["schedule", files.write("cm.yaml", withConfigMap.map((o) => stringify(o)).join("---\n")), "--json"]);
    expect(r.err).toContain("ignored objects schedkit does not use: 1 ConfigMap");
    expect(JSON.parse(r.out)).toEqual(library(objects));
  });
});

describe("--pod and --replicas", () => {
  const worker = files.write("worker.yaml", stringify(kubePod("worker", "600m")));

  it("names copies <name>-0 .. <name>-(N-1) and schedules them in that order", async () => {
    const r = await cli(["schedule", smallYaml, "--pod", worker, "--replicas", "3", "--json"]);
    const expected = library([...small, kubePod("worker-0", "600m"), kubePod("worker-1", "600m"), kubePod("worker-2", "600m")]);
    expect(JSON.parse(r.out)).toEqual(expected);
    expect((JSON.parse(r.out) as { results: { pod: string }[] }).results.map((x) => x.pod)).toEqual(["default/worker-0", "default/worker-1", "default/worker-2"]);
  });

  it("reports kube-scheduler's FailedScheduling message for the copies that do not fit", async () => {
    // n1 has 1500m free (two 600m copies), n2 2000m (three): 5 of 8 fit. The message is the v1.37 form of
    // docs/scheduler.md §7 (FitError.Error + DefaultPreemption; DynamicResources' PostFilter adds no reason there).
    const r = await cli(["schedule", smallYaml, "--pod", worker, "--replicas", "8", "--json"]);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.out) as { results: { status: string; message: string }[]; summary: { scheduled: number } };
    expect(out.summary.scheduled).toBe(5);
    const failed = out.results.filter((x) => x.status === "Unschedulable");
    expect(failed).toHaveLength(3);
    for (const f of failed) {
      expect(f.message).toBe(
        "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
      );
    }
  });

  it("prints that message verbatim in the human output", async () => {
    const r = await cli(["schedule", smallYaml, "--pod", worker, "--replicas", "8"]);
    const lines = r.out.split("\n").filter((l) => l.includes("default/worker-7"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/default\/worker-7\s+Unschedulable\s+-\s+0\/2\s+0\/2 nodes are available: 2 Insufficient cpu\. preemption: 0\/2 nodes are available: 2 No preemption victims found for incoming pod\.$/);
  });

  it.each<[string, number | undefined, string[]]>([
    ["spec.replicas copies of a Deployment's template", 3, []],
    ["--replicas overrides spec.replicas", 2, ["--replicas", "2"]],
  ])("%s", async (_name, n, flags) => {
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "shop" },
      spec: { replicas: 3, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx", resources: { requests: { cpu: "250m" } } }] } } },
    };
    const r = await cli(["schedule", smallYaml, "--pod", files.write("deploy.yaml", stringify(deployment)), ...flags, "--json"]);
    const pods = Array.from({ length: n! }, (_, i) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `web-${i}`, namespace: "shop", labels: { app: "web" } },
      spec: deployment.spec.template.spec,
    }));
    expect(JSON.parse(r.out)).toEqual(library([...small, ...pods]));
  });
});

describe("exit codes: 0 all placed, 2 some unschedulable, 1 bad input", () => {
  const fits = files.write("fits.yaml", stringify(kubePod("fits", "1")));
  const tooBig = files.write("too-big.yaml", stringify(kubePod("too-big", "3")));
  it.each<[string, string[], number]>([
    ["every pod placed", ["schedule", smallYaml, "--pod", fits], 0],
    ["a pod no node can take", ["schedule", smallYaml, "--pod", tooBig], 2],
    ["the demo cluster (one pod does not fit)", ["schedule", demoFile], 2],
    ["a missing file", ["schedule", "no-such-file.json"], 1],
    ["no file at all", ["schedule"], 1],
    ["a malformed --seed", ["schedule", smallYaml, "--seed", "x"], 1],
    ["--replicas without --pod", ["schedule", smallYaml, "--replicas", "3"], 1],
    ["an unknown command", ["reschedule"], 1],
  ])("%s", async (_name, args, code) => {
    expect((await cli(args)).code).toBe(code);
  });
});

describe("bad input: the library's message with the file and field path, no stack trace", () => {
  const badCpu = (o: object) => JSON.parse(JSON.stringify(o).replace('"cpu":"600m"', '"cpu":"6x0m"')) as object;
  it.each<[string, () => string[], string]>([
    [
      "a bad quantity in a multi-document cluster file",
      () => ["schedule", files.write("bad-cluster.yaml", [...small, badCpu(kubePod("p", "600m"))].map((o) => stringify(o)).join("---\n"))],
      'bad-cluster.yaml (document 4): spec.containers[0].resources.requests.cpu: "6x0m" is not a Kubernetes quantity',
    ],
    [
      "a bad quantity in a List item",
      () => ["schedule", files.write("bad-list.json", JSON.stringify({ kind: "List", items: [...small, badCpu(kubePod("p", "600m"))] }))],
      'bad-list.json: items[3].spec.containers[0].resources.requests.cpu: "6x0m" is not a Kubernetes quantity',
    ],
    [
      "a bad quantity in a --pod Deployment template",
      () => {
        const d = { kind: "Deployment", metadata: { name: "d" }, spec: { template: { spec: (badCpu(kubePod("x", "600m")) as { spec: object }).spec } } };
        return ["schedule", smallYaml, "--pod", files.write("bad-deploy.yaml", stringify(d))];
      },
      'bad-deploy.yaml: spec.template.spec.containers[0].resources.requests.cpu: "6x0m" is not a Kubernetes quantity',
    ],
    ["a bad --replicas", () => ["schedule", smallYaml, "--pod", smallYaml, "--replicas", "0"], '--replicas: "0" is not an integer 1..1000000'],
    ["a bad --feature-gates item", () => ["schedule", smallYaml, "--feature-gates", "PodLevelResources"], '--feature-gates: "PodLevelResources" is not Gate=true or Gate=false'],
    ["an unknown feature gate", () => ["schedule", smallYaml, "--feature-gates", "NoSuchGate=true"], '--feature-gates NoSuchGate: "NoSuchGate" is not a feature gate'],
    ["an unsupported release", () => ["schedule", smallYaml, "--k8s-version", "2.0"], '--k8s-version: "2.0" is not a Kubernetes version'],
    ["a bound --pod", () => ["schedule", smallYaml, "--pod", files.write("bound.yaml", stringify(kubePod("b", "1", "n1")))], 'bound.yaml: spec.nodeName: "n1" is set'],
    ["a YAML syntax error", () => ["schedule", files.write("broken.yaml", "kind: Node\n  metadata: [\n")], "broken.yaml: "],
    ["a missing file", () => ["schedule", "missing.json"], "missing.json: no such file"],
  ])("%s", async (_name, args, message) => {
    const r = await cli(args());
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain(`schedkit: ${message}`);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe("--config takes a KubeSchedulerConfiguration profile", () => {
  const profiles = [
    { schedulerName: "default-scheduler" },
    {
      schedulerName: "bin-packer",
      pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type: "MostAllocated", resources: [{ name: "cpu", weight: 1 }] } } }],
    },
  ];
  const config = files.write(
    "config.yaml",
    stringify({ apiVersion: "kubescheduler.config.k8s.io/v1", kind: "KubeSchedulerConfiguration", percentageOfNodesToScore: 100, profiles }),
  );

  it.each<[string, string[], RunOptions]>([
    ["the first profile by default", [], { profile: profiles[0], percentageOfNodesToScore: 100 }],
    ["the profile named by --scheduler-name", ["--scheduler-name", "bin-packer"], { profile: profiles[1], percentageOfNodesToScore: 100 }],
    ["--percentage-of-nodes-to-score overrides the file", ["--percentage-of-nodes-to-score", "50"], { profile: profiles[0], percentageOfNodesToScore: 50 }],
  ])("%s", async (_name, flags, options) => {
    const r = await cli(["schedule", demoFile, "--config", config, ...flags, "--json"]);
    expect(JSON.parse(r.out)).toEqual(library(DEMO_CLUSTER, options));
  });

  it("--scheduler-name gives the --pod pods that name no scheduler that profile; a pod naming another is left to it", async () => {
    const own = kubePod("own", "500m") as { spec: Record<string, unknown> };
    const other = { ...own, metadata: { name: "other", namespace: "default" }, spec: { ...own.spec, schedulerName: "someone-else" } };
    const podFile = files.write("named.yaml", [kubePod("a", "500m"), kubePod("b", "500m"), other].map((o) => stringify(o)).join("---\n"));
    const r = await cli(["schedule", smallYaml, "--pod", podFile, "--config", config, "--scheduler-name", "bin-packer", "--json"]);
    const named = (p: object) => ({ ...p, spec: { ...(p as { spec: object }).spec, schedulerName: "bin-packer" } });
    const expected = library([...small, named(kubePod("a", "500m")), named(kubePod("b", "500m")), other], { profile: profiles[1], percentageOfNodesToScore: 100 }) as { results: { status: string }[]; skipped: { pod: string }[] };
    expect(JSON.parse(r.out)).toEqual(expected);
    expect(expected.results.map((x) => x.status)).toEqual(["Scheduled", "Scheduled"]);
    expect(expected.skipped.map((x) => x.pod)).toEqual(["default/other"]);
  });

  it.each<[string, () => string[], string]>([
    ["an unknown --scheduler-name", () => ["--config", config, "--scheduler-name", "nope"], 'config.yaml: no profile has schedulerName "nope" (profiles: default-scheduler, bin-packer)'],
    [
      "an unknown plugin in the chosen profile",
      () => ["--config", files.write("bad-config.yaml", stringify({ kind: "KubeSchedulerConfiguration", profiles: [{ plugins: { score: { enabled: [{ name: "NoSuchPlugin" }] } } }] }))],
      'bad-config.yaml: profiles[0].plugins.score.enabled[0]: "NoSuchPlugin" is not a known plugin',
    ],
    ["another kind of file", () => ["--config", smallYaml], "small.yaml: expected one KubeSchedulerConfiguration document, found 3"],
  ])("rejects %s", async (_name, flags, message) => {
    const r = await cli(["schedule", demoFile, ...flags()]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`schedkit: ${message}`);
  });
});

describe("human output", () => {
  it("prints one aligned line per pod and the summary", async () => {
    const r = await cli(["schedule", demoFile]);
    const lib = library(DEMO_CLUSTER) as { results: { pod: string; status: string; nodeName: string | null; message: string }[] };
    const lines = r.out.split("\n");
    expect(lines[0]).toMatch(/^POD\s+STATUS\s+NODE\s+FEASIBLE\s+MESSAGE$/);
    const statusAt = lines[0]!.indexOf("STATUS");
    lib.results.forEach((res, i) => {
      const line = lines[i + 1]!;
      expect(line.startsWith(res.pod)).toBe(true);
      expect(line.indexOf(res.status)).toBe(statusAt);
      expect(line).toContain(res.nodeName ?? res.message);
    });
    expect(r.out).toContain(`${lib.results.filter((x) => x.status === "Scheduled").length} of ${lib.results.length} pods scheduled`);
  });

  it("--explain shows each node's filter reason or per-plugin scores", async () => {
    const r = await cli(["schedule", demoFile, "--explain"]);
    const lib = library(DEMO_CLUSTER, { explain: true }) as {
      results: { pod: string; explanation: { nodes: { node: string; total: number | null; status: { plugin: string; reasons: string[] } }[] } }[];
    };
    for (const res of lib.results) {
      const block = r.out.slice(r.out.indexOf(res.pod));
      for (const n of res.explanation.nodes) {
        const row = block.split("\n").find((l) => l.startsWith(`  ${n.node} `));
        expect(row, `${res.pod} ${n.node}`).toBeDefined();
        if (n.total !== null) expect(row).toMatch(new RegExp(`\\s${n.total}(\\s|$)`));
        else if (n.status.plugin !== "") expect(row).toContain(`${n.status.plugin}: `);
      }
    }
  });

  it.each<[string, string[], string]>([
    ["1.36: its reason", ["--k8s-version", "1.36"], "  PostFilter DynamicResources: no new claims to deallocate\n"],
    ["1.37: no reason, so its code", [], "  PostFilter DynamicResources: Unschedulable\n"],
  ])("--explain names each PostFilter plugin's outcome (DynamicResources for a pod without claims, %s)", async (_name, flags, line) => {
    const r = await cli(["schedule", smallYaml, "--pod", files.write("big.yaml", stringify(kubePod("big", "3"))), "--explain", ...flags]);
    expect(r.out).toContain(line);
    // 3 CPUs is more than either node's allocatable: removing pods cannot help (Fit's unresolvable rejection).
    expect(r.out).toContain("  PostFilter DefaultPreemption: preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.\n");
  });

  it.each<[string, { tty: boolean; env?: Record<string, string> }, boolean]>([
    ["no colour when stdout is not a terminal", { tty: false }, false],
    ["colour on a terminal", { tty: true }, true],
    ["no colour on a terminal when NO_COLOR is set", { tty: true, env: { NO_COLOR: "1" } }, false],
  ])("%s", async (_name, opts, coloured) => {
    const io = memoryIO({ ...opts, cwd: files.dir });
    await run(["schedule", demoFile], io);
    expect(io.out().includes("\u001b[")).toBe(coloured);
  });
});

// Regression: 125,000+ nodes crashed the text output with "Maximum call stack size exceeded" (out.push(...rows)).
describe("large clusters", () => {
  it("prints the per-node summary and the explanation of a 130,000-node cluster", async () => {
    const big = syntheticCluster({ nodes: 130_000, seed: 1 });
    const pending = { apiVersion: "v1", kind: "Pod", metadata: { name: "pending-0", namespace: "default" }, spec: { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "100m" } } }] } };
    const file = files.write("big.json", JSON.stringify({ apiVersion: "v1", kind: "List", items: [...big.nodes, ...big.pods, pending] }));
    // --explain prints the tables that crashed, with a row per node.
    const r = await cli(["schedule", file, "--explain"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("1 of 1 pod scheduled.");
    expect(r.out.split("\n").length).toBeGreaterThan(130_000);
  }, 300_000);
});

// Regression: the replica limit applied only to --replicas; spec.replicas: 2000000000 ran the heap out.
describe("replicas per workload (README: Limits)", () => {
  const deployment = (replicas: number) => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas, template: { spec: { containers: [{ name: "c", image: "nginx" }] } } } });
  it.each([
    ["a Deployment", deployment(2_000_000_000), "deploy.yaml: spec.replicas: 2000000000 is more than 1000000 pods per workload (the limit)"],
    ["a Deployment in a List", { apiVersion: "v1", kind: "List", items: [deployment(1_000_001)] }, "deploy.yaml: items[0].spec.replicas: 1000001 is more than 1000000 pods per workload (the limit)"],
  ])("%s above the limit is an error naming it", async (_name, doc, message) => {
    const pod = files.write("deploy.yaml", stringify(doc));
    const r = await cli(["schedule", smallYaml, "--pod", pod]);
    expect(r.err).toBe(`schedkit: ${message}\n`);
    expect(r.code).toBe(1);
  });

  it("--replicas above the limit is a flag error", async () => {
    const r = await cli(["schedule", smallYaml, "--pod", files.write("p.yaml", stringify(kubePod("p", "1"))), "--replicas", "1000001"]);
    expect(r.err).toMatch(/^schedkit: --replicas: .*1000000/);
  });
});

// Regression: a duplicate node named the other one as "(also [0].items[0])".
describe("a duplicate across files names both files and documents", () => {
  it.each([
    ["across two files", ["a.json", "b.yaml"], 'schedkit: b.yaml (document 2): metadata.name: "a" is a duplicate node name (also a.json: items[0])\n'],
    ["in one YAML stream", ["b.yaml", "b.yaml"], 'schedkit: b.yaml (document 1): metadata.name: "x" is a duplicate node name (also b.yaml (document 1))\n'],
  ])("%s", async (_name, args, message) => {
    const n = (x: string) => ({ apiVersion: "v1", kind: "Node", metadata: { name: x }, status: { allocatable: { cpu: "1" } } });
    files.write("a.json", JSON.stringify({ kind: "List", items: [n("a")] }));
    files.write("b.yaml", "kind: Node\nmetadata: {name: x}\n---\nkind: Node\nmetadata: {name: a}\n");
    const r = await cli(["schedule", ...args]);
    expect(r.err).toBe(message);
  });
});

describe("dumps with the objects a control plane feeds the scheduler", () => {
  const zoned = (name: string, zone: string) => ({ ...(kubeNode(name, "8", "16Gi") as Record<string, any>), metadata: { name, labels: { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": zone } } });
  const nodes = [zoned("a1", "a"), zoned("a2", "a"), zoned("b1", "b"), zoned("b2", "b")];
  const replica = (i: number, extra: Record<string, any> = {}) => ({
    ...(kubePod(`web-${i}`, "250m") as Record<string, any>),
    metadata: { name: `web-${i}`, namespace: "default", labels: { app: "web" }, ...extra },
  });

  it("PriorityClass: pods are admitted with the dump's classes (queue order follows the resolved priority)", async () => {
    const classes = [{ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "high" }, value: 1000 }];
    const pods = [kubePod("first", "1"), { ...(kubePod("second", "1") as Record<string, any>), spec: { ...(kubePod("second", "1") as any).spec, priorityClassName: "high" } }];
    const r = await cli(["schedule", files.write("pc.json", JSON.stringify({ kind: "List", items: [...small, ...classes, ...pods] })), "--json"]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { results: { pod: string }[] }).results.map((x) => x.pod)).toEqual(["default/second", "default/first"]);
  });

  it("preemption: the victims are evicted, named in evictions with their preemptor, and the preemptor placed", async () => {
    const low = { ...(kubePod("low", "2", "n1") as Record<string, any>), status: { phase: "Running" } };
    const filler = { ...(kubePod("filler", "2", "n2") as Record<string, any>), spec: { ...(kubePod("filler", "2", "n2") as any).spec, priority: 100 }, status: { phase: "Running" } };
    const urgent = { ...(kubePod("urgent", "2") as Record<string, any>), spec: { ...(kubePod("urgent", "2") as any).spec, priority: 1000 } };
    const objects = { kind: "List", items: [kubeNode("n1", "2", "4Gi"), kubeNode("n2", "2", "4Gi"), low, filler, urgent] };
    const r = await cli(["schedule", files.write("preempt.json", JSON.stringify(objects)), "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { results: Record<string, unknown>[]; evictions: unknown[]; summary: Record<string, unknown> };
    expect(out).toEqual(library(objects));
    expect(out.evictions).toEqual([{ pod: "default/low", node: "n1", preemptor: "default/urgent" }]);
    expect(out.results[0]).toMatchObject({ pod: "default/urgent", status: "Scheduled", nodeName: "n1", nomination: { node: "n1", victims: ["default/low"], evicted: true } });
    expect(out.summary).toMatchObject({ preemptions: 1, evictions: 1 });
  });

  it("PriorityClass: an unknown class is rejected in admission's words, naming the file and field", async () => {
    const pod = { ...(kubePod("p", "1") as Record<string, any>), spec: { ...(kubePod("p", "1") as any).spec, priorityClassName: "gold" } };
    const r = await cli(["schedule", files.write("pc-missing.json", JSON.stringify({ kind: "List", items: [...small, pod] }))]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('pc-missing.json: items[3].spec.priorityClassName: "gold" is rejected by admission: pods "p" is forbidden: no PriorityClass with name gold was found');
  });

  it("Service / ReplicaSet: replicas without constraints get the system default spreading", async () => {
    const rs = { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web-1", namespace: "default" }, spec: { selector: { matchLabels: { app: "web" } } } };
    const owner = { ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-1", uid: "u", controller: true }] };
    const items = [...nodes, rs, ...Array.from({ length: 8 }, (_, i) => replica(i, owner))];
    const r = await cli(["schedule", files.write("rs.json", JSON.stringify({ kind: "List", items })), "--json", "--explain", "--tie-break", "first"]);
    const parsed = JSON.parse(r.out) as { results: { nodeName: string; explanation: { scorePlugins: { plugin: string }[] } }[] };
    expect(parsed.results.every((x) => x.explanation.scorePlugins.some((p) => p.plugin === "PodTopologySpread"))).toBe(true);
    expect(r.err).not.toContain("ReplicaSet");
    const perNode = new Map<string, number>();
    for (const x of parsed.results) perNode.set(x.nodeName, (perNode.get(x.nodeName) ?? 0) + 1);
    expect([...perNode.values()].sort()).toEqual([2, 2, 2, 2]);
    const svc = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" } } };
    const viaService = await cli(["schedule", files.write("svc.json", JSON.stringify({ kind: "List", items: [...nodes, svc, ...Array.from({ length: 8 }, (_, i) => replica(i))] })), "--json", "--tie-break", "first"]);
    expect((JSON.parse(viaService.out) as { results: { nodeName: string }[] }).results.map((x) => x.nodeName)).toEqual(parsed.results.map((x) => x.nodeName));
  });

  it("PodDisruptionBudget: preemption prefers the node whose victims violate no budget, and carries it out", async () => {
    const low = (name: string, node: string, app: string) => ({ ...(kubePod(name, "2", node) as Record<string, any>), metadata: { name, namespace: "default", labels: { app } } });
    const small2 = [kubeNode("n1", "2", "4Gi"), kubeNode("n2", "2", "4Gi"), low("db-0", "n1", "db"), low("web-0", "n2", "web")];
    const pdb = { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "db", namespace: "default" }, spec: { selector: { matchLabels: { app: "db" } } }, status: { disruptionsAllowed: 0 } };
    const urgent = { ...(kubePod("urgent", "2") as Record<string, any>), spec: { ...(kubePod("urgent", "2") as any).spec, priority: 100 } };
    for (const [items, node] of [[[...small2, urgent], "n1"], [[...small2, pdb, urgent], "n2"]] as const) {
      const r = await cli(["schedule", files.write(`pdb-${node}.json`, JSON.stringify({ kind: "List", items })), "--json", "--k8s-version", "1.37"]);
      const out = JSON.parse(r.out) as { results: { nodeName: string }[]; evictions: { pod: string; node: string }[] };
      expect(out.results[0]!.nodeName).toBe(node);
      expect(out.evictions).toEqual([{ pod: node === "n1" ? "default/db-0" : "default/web-0", node, preemptor: "default/urgent" }]);
    }
  });

  it("pods for other schedulers are skipped with a note and counted in the summary", async () => {
    const other = { ...(kubePod("batch", "1") as Record<string, any>), spec: { ...(kubePod("batch", "1") as any).spec, schedulerName: "volcano" } };
    const r = await cli(["schedule", files.write("other.json", JSON.stringify({ kind: "List", items: [...small, kubePod("mine", "1"), other] }))]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('schedkit: note: default/batch skipped: no profile for scheduler name "volcano"; left to that scheduler');
    expect(r.out).toContain("1 of 1 pod scheduled, 1 left to other schedulers.");
  });

  it("pods with scheduling gates are not scheduled: a note in kube-scheduler's words, counted in the summary and listed in --json", async () => {
    const gated = { ...(kubePod("held", "1") as Record<string, any>), spec: { ...(kubePod("held", "1") as any).spec, schedulingGates: [{ name: "example.com/quota" }] } };
    const file = files.write("gated.json", JSON.stringify({ kind: "List", items: [...small, kubePod("mine", "1"), gated] }));
    const r = await cli(["schedule", file]);
    expect(r.code).toBe(0);
    expect(r.err).toContain("schedkit: note: default/held not scheduled (SchedulingGated): waiting for scheduling gates: [example.com/quota]");
    expect(r.out).toContain("1 of 1 pod scheduled, 1 held back by scheduling gates.");
    const json = JSON.parse((await cli(["schedule", file, "--json"])).out) as { gated: unknown; summary: { gated: number } };
    expect(json.gated).toEqual([{ pod: "default/held", plugin: "SchedulingGates", message: "waiting for scheduling gates: [example.com/quota]" }]);
    expect(json.summary.gated).toBe(1);
  });

  it("a stale dump (a pod bound to a node it does not list) warns and goes on; --strict rejects it", async () => {
    const file = files.write("stale.json", JSON.stringify({ kind: "List", items: [...small, kubePod("orphan", "1", "gone"), kubePod("p", "1")] }));
    const r = await cli(["schedule", file]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('schedkit: warning: stale.json: items[3].spec.nodeName: pod default/orphan is bound to node "gone", which is not in the input; the pod is left out (--strict rejects it)');
    const strict = await cli(["schedule", file, "--strict"]);
    expect(strict.code).toBe(1);
    expect(strict.err).toContain('stale.json: items[3].spec.nodeName: "gone" is not a node of this cluster');
  });
});

describe("--pod expands DaemonSets, Jobs and CronJobs as their controllers do, and says so on stderr", () => {
  const tainted = { ...(kubeNode("tainted", "2", "4Gi") as Record<string, any>), spec: { taints: [{ key: "dedicated", value: "db", effect: "NoSchedule" }] } };
  const cluster = files.write("ds-cluster.json", JSON.stringify({ kind: "List", items: [...small, tainted] }));
  const tpl = { metadata: { labels: { app: "agent" } }, spec: { containers: [{ name: "c", resources: { requests: { cpu: "100m" } } }] } };

  it("a DaemonSet: one pod per eligible node, each placed on its own node", async () => {
    const ds = files.write("ds.yaml", stringify({ apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "agent", namespace: "kube-system" }, spec: { selector: { matchLabels: { app: "agent" } }, template: tpl } }));
    const r = await cli(["schedule", cluster, "--pod", ds, "--json"]);
    expect(r.err).toContain("schedkit: expanded ds.yaml: DaemonSet kube-system/agent: 2 pods, one per eligible node of 3");
    expect((JSON.parse(r.out) as { results: { pod: string; nodeName: string }[] }).results.map((x) => [x.pod, x.nodeName])).toEqual([
      ["kube-system/agent-n1", "n1"],
      ["kube-system/agent-n2", "n2"],
    ]);
  });

  it("a Job: parallelism pods bounded by completions; a CronJob: its jobTemplate once", async () => {
    const job = files.write("job.yaml", stringify({ apiVersion: "batch/v1", kind: "Job", metadata: { name: "etl" }, spec: { parallelism: 4, completions: 3, template: tpl } }));
    const cron = files.write("cron.yaml", stringify({ apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "nightly" }, spec: { schedule: "@daily", jobTemplate: { spec: { template: tpl } } } }));
    const r = await cli(["schedule", cluster, "--pod", job, "--pod", cron, "--json"]);
    expect(r.err).toContain("schedkit: expanded job.yaml: Job default/etl: 3 pods (parallelism bounded by completions)");
    expect(r.err).toContain("schedkit: expanded cron.yaml: CronJob default/nightly: its jobTemplate once, 1 pod");
    expect((JSON.parse(r.out) as { results: { pod: string }[] }).results.map((x) => x.pod).sort()).toEqual(["default/etl-0", "default/etl-1", "default/etl-2", "default/nightly-0"]);
  });

  it("a Deployment's replicas spread by the ReplicaSet it synthesizes (system default constraints)", async () => {
    const zoned = (name: string) => ({ ...(kubeNode(name, "8", "16Gi") as Record<string, any>), metadata: { name, labels: { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": "z" } } });
    const big = { ...zoned("big"), status: { allocatable: { cpu: "64", memory: "256Gi", pods: "110" } } };
    const c = files.write("spread-cluster.json", JSON.stringify({ kind: "List", items: [big, zoned("s1"), zoned("s2"), zoned("s3")] }));
    const d = files.write("web.yaml", stringify({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 8, selector: { matchLabels: { app: "agent" } }, template: tpl } }));
    const r = await cli(["schedule", c, "--pod", d, "--json", "--tie-break", "first"]);
    expect(r.err).toContain("schedkit: expanded web.yaml: Deployment default/web: 8 pods");
    const perNode = new Map<string, number>();
    for (const x of (JSON.parse(r.out) as { results: { nodeName: string }[] }).results) perNode.set(x.nodeName, (perNode.get(x.nodeName) ?? 0) + 1);
    // Without the ReplicaSet's selector, resource scoring alone would send them all to the big node.
    expect(Math.max(...perNode.values())).toBeLessThan(8);
    expect(perNode.size).toBeGreaterThan(1);
  });
});
