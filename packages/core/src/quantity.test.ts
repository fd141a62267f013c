import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixtureCounter } from "./_test/fixtures.js";
import {
  DomainError,
  MAX_RESOURCE_VALUE,
  Quantity,
  SchedkitError,
  parseQuantity,
  quantityFromJSON,
  toResourceNumber,
} from "./index.js";
import type { QuantityFormat } from "./index.js";
import { kernelRunParameters } from "./_test/long.js";

interface ParseCase {
  name: string;
  kind?: undefined;
  input: string;
  expected:
    | { valid: true; value: string; format: QuantityFormat; derived: { Value: string; MilliValue?: string } }
    | { valid: false };
}
interface RoundUpCase {
  name: string;
  kind: "roundUp";
  input: string;
  scale: number;
  expected: { value: string; exact: boolean };
}
interface ScaledValueCase {
  name: string;
  kind: "scaledValue";
  value: string;
  toScale: number;
  expected: { scaledValue: string };
}
type Case = ParseCase | RoundUpCase | ScaledValueCase;

// The derived Value/MilliValue integers go past 2^53 (up to 2^63-1), which JSON.parse would round:
// read them as strings so they can be compared exactly as BigInts.
function loadLossless(file: string): { caseCount: number; cases: Case[] } {
  const raw = readFileSync(new URL(`../test-data/${file}`, import.meta.url), "utf8");
  return JSON.parse(raw.replace(/(:\s*)(-?\d+)(?=\s*[,}\]])/g, '$1"$2"'), (key, v) =>
    (key === "scale" || key === "toScale" || key === "caseCount") && typeof v === "string" ? Number(v) : v,
  );
}

const fixture = loadLossless("quantity.json");
const INT64_MAX = (1n << 63n) - 1n;

function negated(value: string): string {
  return value === "0" ? "0" : value.startsWith("-") ? value.slice(1) : "-" + value;
}

describe("quantity.json (apimachinery quantity_test.go)", () => {
  const counter = fixtureCounter("quantity.json", fixture.caseCount);
  expect(fixture.cases.length).toBe(fixture.caseCount);

  for (const c of fixture.cases) {
    if (c.kind === "roundUp") {
      it(`RoundUp: ${c.name}`, () => {
        const { quantity, exact } = parseQuantity(c.input).roundUp(c.scale);
        expect(quantity.toDecimalString()).toBe(c.expected.value);
        expect(exact).toBe(c.expected.exact);
        counter.ran();
      });
    } else if (c.kind === "scaledValue") {
      it(`ScaledValue: ${c.name}`, () => {
        const from = /^1e(-?\d+)$/.exec(c.value);
        expect(from).not.toBeNull();
        const q = Quantity.fromInteger(1, Number(from![1]));
        expect(q.scaledValue(c.toScale)).toBe(BigInt(c.expected.scaledValue));
        counter.ran();
      });
    } else if (c.expected.valid) {
      const want = c.expected;
      it(`parses ${c.name} with its +/- variants and Value/MilliValue`, () => {
        const q = parseQuantity(c.input);
        expect(q.toDecimalString()).toBe(want.value);
        expect(q.format).toBe(want.format);
        // alsoChecked: '-'+input is the negation, '+'+input the same value, both in the same format.
        const minus = parseQuantity("-" + c.input);
        expect(minus.toDecimalString()).toBe(negated(want.value));
        expect(minus.format).toBe(want.format);
        const plus = parseQuantity("+" + c.input);
        expect(plus.toDecimalString()).toBe(want.value);
        expect(plus.format).toBe(want.format);
        expect(plus.cmp(q)).toBe(0);

        expect(q.value()).toBe(BigInt(want.derived.Value));
        if (want.derived.MilliValue !== undefined) {
          expect(q.milliValue()).toBe(BigInt(want.derived.MilliValue));
        } else {
          // The transcriber left MilliValue out where Go's int64 result overflows: we keep it exact
          // and toResourceNumber refuses it.
          expect(q.milliValue() > INT64_MAX).toBe(true);
          expect(() => toResourceNumber(q.milliValue(), "cpu", c.input)).toThrow(DomainError);
        }
        counter.ran();
      });
    } else {
      it(`rejects ${c.name}`, () => {
        expect(() => parseQuantity(c.input, "spec.resources.requests.cpu")).toThrow(SchedkitError);
        expect(() => parseQuantity(c.input, "spec.resources.requests.cpu")).toThrow(
          `spec.resources.requests.cpu: ${JSON.stringify(c.input)} is not a Kubernetes quantity`,
        );
        counter.ran();
      });
    }
  }
});

