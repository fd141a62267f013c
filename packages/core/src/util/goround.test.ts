import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { goRound } from "./goround.js";
import { digest, fromHex, gomath, randomFinites, toHex } from "./gomath.test-helpers.js";
import { kernelRunParameters } from "../_test/long.js";

// Go's documented equivalent (floor.go comment): t = Trunc(x); |x−t| ≥ 0.5 ? t + Copysign(1, x) : t.
function reference(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const t = Math.trunc(x);
  const r = Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
  return r === 0 ? (x < 0 ? -0 : 0) : r;
}

describe("goRound (Go math.Round)", () => {
  it.each(gomath.roundSpecial.map((r) => [r.x, r.want, fromHex(r.x)] as const))(
    "round(bits %s) has Go's bits %s",
    (_x, want, x) => {
      const got = goRound(x);
      if (Number.isNaN(fromHex(want))) expect(got).toBeNaN();
      else expect(toHex(got)).toBe(want);
    },
  );

  it("rounds negative halves away from zero, unlike Math.round", () => {
    expect(goRound(-2.5)).toBe(-3);
    expect(Math.round(-2.5)).toBe(-2);
    expect(goRound(0.49999999999999994)).toBe(0);
  });

  it("matches Go bit for bit on 200000 random finite doubles of both signs", () => {
    const xs = randomFinites(gomath.splitmix.roundSeed, gomath.splitmix.count, false);
    expect(digest(xs, goRound)).toBe(gomath.roundRandom);
  });

  test.prop([fc.double({ noNaN: true })], kernelRunParameters(100))("agrees with the Trunc-based definition", (x) => {
    expect(Object.is(goRound(x), reference(x))).toBe(true);
  });
});
