import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { overcommitFromSources } from "@schedkit/core/overcommit";
import { describe, expect, it } from "vitest";
import { run } from "../cli.js";
import { memoryIO } from "../_test/io.js";

const dir = fileURLToPath(new URL("../../../../examples/data/overcommit/", import.meta.url));
const json = (f: string) => JSON.parse(readFileSync(dir + f, "utf8")) as unknown;

async function cli(args: string[]) {
  const io = memoryIO({ cwd: dir });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}
const base = ["overcommit", "--kubernetes", "cluster.json", "--hypervisors", "hypervisors.json", "--servers", "servers.json", "--flavors", "flavors.json", "--placement", "placement.json"];

describe("schedkit overcommit from a kubectl dump and OpenStack JSON", () => {
  it("--demand limits: contention per host, ACTIVE VMs starved, pods short of their requests; exit 2", async () => {
    const r = await cli([...base, "--demand", "limits"]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^CPU demand: each container at its CPU limit/);
    expect(r.out).toMatch(/compute-01\.example\.org +10 +24 +2\.40× +\S+× +2\.33×/);
    expect(r.out).toContain("VMs Nova reports ACTIVE while starved (3):");
    expect(r.out).toMatch(/search\/search-0 +k8s-worker-2 +2000m +1385m +615m/);
    expect(r.out).toContain("note: server bastion: status SHUTOFF, not running; left out of the host's CPU");
  });

  it("--json is overcommitFromSources' answer", async () => {
    const r = await cli([...base, "--demand", "requests", "--json"]);
    const lib = overcommitFromSources({ kubernetes: json("cluster.json"), hypervisors: json("hypervisors.json"), servers: json("servers.json"), flavors: json("flavors.json"), placement: json("placement.json"), demand: "requests" });
    expect(JSON.parse(r.out)).toEqual(JSON.parse(JSON.stringify(lib)));
  });

  it("--demand metrics reads kubectl top text or a PodMetricsList alike", async () => {
    const a = await cli([...base, "--demand", "metrics", "--metrics", "top-pods.txt", "--json"]);
    const b = await cli([...base, "--demand", "metrics", "--metrics", "pod-metrics.json", "--json"]);
    expect(a.out).toBe(b.out);
    expect(JSON.parse(a.out).demand).toBe("metrics");
  });

  it.each([
    ["no inventory and no dumps", ["overcommit"], "schedkit: overcommit needs an inventory file, or --kubernetes, --hypervisors, --servers, --flavors and --demand\n"],
    ["a missing dump", ["overcommit", "--kubernetes", "cluster.json", "--demand", "limits"], "schedkit: overcommit from dumps needs --hypervisors, --servers, --flavors\n"],
    ["metrics demand without metrics", [...base, "--demand", "metrics"], "schedkit: --demand metrics needs --metrics (a PodMetricsList or `kubectl top pods --containers -A` output)\n"],
    ["a bad file named", [...base.slice(0, 5), "--servers", "flavors.json", "--flavors", "flavors.json", "--demand", "limits"], 'schedkit: flavors.json: servers[0]["Host"] is required (list servers as an admin: `openstack server list --all-projects --long -f json`)\n'],
  ])("%s is an error", async (_n, args, err) => {
    expect(await cli(args)).toEqual({ code: 1, out: "", err });
  });
});

describe("schedkit overcommit --engine", () => {
  it.each(["requests", "limits", "metrics"])("--demand %s: --engine ts prints what the default WebAssembly engine prints", async (demand) => {
    const args = [...base, "--demand", demand, ...(demand === "metrics" ? ["--metrics", "top-pods.txt"] : []), "--json"];
    const wasm = await cli(args);
    const ts = await cli([...args, "--engine", "ts"]);
    expect(wasm.err).toBe("");
    expect(ts.code).toBe(wasm.code);
    expect(ts.out).toBe(wasm.out);
  });
});