describe("parseQuantity grammar notes (docs/scheduler.md §1.1, §1.2)", () => {
  const valid: Array<{ name: string; input: string; value: string; format: QuantityFormat }> = [
    { name: "a lone sign parses as zero", input: "-", value: "0", format: "DecimalSI" },
    { name: "a lone plus parses as zero", input: "+", value: "0", format: "DecimalSI" },
    { name: "digits with an empty fraction before a suffix", input: "1.G", value: "1000000000", format: "DecimalSI" },
    { name: "a DecimalSI value is not capped at 2^63-1", input: "10E", value: "10000000000000000000", format: "DecimalSI" },
    { name: "m is milli", input: "1m", value: "0.001", format: "DecimalSI" },
    { name: "M is mega", input: "1M", value: "1000000", format: "DecimalSI" },
    { name: "an exponent may carry a plus sign", input: "1e+3", value: "1000", format: "DecimalExponent" },
    { name: "a binary value above 2^63-1 is capped", input: "8Ei", value: "9223372036854775807", format: "BinarySI" },
    { name: "a negative binary value is capped in magnitude", input: "-16Ei", value: "-9223372036854775807", format: "BinarySI" },
    { name: "a binary fraction below one is relabelled DecimalSI", input: "0.0001Ki", value: "0.1024", format: "DecimalSI" },
    { name: "a binary fraction of at least one stays BinarySI", input: "1.5Ki", value: "1536", format: "BinarySI" },
    { name: "sub-nano values round away from zero", input: "-0.1n", value: "-0.000000001", format: "DecimalSI" },
    { name: "nineteen digits take the slow path exactly", input: "1234567890123456789", value: "1234567890123456789", format: "DecimalSI" },
  ];
  it.each(valid)("$name ($input)", ({ input, value, format }) => {
    const q = parseQuantity(input);
    expect(q.toDecimalString()).toBe(value);
    expect(q.format).toBe(format);
  });

  const invalid: Array<{ name: string; input: string }> = [
    { name: "trailing whitespace", input: "1 " },
    { name: "K is not a suffix", input: "1K" },
    { name: "e alone is not a suffix", input: "1e" },
    { name: "Ki must be followed by nothing", input: "1Ki1" },
    { name: "an exponent outside int64", input: "1e9223372036854775808" },
    { name: "two signs", input: "--1" },
  ];
  it.each(invalid)("rejects $name ($input)", ({ input }) => {
    expect(() => parseQuantity(input)).toThrow(SchedkitError);
  });

  it("derives Value and MilliValue by ceiling (docs/scheduler.md §1.2 examples)", () => {
    expect(parseQuantity("0.1").value()).toBe(1n);
    expect(parseQuantity("0.1").milliValue()).toBe(100n);
    expect(parseQuantity("1.5m").milliValue()).toBe(2n);
    expect(parseQuantity("0.1Mi").value()).toBe(104858n);
  });
});

