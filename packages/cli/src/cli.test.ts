import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { run } from "./cli.js";
import { memoryIO } from "./_test/io.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

describe("run", () => {
  it.each([["--version"], ["-V"]])("%s prints the package version", async (flag) => {
    const io = memoryIO();
    expect(await run([flag], io)).toBe(0);
    expect(io.out()).toBe(`${pkg.version}\n`);
  });

  it.each<[string[], string]>([
    [["--help"], "schedkit schedule cluster.yaml --pod web.yaml --replicas 500"],
    [["schedule", "--help"], "Exit codes: 0 every pod placed, 2 some pod unschedulable"],
    [["demo", "--help"], "schedkit demo --print-cluster"],
    [["overcommit", "--help"], "Exit codes: 0 no findings, 2 the report has findings, 1 bad input."],
  ])("%j prints help with examples and exits 0", async (args, text) => {
    const io = memoryIO();
    expect(await run(args, io)).toBe(0);
    expect(io.out()).toContain(text);
  });

  it.each<[string[], string]>([
    [["reschedule"], "unknown command 'reschedule'"],
    [["schedule", "--bogus", "x"], "unknown option '--bogus'"],
    [["schedule", "x", "--tie-break", "last"], "Allowed choices are random, first"],
  ])("%j is a usage error: exit 1, message on stderr", async (args, text) => {
    const io = memoryIO();
    expect(await run(args, io)).toBe(1);
    expect(io.err()).toContain(text);
  });
});
