import { describe, expect, it } from "vitest";
import { formatBytes, formatMilliCPU, formatTable, percent } from "./table.js";

describe("formatTable", () => {
  it("aligns columns, right-aligns numbers and leaves the last column unpadded", () => {
    expect(formatTable([["NAME", "N", "NOTE"], ["a", "10", ""], ["long-name", "2", "x"]], ["left", "right", "left"])).toEqual([
      "NAME        N  NOTE",
      "a          10",
      "long-name   2  x",
    ]);
  });

  it("ignores colour escapes when measuring", () => {
    expect(formatTable([["\u001b[32mok\u001b[39m", "1"], ["fail", "2"]])).toEqual(["\u001b[32mok\u001b[39m    1", "fail  2"]);
  });
});

describe("units", () => {
  it.each<[number, string]>([
    [0, "0"],
    [512, "512"],
    [14 * 2 ** 30, "14Gi"],
    [1.25 * 2 ** 30, "1280Mi"],
    [3973123456, "3.70Gi"],
  ])("formatBytes(%d) = %s", (b, text) => {
    expect(formatBytes(b)).toBe(text);
  });

  it.each<[number, string]>([
    [3920, "3920m"],
    [4000, "4000m"],
  ])("formatMilliCPU(%d) = %s", (m, text) => {
    expect(formatMilliCPU(m)).toBe(text);
  });

  it.each<[number, number, string]>([
    [1, 2, "50%"],
    [0, 0, "-"],
  ])("percent(%d, %d) = %s", (u, t, text) => {
    expect(percent(u, t)).toBe(text);
  });
});
