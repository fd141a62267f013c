// Go math.Round (src/math/floor.go), ported at the bit level: half away from zero, exact for every
// float64. JS Math.round rounds half toward +Infinity, so it differs on negative halves.
import { fromWords, highWord, lowWord } from "./float-bits.js";

const BIAS = 1023;
const SHIFT = 52;
const TWO_32 = 4294967296;

/** Go math.Round(x): the nearest integer, ties away from zero; ±0, ±Inf and NaN are returned as is. */
export function goRound(x: number): number {
  let hi = highWord(x);
  let lo = lowWord(x);
  const e = (hi >>> 20) & 0x7ff;
  if (e < BIAS) {
    // |x| < 1, including subnormals: ±0, or ±1 when |x| >= 0.5.
    hi = (hi & 0x80000000) >>> 0;
    lo = 0;
    if (e === BIAS - 1) hi = (hi | 0x3ff00000) >>> 0;
  } else if (e < BIAS + SHIFT) {
    // Fractional bits are the low `frac` bits of the 64-bit pattern: add half of the unit, then clear them.
    // A carry into the exponent is the intended round-up to the next binade.
    const frac = SHIFT - (e - BIAS); // 1..52
    const halfBit = frac - 1;
    if (halfBit < 32) {
      lo += 2 ** halfBit;
      if (lo >= TWO_32) {
        lo -= TWO_32;
        hi += 1;
      }
    } else {
      hi += 2 ** (halfBit - 32);
    }
    if (frac >= 32) {
      lo = 0;
      hi -= hi % 2 ** (frac - 32);
    } else {
      lo -= lo % 2 ** frac;
    }
  } else {
    return x;
  }
  return fromWords(hi, lo);
}
