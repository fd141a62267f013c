// Bad input through the CLI: every case is exit code 1, nothing on stdout, one message naming the file.
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { run } from "./cli.js";
import { kubeNode, kubePod, tempFiles } from "./_test/files.js";
import { memoryIO } from "./_test/io.js";

const files = tempFiles();
async function cli(args: string[]) {
  const io = memoryIO({ cwd: files.dir });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

const cluster = files.write("cluster.yaml", [kubeNode("n1", "2", "4Gi"), kubePod("running", "500m", "n1")].map((o) => stringify(o)).join("---\n"));
const noContainers = files.write("empty-pod.yaml", stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: "bare" }, spec: { containers: [] } }));
const deployNoContainers = files.write("deploy.yaml", stringify({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 2, template: { spec: {} } } }));
const empty = files.write("empty.yaml", "# nothing\n");
const service = files.write("svc.yaml", stringify({ apiVersion: "v1", kind: "Service", metadata: { name: "web" } }));
const noName = files.write("noname.yaml", stringify({ apiVersion: "v1", kind: "Pod", spec: { containers: [{ name: "c", image: "i" }] } }));
const badJson = files.write("bad.json", '{"kind": "Pod", "metadata": {"name": "x",}}');
const badYaml = files.write("bad.yaml", "kind: Pod\nmetadata:\n  name: x\n  labels: [a\n");

describe("schedule --pod: bad input is an error naming the file", () => {
  it.each([
    ["an empty --pod file", ["--pod", empty], "schedkit: empty.yaml: is empty (expected a Pod or a workload: Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController)\n"],
    ["a --pod file of another kind", ["--pod", service], "schedkit: svc.yaml: no pods to place in it (found: 1 Service); --pod takes a Pod or a workload: Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController\n"],
    ["a pod without a name never says undefined", ["--pod", noName], "schedkit: noname.yaml: metadata.name is required\n"],
  ])("%s", async (_n, args, err) => {
    expect(await cli(["schedule", cluster, ...args])).toEqual({ code: 1, out: "", err });
  });

  it.each([
    ["a pod with no containers", noContainers, /^schedkit: empty-pod\.yaml: spec\.containers: an array must list at least one container \(Required value\)\n$/],
    ["a workload whose template has no containers", deployNoContainers, /schedkit: deploy\.yaml: spec\.template\.spec\.containers is required \(must list at least one container \(Required value\)\)\n$/],
  ])("%s is refused as the API server refuses it", async (_n, file, err) => {
    const r = await cli(["schedule", cluster, "--pod", file]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(err);
  });

  it("a .json file with a JSON syntax error gets JSON's message", async () => {
    const r = await cli(["schedule", cluster, "--pod", badJson]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^schedkit: bad\.json: .*JSON at position \d+/);
  });

  it("a YAML syntax error keeps its code frame", async () => {
    const r = await cli(["schedule", cluster, "--pod", badYaml]);
    expect(r.code).toBe(1);
    expect(r.err.split("\n").length).toBeGreaterThan(3);
    expect(r.err).toContain("labels: [a");
  });

  it("no message of any of these says undefined", async () => {
    for (const f of [noContainers, deployNoContainers, empty, service, noName, badJson, badYaml]) {
      expect((await cli(["schedule", cluster, "--pod", f])).err).not.toContain("undefined");
      expect((await cli(["capacity", cluster, "--pod", f])).err).not.toContain("undefined");
    }
  });
});

describe("domain errors name the file", () => {
  it("requests summing past the exact domain on one node", async () => {
    const big = files.write("big.yaml", [kubeNode("n1", "1", "81Ti"), { ...kubePod("a", "1m", "n1"), spec: { nodeName: "n1", containers: [{ name: "c", image: "i", resources: { requests: { memory: "50Ti" } } }] } }, { ...kubePod("b", "1m"), spec: { nodeName: "n1", containers: [{ name: "c", image: "i", resources: { requests: { memory: "50Ti" } } }] } }, kubePod("c", "1m")].map((o) => stringify(o)).join("---\n"));
    const r = await cli(["schedule", big]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^schedkit: big\.yaml \(document 1\): Node n1: 109951162777600 total requested memory exceeds the exact domain/);
  });
});

describe("a pod request outside the exact domain names the --pod file, the pod and the value", () => {
  const huge = files.write("huge.yaml", stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: "huge" }, spec: { containers: [{ name: "c", resources: { requests: { cpu: "100000000000" } } }] } }));
  const value = '"100000000000" exceeds the exact domain (max 90071992547409)';
  it.each([
    ["schedule --pod", ["schedule", cluster, "--pod", huge], `schedkit: huge.yaml: Pod default/huge requests.cpu: ${value}\n`],
    ["schedule --explain-pod", ["schedule", cluster, "--pod", huge, "--explain-pod", "huge"], `schedkit: huge.yaml: Pod default/huge requests.cpu: ${value}\n`],
    ["explain --add", ["explain", cluster, "--add", huge, "--pod", "huge"], `schedkit: huge.yaml: Pod default/huge requests.cpu: ${value}\n`],
    ["capacity --pod", ["capacity", cluster, "--pod", huge], `schedkit: huge.yaml: Pod/huge: requests.cpu: ${value}\n`],
  ])("%s", async (_n, args, err) => {
    expect(await cli(args)).toEqual({ code: 1, out: "", err });
  });
});
