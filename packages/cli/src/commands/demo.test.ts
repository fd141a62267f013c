import { describe, expect, it } from "vitest";
import { run } from "../cli.js";
import { tempFiles } from "../_test/files.js";
import { memoryIO } from "../_test/io.js";
import { DEMO_CLUSTER } from "./demo.js";

const files = tempFiles();

async function cli(args: string[]) {
  const io = memoryIO({ cwd: files.dir });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("demo runs schedule --explain on the bundled cluster", () => {
  it.each<[string, string[]]>([
    ["explained by default", []],
    ["--json", ["--json"]],
    ["scheduler options pass through", ["--tie-break", "first", "--k8s-version", "1.34"]],
  ])("%s", async (_name, flags) => {
    const file = files.write("demo.json", JSON.stringify(DEMO_CLUSTER));
    const demo = await cli(["demo", ...flags]);
    const schedule = await cli(["schedule", file, ...(flags.includes("--json") ? [] : ["--explain"]), ...flags]);
    expect(demo.out).toBe(schedule.out);
    expect(demo.code).toBe(schedule.code);
  });

  it("--print-cluster writes the bundled cluster", async () => {
    const r = await cli(["demo", "--print-cluster"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(DEMO_CLUSTER);
  });
});