describe("parseQuantity slow-path quirks (quantity.go ParseQuantity)", () => {
  // The fast path never reads digits for an empty number, so "Ki" is zero; the slow path hands the
  // number to inf.Dec.SetString, which fails without a digit ("Pi" has too little precision for the
  // fast path; "e-10" scales below 10^-9).
  it.each([
    { input: "Ki", value: "0", format: "BinarySI" },
    { input: "m", value: "0", format: "DecimalSI" },
    { input: "0Pi", value: "0", format: "BinarySI" },
    { input: ".e-5", value: "0", format: "DecimalExponent" },
  ] as const)("$input parses as zero", ({ input, value, format }) => {
    const q = parseQuantity(input);
    expect(q.toDecimalString()).toBe(value);
    expect(q.format).toBe(format);
  });
  it.each(["Pi", "-.Ei", ".e-10", "e-20"])("%s is rejected by inf.Dec", (input) => {
    expect(() => parseQuantity(input)).toThrow(SchedkitError);
  });
  it("wraps the exponent to int32 as Go's conversion does", () => {
    expect(parseQuantity("1e4294967296").toDecimalString()).toBe("1");
  });
  it("keeps a huge exponent exactly and refuses to expand it", () => {
    const q = parseQuantity("1e2000000000");
    expect(q.sign()).toBe(1);
    expect(q.cmp(parseQuantity("9E"))).toBe(1);
    expect(() => q.toDecimalString()).toThrow(DomainError);
    expect(() => q.value()).toThrow(DomainError);
    expect(parseQuantity("1e-2000000000").toDecimalString()).toBe("0.000000001");
  });
});

describe("Quantity.add (quantity.go Add)", () => {
  it("keeps the receiver's format", () => {
    const sum = parseQuantity("1Ki").add(parseQuantity("1k"));
    expect(sum.toDecimalString()).toBe("2024");
    expect(sum.format).toBe("BinarySI");
  });
  it("takes the other format when the receiver is zero", () => {
    expect(parseQuantity("0").add(parseQuantity("1Ki")).format).toBe("BinarySI");
  });
  it("is exact across scales and past int64", () => {
    expect(parseQuantity("9Ei").add(parseQuantity("9E")).add(parseQuantity("1n")).toDecimalString()).toBe(
      "18223372036854775807.000000001",
    );
  });
});

describe("Quantity.cmp (quantity.go Cmp)", () => {
  it.each([
    { a: "-1", b: "-1000m", want: 0 },
    { a: "-2", b: "-1", want: -1 },
    { a: "1Ki", b: "1k", want: 1 },
    { a: "1e40", b: "1e39", want: 1 },
    { a: "-1e40", b: "1e-9", want: -1 },
  ] as const)("$a vs $b", ({ a, b, want }) => {
    expect(parseQuantity(a).cmp(parseQuantity(b))).toBe(want);
  });
});

describe("Quantity.scaledValue of negative values", () => {
  it("rounds away from zero like Go's int64 path", () => {
    expect(parseQuantity("-1.5").value()).toBe(-2n);
    expect(parseQuantity("-0.0001").milliValue()).toBe(-1n);
  });
});

describe("toResourceNumber", () => {
  it("accepts 0 and MAX_RESOURCE_VALUE", () => {
    expect(MAX_RESOURCE_VALUE).toBe(Math.floor(Number.MAX_SAFE_INTEGER / 100));
    expect(toResourceNumber(0n, "cpu", "0")).toBe(0);
    expect(toResourceNumber(BigInt(MAX_RESOURCE_VALUE), "cpu", "x")).toBe(MAX_RESOURCE_VALUE);
  });
  it("rejects values above the exact domain with a DomainError naming the path", () => {
    expect(() => toResourceNumber(BigInt(MAX_RESOURCE_VALUE) + 1n, "nodes[0].allocatable.memory", "100Pi")).toThrow(
      'nodes[0].allocatable.memory: "100Pi" exceeds the exact domain (max 90071992547409)',
    );
    expect(() => toResourceNumber(BigInt(MAX_RESOURCE_VALUE) + 1n, "m", "x")).toThrow(DomainError);
  });
  it("rejects negative values as invalid input, not a domain limit", () => {
    let caught: unknown;
    try {
      toResourceNumber(-1n, "requests.cpu", "-1m");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SchedkitError);
    expect(caught).not.toBeInstanceOf(DomainError);
    expect((caught as SchedkitError).path).toBe("requests.cpu");
  });
});

