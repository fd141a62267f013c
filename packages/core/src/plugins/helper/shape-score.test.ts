import { describe, expect, it } from "vitest";
import { SchedkitError } from "../../errors.js";
import { buildBrokenLinearFunction } from "./shape-score.js";

describe("BuildBrokenLinearFunction", () => {
  it("interpolates with Go's truncating division on a decreasing segment", () => {
    // 10 + (0 − 10)·1/3 = 10 − 3.33…: Go truncates the quotient toward zero, giving 7 (floor would give 6).
    const f = buildBrokenLinearFunction([
      { utilization: 0, score: 10 },
      { utilization: 3, score: 0 },
    ]);
    expect(f(1)).toBe(7);
    expect(f(2)).toBe(4);
  });

  it("is flat before the first and after the last point", () => {
    const f = buildBrokenLinearFunction([
      { utilization: 20, score: 30 },
      { utilization: 80, score: 90 },
    ]);
    expect(f(-5)).toBe(30);
    expect(f(20)).toBe(30);
    expect(f(80)).toBe(90);
    expect(f(1000)).toBe(90);
  });

  it("hits each point's score exactly", () => {
    const f = buildBrokenLinearFunction([
      { utilization: 0, score: 20 },
      { utilization: 40, score: 100 },
      { utilization: 100, score: 0 },
    ]);
    expect([f(0), f(40), f(100)]).toEqual([20, 100, 0]);
  });

  it.each([
    { shape: [], path: /shape/ },
    { shape: [{ utilization: 1.5, score: 0 }], path: /shape\[0\]\.utilization/ },
    { shape: [{ utilization: 0, score: 2 ** 30 }], path: /shape\[0\]\.score/ },
    {
      shape: [
        { utilization: 5, score: 0 },
        { utilization: 5, score: 1 },
      ],
      path: /shape\[1\]\.utilization/,
    },
  ])("rejects a malformed shape ($path)", ({ shape, path }) => {
    expect(() => buildBrokenLinearFunction(shape)).toThrow(SchedkitError);
    expect(() => buildBrokenLinearFunction(shape)).toThrow(path);
  });
});
