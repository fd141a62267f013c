import { describe, expect, it } from "vitest";
import { DomainError, SchedkitError } from "../../errors.js";
import { MAX_NORMALIZE_INPUT, defaultNormalizeScore, normalizeScoreList } from "./normalize-score.js";

function run(scores: number[], reverse: boolean): number[] {
  const buf = Float64Array.from(scores);
  defaultNormalizeScore(buf, reverse);
  return Array.from(buf);
}

describe("DefaultNormalizeScore", () => {
  it.each([
    { name: "all zero stays zero", scores: [0, 0], reverse: false, want: [0, 0] },
    { name: "all zero reversed becomes max score", scores: [0, 0], reverse: true, want: [100, 100] },
    { name: "empty list is left alone", scores: [], reverse: true, want: [] },
    // Go int64 division truncates toward zero: 100*1/3 = 33, 100*2/3 = 66.
    { name: "scales by the maximum and truncates", scores: [1, 2, 3], reverse: false, want: [33, 66, 100] },
    { name: "reverse subtracts the scaled score from 100", scores: [1, 2, 3], reverse: true, want: [67, 34, 0] },
    // The maximum starts at 0, so negative scores alone take the max == 0 branch.
    { name: "only negative scores count as max 0", scores: [-5, -1], reverse: true, want: [100, 100] },
    { name: "negative scores truncate toward zero", scores: [-1, 3], reverse: false, want: [-33, 100] },
  ])("$name", ({ scores, reverse, want }) => {
    expect(run(scores, reverse)).toEqual(want);
  });

  it("is exact at the edge of its domain", () => {
    // 100*(2^40 - 1)/2^40 = 99.99999999990905: Go truncates to 99.
    expect(run([MAX_NORMALIZE_INPUT - 1, MAX_NORMALIZE_INPUT], false)).toEqual([99, 100]);
  });
});

describe("normalizeScoreList", () => {
  it("returns a new list and leaves the input alone", () => {
    const input = [1, 2, 3, 4];
    expect(normalizeScoreList(input, false)).toEqual([25, 50, 75, 100]);
    expect(input).toEqual([1, 2, 3, 4]);
  });

  it.each([
    { name: "a fraction", scores: [1.5], error: SchedkitError, path: "scores[0]" },
    { name: "NaN", scores: [1, Number.NaN], error: SchedkitError, path: "scores[1]" },
    { name: "a string", scores: ["3"] as unknown as number[], error: SchedkitError, path: "scores[0]" },
    { name: "a score beyond 2^40", scores: [2 ** 41], error: DomainError, path: "scores[0]" },
  ])("rejects $name naming the element", ({ scores, error, path }) => {
    try {
      normalizeScoreList(scores, false);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(error);
      expect((e as SchedkitError).path).toBe(path);
    }
  });
});