describe("quantityFromJSON", () => {
  it.each([
    { v: "250m", value: "0.25" },
    { v: 0.5, value: "0.5" },
    { v: 3, value: "3" },
    { v: -1.25, value: "-1.25" },
    { v: 1e21, value: "1000000000000000000000" },
    { v: 1e-7, value: "0.0000001" },
    { v: " 1Gi\n", value: "1073741824" }, // Quantity.UnmarshalJSON trims white space before parsing
  ])("reads $v", ({ v, value }) => {
    expect(quantityFromJSON(v, "x").toDecimalString()).toBe(value);
  });
  it.each([NaN, Infinity, -Infinity, true, null, undefined, {}, [], 1n, "1.1.M"])("rejects %s", (v) => {
    expect(() => quantityFromJSON(v, "pods[0].cpu")).toThrow(SchedkitError);
    // A missing value is named as missing, never as "undefined".
    expect(() => quantityFromJSON(v, "pods[0].cpu")).toThrow(v === undefined ? /^pods\[0\]\.cpu is required \(expected a Kubernetes quantity\)$/ : /^pods\[0\]\.cpu: .* is not a Kubernetes quantity$/);
  });
});

describe("Quantity properties", () => {
  // Exact decimals from 10^-9 up, the range a parsed quantity covers without rounding.
  const decimal = fc
    .tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: -9, max: 24 }))
    .map(([u, e]) => Quantity.fromInteger(u, e));
  const nonNegative = fc
    .tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: -12, max: 6 }))
    .map(([u, e]) => Quantity.fromInteger(u, e));
  const same = (a: Quantity, b: Quantity) => a.cmp(b) === 0 && a.toDecimalString() === b.toDecimalString();

  it("parse(toDecimalString(x)) round trips", () => {
    fc.assert(
      fc.property(decimal, (q) => {
        const s = q.toDecimalString();
        const back = parseQuantity(s);
        return same(back, q) && back.toDecimalString() === s && back.format === "DecimalSI";
      }),
      kernelRunParameters(100),
    );
  });

  it("a decimal exponent suffix scales the number exactly", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 25n }), fc.integer({ min: -9, max: 30 }), (u, e) => {
        const q = parseQuantity(`${u}e${e}`);
        return same(q, Quantity.fromInteger(u, e)) && q.format === "DecimalExponent";
      }),
      kernelRunParameters(100),
    );
  });

  it("parsing rounds finer than 10^-9 up to the next nano", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.integer({ min: -20, max: -10 }), (u, e) => {
        const n = parseQuantity(`${u}e${e}`).scaledValue(-9);
        const exact = Quantity.fromInteger(u, e);
        return Quantity.fromInteger(n, -9).cmp(exact) >= 0 && Quantity.fromInteger(n - 1n, -9).cmp(exact) < 0;
      }),
      kernelRunParameters(100),
    );
  });

  it("add is commutative and associative", () => {
    fc.assert(
      fc.property(decimal, decimal, decimal, (a, b, c) => {
        return same(a.add(b), b.add(a)) && same(a.add(b).add(c), a.add(b.add(c)));
      }),
      kernelRunParameters(100),
    );
  });

  it("cmp is antisymmetric and agrees with add", () => {
    fc.assert(
      fc.property(decimal, nonNegative, (a, b) => {
        const bigger = a.add(b);
        return a.cmp(b) === -b.cmp(a) && bigger.cmp(a) === (b.isZero() ? 0 : 1);
      }),
      kernelRunParameters(100),
    );
  });

  it("milliValue is ceil(value × 1000) for non-negative values", () => {
    fc.assert(
      fc.property(nonNegative, (q) => {
        const m = q.milliValue();
        return Quantity.fromInteger(m, -3).cmp(q) >= 0 && Quantity.fromInteger(m - 1n, -3).cmp(q) < 0;
      }),
      kernelRunParameters(100),
    );
  });

  it("value() of a sum is the ceiling of the exact sum", () => {
    fc.assert(
      fc.property(nonNegative, nonNegative, (a, b) => {
        const sum = a.add(b);
        const v = sum.value();
        return Quantity.fromInteger(v).cmp(sum) >= 0 && Quantity.fromInteger(v - 1n).cmp(sum) < 0;
      }),
      kernelRunParameters(100),
    );
  });
});
