import { describe, expect, it } from "vitest";
import { backoffDurationMs, backoffExpiryMs } from "./backoff.js";

describe("calculateBackoffDuration (backoff_queue.go), single pods", () => {
  // The cases of upstream's TestBackoffQueue_calculateBackoffDuration with entity size 1 (durations in ns there;
  // the arithmetic is unit-free).
  const cases = [
    { name: "no backoff", initial: 1, max: 32, count: 0, want: 0 },
    { name: "normal", initial: 3, max: 1000, count: 5, want: 48 },
    { name: "hitting max backoff duration", initial: 1, max: 32, count: 16, want: 32 },
    { name: "overflow_32bit", initial: 1, max: 2 ** 31 - 1, count: 32, want: 2 ** 31 - 1 },
    // Upstream's max is MaxInt64; the largest exact number here is 2^53 − 1, and the guard works the same.
    { name: "overflow_64bit", initial: 1, max: Number.MAX_SAFE_INTEGER, count: 64, want: Number.MAX_SAFE_INTEGER },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(backoffDurationMs(c.count, c.initial, c.max)).toBe(c.want);
    });
  }

  it("doubles from the initial 1 s and stops at the 10 s maximum", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDurationMs(n, 1000, 10_000))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});

describe("getBackoffTime: last attempt + backoff, truncated to the 1 s window", () => {
  it("truncates to the window", () => {
    expect(backoffExpiryMs(2500, 1, 1000, 10_000)).toBe(3000);
    expect(backoffExpiryMs(2500, 2, 1000, 10_000)).toBe(4000);
  });
  it("is zero before any failure and when podMaxBackoff is 0", () => {
    expect(backoffExpiryMs(5000, 0, 1000, 10_000)).toBe(0);
    expect(backoffExpiryMs(5000, 3, 1000, 0)).toBe(0);
  });
});
