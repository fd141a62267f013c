// The built executable: builds dist/main.js with tsup (and the core's dist when it is missing), then
// runs it with node as a user would.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_CLUSTER } from "./commands/demo.js";

const cliDir = fileURLToPath(new URL("..", import.meta.url));
const coreDir = fileURLToPath(new URL("../../core/", import.meta.url));
const asmDir = fileURLToPath(new URL("../../asm/", import.meta.url));
const tsup = fileURLToPath(new URL("../../../node_modules/.bin/tsup", import.meta.url));
const main = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

beforeAll(() => {
  if (!existsSync(`${coreDir}dist/index.js`)) execFileSync(tsup, ["--silent"], { cwd: coreDir, stdio: "pipe" });
  if (!existsSync(`${asmDir}dist/index.js`)) execFileSync(tsup, ["--silent"], { cwd: asmDir, stdio: "pipe" });
  execFileSync(tsup, ["--silent"], { cwd: cliDir, stdio: "pipe" });
}, 120_000);

function schedkit(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [main, ...args], { input, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("dist/main.js", () => {
  it("starts with a node shebang", () => {
    expect(readFileSync(main, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("--version prints the package version", () => {
    expect(schedkit(["--version"])).toEqual({ code: 0, out: `${pkg.version}\n`, err: "" });
  });

  it("schedules a cluster read from stdin as from a file", () => {
    const viaStdin = schedkit(["schedule", "-", "--json"], JSON.stringify(DEMO_CLUSTER));
    expect(viaStdin.code).toBe(2);
    expect(JSON.parse(viaStdin.out).results.length).toBe(6);
  });

  it("demo tells the incident (text) and --json parses", () => {
    const text = schedkit(["demo"]);
    expect(text.code).toBe(0);
    expect(text.out).toContain("0/100 nodes are available: 100 Insufficient cpu.");
    const json = schedkit(["demo", "--json"]);
    expect(JSON.parse(json.out).hpa.path).toEqual([100, 200, 400, 500]);
  });

  it("capacity and explain, text and JSON", () => {
    const cluster = JSON.stringify(DEMO_CLUSTER);
    const text = schedkit(["capacity", "-", "--cpu", "500m", "--memory", "1Gi"], cluster);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^Capacity on 6 nodes:\n\ndefault\/quick-shape: \d+ more replicas fit/);
    expect(JSON.parse(schedkit(["capacity", "-", "--cpu", "500m", "--json"], cluster).out).shapes[0].shape).toBe("default/quick-shape");
    const why = schedkit(["explain", "-", "--pod", "report-big"], cluster);
    expect(why.code).toBe(2);
    expect(why.out).toContain("batch/report-big  Unschedulable");
    expect(JSON.parse(schedkit(["explain", "-", "--pod", "report-big", "--json"], cluster).out).result.status).toBe("Unschedulable");
  });

  it("overcommit from dumps, text and JSON", () => {
    const d = fileURLToPath(new URL("../../../examples/data/overcommit/", import.meta.url));
    const args = ["overcommit", "--kubernetes", `${d}cluster.json`, "--hypervisors", `${d}hypervisors.json`, "--servers", `${d}servers.json`, "--flavors", `${d}flavors.json`, "--demand", "limits"];
    const text = schedkit(args);
    expect(text.code).toBe(2);
    expect(text.out).toContain("VMs Nova reports ACTIVE while starved");
    expect(JSON.parse(schedkit([...args, "--json"]).out).demand).toBe("limits");
  });

  it("reports bad input on stderr with exit code 1 and no stack trace", () => {
    const r = schedkit(["schedule", "-"], '{"kind":"Node","metadata":{"name":"n"},"status":{"allocatable":{"cpu":"two"}}}');
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toBe('schedkit: <stdin>: status.allocatable.cpu: "two" is not a Kubernetes quantity\n');
  });
});

describe("dist/main.js compare", () => {
  const data = fileURLToPath(new URL("../../../examples/data/compare/", import.meta.url));
  const args = ["compare", "--cluster", `${data}cluster.json`, "--workload", `${data}workload.yaml`, "--profile", `${data}least-allocated.yaml`, "--profile", `${data}most-allocated.yaml`, "--seeds", "2", "--until", "300", "--json"];

  it("runs on worker threads with the same results as on one thread", () => {
    const one = schedkit([...args, "--workers", "1"]);
    const two = schedkit([...args, "--workers", "2"]);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(JSON.parse(two.out)).toEqual(JSON.parse(one.out));
    expect(JSON.parse(one.out).profiles[0].runs).toHaveLength(2);
  });

  it("--plugin: every worker thread imports the module, with the same results as one thread", () => {
    const withPlugin = args.map((a) => (a.endsWith("most-allocated.yaml") ? `${data}avoid-large-nodes.yaml` : a)).concat(["--plugin", `${data}avoid-large-nodes.mjs`]);
    const one = schedkit([...withPlugin, "--workers", "1"]);
    const two = schedkit([...withPlugin, "--workers", "2"]);
    expect(two.err).toBe("");
    expect(two.code).toBe(0);
    expect(JSON.parse(two.out)).toEqual(JSON.parse(one.out));
    const [plain, avoiding] = JSON.parse(two.out).profiles;
    expect(avoiding.name).toBe("avoid-large-nodes");
    expect(avoiding.runs[0].summary).not.toEqual(plain.runs[0].summary);
  });

  it("prints the table as text", () => {
    const r = schedkit(args.filter((a) => a !== "--json"));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/4 runs \(2 profiles × 2 seeds\) on \d+ threads?, wasm engine/);
    expect(r.out).toContain("mean ± 95% confidence interval over 2 seeds");
  });
});
