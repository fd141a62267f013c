import { describe, expect, it } from "vitest";
import { goLog } from "./golog.js";
import { digest, fromHex, gomath, randomFinites, toHex } from "./gomath.test-helpers.js";

describe("goLog (Go math.Log)", () => {
  it.each(gomath.logSpecial.map((r) => [r.x, r.want, fromHex(r.x)] as const))(
    "log(bits %s) has Go's bits %s",
    (_x, want, x) => {
      const got = goLog(x);
      if (Number.isNaN(fromHex(want))) expect(got).toBeNaN();
      else expect(toHex(got)).toBe(want);
    },
  );

  it("differs from V8 Math.log exactly where Go does: ln 14, ln 176, ln 185 are one ulp apart", () => {
    for (const n of [14, 176, 185]) {
      const go = goLog(n);
      expect(go).not.toBe(Math.log(n));
      expect(toHex(go)).toBe(gomath.logSpecial.find((r) => fromHex(r.x) === n)!.want);
    }
  });

  it("matches Go bit for bit on every integer 1..200000 (SHA-256 of the results)", () => {
    const { from, to, sha256 } = gomath.logIntegers;
    function* ints() {
      for (let n = from; n <= to; n++) yield n;
    }
    expect(digest(ints(), goLog)).toBe(sha256);
  });

  it("matches Go bit for bit on 200000 random positive finite doubles, subnormals included", () => {
    const xs = randomFinites(gomath.splitmix.logSeed, gomath.splitmix.count, true);
    expect(digest(xs, goLog)).toBe(gomath.logRandom);
  });
});
