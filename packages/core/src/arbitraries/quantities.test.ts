import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kernelRunParameters } from "../_test/long.js";
import { MAX_RESOURCE_VALUE, parseQuantity } from "../index.js";
import { CPU, MEMORY, REQUESTABLE, amountArbitrary, formatAmount } from "./quantities.js";

describe("amountArbitrary", () => {
  it("stays within 0..max and reaches both ends", () => {
    const xs = fc.sample(amountArbitrary(MAX_RESOURCE_VALUE, 96_000), { numRuns: 2000, seed: 11 });
    expect(xs.every((x) => Number.isSafeInteger(x) && x >= 0 && x <= MAX_RESOURCE_VALUE)).toBe(true);
    expect(xs).toContain(0);
    expect(xs).toContain(1);
    expect(xs).toContain(MAX_RESOURCE_VALUE);
    expect(xs).toContain(MAX_RESOURCE_VALUE - 1);
  });
});

describe("formatAmount", () => {
  it("spells every amount of every resource exactly, whatever the style", () => {
    fc.assert(
      fc.property(fc.nat(REQUESTABLE.length - 1), fc.nat(31), fc.bigInt({ min: 0n, max: BigInt(MAX_RESOURCE_VALUE) }), (i, style, big) => {
        const k = REQUESTABLE[i]!;
        const amount = Number(big) % (k.max + 1);
        const q = parseQuantity(formatAmount(k, amount, style));
        const parsed = k.unit === "milli" ? q.milliValue() : q.value();
        expect(parsed).toBe(BigInt(amount) * BigInt(k.scale));
      }),
      kernelRunParameters(5000),
    );
  });

  it.each([
    { kind: CPU, amount: 1500, style: 1, text: "1.5" },
    { kind: CPU, amount: 2000, style: 1, text: "2" },
    { kind: CPU, amount: 250, style: 0, text: "250m" },
    { kind: MEMORY, amount: 1024 ** 3, style: 3, text: "1Gi" },
    { kind: MEMORY, amount: 3, style: 5, text: "3" },
  ])("spells $amount as $text (style $style)", ({ kind, amount, style, text }) => {
    expect(formatAmount(kind, amount, style)).toBe(text);
  });
});
