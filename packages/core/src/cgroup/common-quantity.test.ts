import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertProperty, propertySeeds, runParameters } from "../_test/long.js";
import { quantityFromJSON } from "../quantity.js";
import { commonQuantityUnits } from "./common-quantity.js";
import { MAX_MILLI_CPU } from "./constants.js";
import { wholeUnits } from "./cpu-memory.js";

const CPU = [-3, MAX_MILLI_CPU] as const;
const MEMORY = [0, Number.MAX_SAFE_INTEGER] as const;

// What the full path makes of a raw value (cpu-memory.ts read: resourceQuantity, then wholeUnits): the units,
// NaN where the integers cannot carry them, or "rejected" (not a quantity, or negative).
function full(raw: unknown, scale: -3 | 0, max: number): number | "rejected" {
  let q;
  try {
    q = quantityFromJSON(raw === null ? "0" : raw, "q");
  } catch {
    return "rejected";
  }
  if (q.sign() < 0) return "rejected";
  return wholeUnits(q, scale, max);
}

describe("digits with a suffix of suffix.go's tables read as ScaledValue reads them", () => {
  it.each([
    ["250m", CPU, 250],
    ["2", CPU, 2000],
    ["0", CPU, 0],
    ["007", CPU, 7000],
    ["1k", CPU, 1_000_000],
    ["8589934592m", CPU, MAX_MILLI_CPU],
    ["512Mi", MEMORY, 512 * 2 ** 20],
    ["1Gi", MEMORY, 2 ** 30],
    ["134217728", MEMORY, 134217728],
    ["2000m", MEMORY, 2],
    ["1G", MEMORY, 1e9],
    ["7Pi", MEMORY, 7 * 2 ** 50],
  ] as const)("%s → %d", (raw, [scale, max], units) => {
    expect(commonQuantityUnits(raw, scale, max)).toBe(units);
    expect(full(raw, scale, max)).toBe(units);
  });

  it("reads a JSON number that is a non-negative safe integer as its decimal spelling, −0 as 0", () => {
    expect(commonQuantityUnits(134217728, ...MEMORY)).toBe(134217728);
    expect(commonQuantityUnits(3, ...CPU)).toBe(3000);
    expect(Object.is(commonQuantityUnits(-0, ...CPU), 0)).toBe(true);
  });
});

describe("a common spelling the exact integers cannot carry is NaN, as the full path makes it", () => {
  it.each([
    ["a fraction of a byte", "1500m", MEMORY],
    ["cpu beyond MAX_MILLI_CPU", "8589934593m", CPU],
    ["cpu of a binary suffix beyond the domain", "9Gi", CPU],
    ["memory beyond 2^53 − 1", "8Ei", MEMORY],
  ] as const)("%s (%s)", (_n, raw, [scale, max]) => {
    expect(commonQuantityUnits(raw, scale, max)).toBeNaN();
    expect(full(raw, scale, max)).toBeNaN();
  });
});

describe("every other spelling is left to the full parser", () => {
  it.each(["", "0.5", "1e3", "+1", "-1", " 1", "1 ", "1Ki ", "100n", "5u", "1KI", "1mi", "1Gii", "1234567890123456", "0x10", "1_000", "٣"])("%j", (raw) => {
    expect(commonQuantityUnits(raw, ...CPU)).toBeUndefined();
    expect(commonQuantityUnits(raw, ...MEMORY)).toBeUndefined();
  });

  it.each([null, undefined, true, 1.5, -1, 2 ** 53, NaN, Infinity, {}, ["1"]])("%j", (raw) => {
    expect(commonQuantityUnits(raw, ...CPU)).toBeUndefined();
  });
});

// Quantity strings near the fast path's grammar: digit runs of 0–18 digits (leading zeros, the 15-digit limit),
// every suffix of both tables and some near misses, signs, fractions, exponents and white space.
const digits = fc.oneof(
  fc.integer({ min: 0, max: 5000 }).map(String),
  fc.stringMatching(/^[0-9]{1,18}$/),
  fc.constantFrom("0", "00", "000000000000000", "999999999999999", "8589934592", "9007199254740991"),
);
const suffix = fc.constantFrom("", "", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "e3", "E-2", "K", "mi", "KI", "i", "x", "Gi ");
const quantityText = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(digits, suffix).map(([d, s]) => d + s) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom("+", "-", " ", ".5", "0.", ""), digits, fc.constantFrom(".5", "", ".", " "), suffix).map((p) => p.join("")) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
const quantityJSON = fc.oneof(
  { weight: 6, arbitrary: quantityText },
  { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -10, max: 2 ** 40 }), fc.constantFrom(0, -0, 2 ** 53 - 1, 2 ** 53, 0.5, 1e21, null)) },
);

describe("the fast path equals the full parser (fast-check)", () => {
  it.each(propertySeeds(20261205))("over generated quantities, cpu and memory (%s %i)", (_kind, seed) => {
    let read = 0;
    const { numRuns } = assertProperty(
      "commonQuantityUnits = quantityFromJSON + wholeUnits",
      fc.property(quantityJSON, (raw) => {
        for (const [scale, max] of [CPU, MEMORY]) {
          const fast = commonQuantityUnits(raw, scale, max);
          if (fast === undefined) continue;
          read++;
          // What the fast path reads, the full parser accepts, to the same units (or the same NaN).
          expect(Object.is(fast, full(raw, scale, max)), `${JSON.stringify(raw)} at 10^${scale}`).toBe(true);
        }
      }),
      runParameters(3000, seed),
    );
    // Most generated spellings are common ones: the property is not vacuous.
    expect(read).toBeGreaterThan(numRuns / 2);
  });
});
