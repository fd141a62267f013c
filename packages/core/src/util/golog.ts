// Go math.Log as an amd64 kube-scheduler binary computes it, so PodTopologySpread weights are
// bit-identical (docs/scheduler.md §8: V8's Math.log is one ulp off Go on e.g. ln 14, ln 176, ln 185).
// Go: src/math/log.go (FreeBSD e_log.c algorithm) and src/math/log_amd64.s (archLog, used on amd64).
// The two agree on every normal input except an exact √2/2·2^k mantissa, where the assembly takes the
// doubling branch (`f1 <= √2/2`); the assembly also skips Frexp's subnormal normalization. Neither case
// occurs for PTS weights (ln of an integer ≥ 2), but the port follows the assembly so it matches amd64
// everywhere (golog.test.ts checks 200000 integers and 200000 random doubles against Go).
// JS never fuses a*b+c into an FMA, and neither does Go on amd64 (GOAMD64=v1).
import { fromWords, highWord, lowWord } from "./float-bits.js";

const HALF_SQRT2 = 7.07106781186547524401e-1;
const LN2_HI = 6.93147180369123816490e-1; /* 3fe62e42 fee00000 */
const LN2_LO = 1.90821492927058770002e-10; /* 3dea39ef 35793c76 */
const L1 = 6.666666666666735130e-1; /* 3FE55555 55555593 */
const L2 = 3.999999999940941908e-1; /* 3FD99999 9997FA04 */
const L3 = 2.857142874366239149e-1; /* 3FD24924 94229359 */
const L4 = 2.222219843214978396e-1; /* 3FCC71C5 1D8E78AF */
const L5 = 1.818357216161805012e-1; /* 3FC74664 96CB03DE */
const L6 = 1.531383769920937332e-1; /* 3FC39A09 D078C69F */
const L7 = 1.479819860511658591e-1; /* 3FC2F112 DF3E5244 */

/** Go math.Log(x) on amd64: natural logarithm, bit-identical to kube-scheduler's. */
export function goLog(x: number): number {
  const hi = highWord(x);
  if ((hi & 0x7fffffff) === 0 && lowWord(x) === 0) return -Infinity;
  if (hi >= 0x80000000) return NaN; // sign bit set, -NaN included
  if (hi >= 0x7ff00000) return x; // +Inf or NaN

  // f1, k := Frexp(x), done on the raw fields: f1 = 0.5 with x's mantissa, k = biased exponent − 1022.
  let f1 = fromWords((hi & 0x000fffff) | 0x3fe00000, lowWord(x));
  let k = ((hi >>> 20) & 0x7ff) - 0x3fe;
  if (f1 <= HALF_SQRT2) {
    k -= 1;
    f1 *= 2;
  }
  const f = f1 - 1;

  const s = f / (2 + f);
  const s2 = s * s;
  const s4 = s2 * s2;
  const t1 = s2 * (L1 + s4 * (L3 + s4 * (L5 + s4 * L7)));
  const t2 = s4 * (L2 + s4 * (L4 + s4 * L6));
  const R = t1 + t2;
  const hfsq = 0.5 * f * f;
  return k * LN2_HI - ((hfsq - (s * (hfsq + R) + k * LN2_LO)) - f);
}
