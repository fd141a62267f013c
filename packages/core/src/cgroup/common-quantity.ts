// The quantity spellings inventories are made of — "250m", "2", "512Mi", "1G", 134217728 — read straight into
// whole millicores or bytes without building a Quantity. apimachinery quantity.go parseQuantityString reads
// such a string as digits × a suffix of suffix.go's tables (quantity.ts SUFFIXES: 10^-3 … 10^18, 2^10 … 2^60);
// the values here are those, scaled as Quantity.ScaledValue scales them (cpu: MilliValue, memory: Value).
// Anything else (a sign, a fraction, an exponent, white space, n/u suffixes, more than 15 digits) is left to
// the full parser (quantity.ts), which also raises the errors: this path accepts only strings that parser
// accepts.
import { SUFFIXES } from "../quantity.js";

// A run of at most 15 digits is below 10^15 < 2^53, so accumulating it digit by digit is exact.
const MAX_DIGITS = 15;

// 10^k for the decimal shifts this path makes (suffix exponent − scale: 0 … 21), as literals: exact doubles.
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21];

// suffix.go's tables (quantity.ts SUFFIXES) by the suffix's first character code: the exponent of a one-letter
// decimal suffix from "m" up, and of a binary suffix "<c>i"; 0 (no suffix's exponent) elsewhere. n and u
// (10^-9, 10^-6) are left to the full parser: the one division this path makes is m's by 1000.
const DECIMAL_EXPONENT = new Int8Array(128);
const BINARY_EXPONENT = new Int8Array(128);
for (const [text, { base, exponent }] of SUFFIXES) {
  if (base === 10 && text.length === 1 && exponent >= -3) DECIMAL_EXPONENT[text.charCodeAt(0)] = exponent;
  else if (base === 2) BINARY_EXPONENT[text.charCodeAt(0)] = exponent;
}

/**
 * A common quantity spelling as a whole number of 10^scale units (scale −3: millicores, 0: bytes) when that
 * number is at most `max` (≤ 2^53 − 1); NaN when the spelling is common but its value is not a whole number of
 * such units or exceeds `max` (the exact integer path cannot carry it); undefined when the spelling is not one
 * this path reads, and the full parser decides. JSON numbers that are non-negative safe integers count as
 * their decimal spelling (Quantity.UnmarshalJSON parses a number from its text).
 */
export function commonQuantityUnits(raw: unknown, scale: -3 | 0, max: number): number | undefined {
  let n: number;
  let exponent: number;
  let binary = false;
  if (typeof raw === "number") {
    if (!Number.isSafeInteger(raw) || raw < 0) return undefined;
    // −0 reads as "0": 0 in any unit, never −0.
    n = raw === 0 ? 0 : raw;
    exponent = 0;
  } else if (typeof raw === "string") {
    const end = raw.length;
    let pos = 0;
    n = 0;
    for (; pos < end; pos++) {
      const d = raw.charCodeAt(pos) - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    if (pos === 0 || pos > MAX_DIGITS) return undefined;
    const rest = end - pos;
    if (rest === 0) exponent = 0;
    else if (rest === 1) {
      // undefined for a character beyond the table.
      const e = DECIMAL_EXPONENT[raw.charCodeAt(pos)];
      if (e === undefined || e === 0) return undefined;
      exponent = e;
    } else if (rest === 2 && raw.charCodeAt(pos + 1) === 105 /* i */) {
      const e = BINARY_EXPONENT[raw.charCodeAt(pos)];
      if (e === undefined || e === 0) return undefined;
      exponent = e;
      binary = true;
    } else return undefined;
  } else return undefined;
  if (n === 0) return 0;
  if (binary) return within(n * 2 ** exponent * POW10[-scale]!, max);
  const shift = exponent - scale;
  // A negative shift divides: memory in "m" is whole bytes only for multiples of 1000.
  if (shift < 0) return n % 1000 === 0 ? within(n / 1000, max) : Number.NaN;
  return within(n * POW10[shift]!, max);
}

// Products of non-negative integers: each factor and partial product is exact while below 2^53, and once one
// reaches 2^53 every later rounding stays at or above it, so "≤ max" (max < 2^53) holds exactly when the
// exact product is ≤ max.
function within(v: number, max: number): number {
  return v <= max ? v : Number.NaN;
}
