// Float64 <-> two uint32 words, for the Go math ports that work on IEEE-754 bit patterns.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Typed arrays use the platform byte order; find which word holds the sign and exponent.
f64[0] = 1;
const HI = u32[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

/** High word (sign, exponent, top 20 mantissa bits) of a float64. */
export function highWord(x: number): number {
  f64[0] = x;
  return u32[HI]!;
}

/** Low 32 mantissa bits of a float64. */
export function lowWord(x: number): number {
  f64[0] = x;
  return u32[LO]!;
}

/** The float64 whose bit pattern is hi:lo (both taken as uint32). */
export function fromWords(hi: number, lo: number): number {
  u32[HI] = hi >>> 0;
  u32[LO] = lo >>> 0;
  return f64[0]!;
}
