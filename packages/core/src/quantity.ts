// Exact Kubernetes resource quantities.
// apimachinery: pkg/api/resource/{quantity.go, suffix.go, amount.go, math.go, scale_int.go}
//
// A Quantity is held as `unscaled × 10^exponent` (BigInt × power of ten). No floating point is used.
// Go keeps two representations (int64Amount on the fast path, inf.Dec on the slow path); they differ
// only in rounding of negative values and in overflow behaviour, so one exact representation serves
// both (see the notes on parseQuantity, scaledValue and roundUp).

import { DomainError, SchedkitError } from "./errors.js";

/** The suffix family a quantity remembers from parsing (apimachinery `Format`). */
export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

/** Largest value (in millicores or units) schedkit accepts for exact float64 scoring: floor((2^53-1)/100). */
export const MAX_RESOURCE_VALUE = 90071992547409;

const MAX_RESOURCE_VALUE_BIG = BigInt(MAX_RESOURCE_VALUE);

// Expanding `unscaled × 10^k` into digits (aligning two exponents for add, printing, scaling) is refused
// beyond this many digits: a valid Kubernetes quantity such as "1e2000000000" is kept exactly, but cannot
// be written out. Go would try and exhaust memory (inf.Dec aligns by materialising 10^k).
const MAX_EXPANSION_DIGITS = 4096;

// apimachinery math.go: maxAllowed = 2^63-1, the cap applied to BinarySI values on the slow path.
const MAX_INT64 = (1n << 63n) - 1n;

// apimachinery math.go: maxInt64Factors; the decimal fast path takes at most 18 digits.
const MAX_INT64_FACTORS = 18;

// apimachinery amount.go: Nano, the finest scale the slow path keeps.
const NANO = -9;

const POW10_CACHE: bigint[] = [];
for (let i = 0, p = 1n; i <= 64; i++, p *= 10n) POW10_CACHE.push(p);

function pow10(k: number): bigint {
  return k <= 64 ? (POW10_CACHE[k] as bigint) : 10n ** BigInt(k);
}

function abs(v: bigint): bigint {
  return v < 0n ? -v : v;
}

function decimalDigits(magnitude: bigint): number {
  return magnitude.toString().length;
}

/**
 * ceil(magnitude / 10^k) for magnitude >= 0, k > 0, and whether the division was exact.
 * A magnitude with no more than k digits is below 10^k, so the answer is 1 (or 0) without building 10^k.
 */
function ceilDivPow10(magnitude: bigint, k: number): { q: bigint; exact: boolean } {
  if (magnitude === 0n) return { q: 0n, exact: true };
  if (k > 64 && decimalDigits(magnitude) <= k) return { q: 1n, exact: false };
  const d = pow10(k);
  const q = magnitude / d;
  const r = magnitude % d;
  return r === 0n ? { q, exact: true } : { q: q + 1n, exact: false };
}

/** Compares a×10^ea with b×10^eb for a, b >= 0. */
function cmpMagnitude(a: bigint, ea: number, b: bigint, eb: number): -1 | 0 | 1 {
  if (a === 0n || b === 0n) return a === b ? 0 : a === 0n ? -1 : 1;
  if (ea !== eb) {
    if (Math.abs(ea - eb) > 64) {
      // 10^(n-1) <= x < 10^n with n = digits + exponent: different n decide the order outright,
      // equal n bound the exponent gap by the digit counts.
      const na = decimalDigits(a) + ea;
      const nb = decimalDigits(b) + eb;
      if (na !== nb) return na < nb ? -1 : 1;
    }
    if (ea > eb) a *= pow10(ea - eb);
    else b *= pow10(eb - ea);
  }
  return a === b ? 0 : a < b ? -1 : 1;
}

function expansionError(unscaled: bigint, exponent: number, what: string): DomainError {
  return new DomainError(
    "quantity",
    `${unscaled}e${exponent}`,
    `is outside the exact domain: ${what} needs more than ${MAX_EXPANSION_DIGITS} decimal digits`,
  );
}

// Module-private constructor, assigned in Quantity's static block.
let exactQuantity!: (unscaled: bigint, exponent: number, format: QuantityFormat) => Quantity;

/** An exact Kubernetes resource quantity (immutable). */
export class Quantity {
  /** The remembered suffix family (changes only as Go's Add changes it). */
  readonly format: QuantityFormat;
  readonly #unscaled: bigint;
  readonly #exponent: number;

  private constructor(unscaled: bigint, exponent: number, format: QuantityFormat) {
    this.#unscaled = unscaled;
    this.#exponent = unscaled === 0n ? 0 : exponent;
    this.format = format;
  }

  /** `n × 10^scale` in the given format (apimachinery `NewScaledQuantity`, which is always DecimalSI). */
  static fromInteger(n: bigint | number, scale = 0, format: QuantityFormat = "DecimalSI"): Quantity {
    if (typeof n === "number" && !Number.isSafeInteger(n)) {
      throw new SchedkitError("Quantity.fromInteger", n, "is not a safe integer");
    }
    if (!Number.isSafeInteger(scale)) {
      throw new SchedkitError("Quantity.fromInteger scale", scale, "is not an integer");
    }
    return new Quantity(BigInt(n), scale, format);
  }

  /** -1, 0 or 1. */
  sign(): -1 | 0 | 1 {
    return this.#unscaled === 0n ? 0 : this.#unscaled < 0n ? -1 : 1;
  }

  /** True when the value is exactly zero. */
  isZero(): boolean {
    return this.#unscaled === 0n;
  }

  /**
   * Exact sum. The format is this one's, except that a zero receiver takes `other`'s format
   * (apimachinery quantity.go `Add`). No BinarySI cap is applied, as in Go.
   */
  add(other: Quantity): Quantity {
    const format = this.#unscaled === 0n ? other.format : this.format;
    const a = this.#unscaled;
    const b = other.#unscaled;
    if (b === 0n) return format === this.format ? this : new Quantity(a, this.#exponent, format);
    if (a === 0n) return format === other.format ? other : new Quantity(b, other.#exponent, format);
    const ea = this.#exponent;
    const eb = other.#exponent;
    if (ea === eb) return new Quantity(a + b, ea, format);
    const shift = Math.abs(ea - eb);
    if (shift > MAX_EXPANSION_DIGITS) {
      throw ea > eb ? expansionError(a, ea, "adding it") : expansionError(b, eb, "adding it");
    }
    return ea > eb ? new Quantity(a * pow10(shift) + b, eb, format) : new Quantity(a + b * pow10(shift), ea, format);
  }

  /** Exact comparison: -1 if this < other, 0 if equal, 1 if greater. */
  cmp(other: Quantity): -1 | 0 | 1 {
    const sa = this.sign();
    const sb = other.sign();
    if (sa !== sb) return sa < sb ? -1 : 1;
    if (sa === 0) return 0;
    const m = cmpMagnitude(abs(this.#unscaled), this.#exponent, abs(other.#unscaled), other.#exponent);
    return sa > 0 || m === 0 ? m : m === 1 ? -1 : 1;
  }

  /**
   * The value in units of 10^scale, rounded up: ceil(q / 10^scale) for q >= 0
   * (apimachinery `ScaledValue`). Negative values round away from zero, as Go's int64 path does
   * (its inf.Dec path truncates then adds one; the two disagree and neither is ceil).
   * The result is exact even beyond int64 where Go would silently wrap; reject it with
   * `toResourceNumber`.
   */
  scaledValue(scale: number): bigint {
    if (!Number.isSafeInteger(scale)) throw new SchedkitError("scale", scale, "is not an integer");
    const u = this.#unscaled;
    if (u === 0n) return 0n;
    const shift = this.#exponent - scale;
    if (shift >= 0) {
      if (shift > MAX_EXPANSION_DIGITS) throw expansionError(u, this.#exponent, `scaling it to 10^${scale}`);
      return u * pow10(shift);
    }
    const { q } = ceilDivPow10(abs(u), -shift);
    return u < 0n ? -q : q;
  }

  /** ScaledValue(0): ceil of the value for non-negative quantities. */
  value(): bigint {
    return this.scaledValue(0);
  }

  /** ScaledValue(-3): ceil(value × 1000) for non-negative quantities. */
  milliValue(): bigint {
    return this.scaledValue(-3);
  }

  /**
   * Rounds away from zero to a multiple of 10^scale and reports whether that was exact
   * (apimachinery `RoundUp`: "-9 scale 1 rounds to -10"). The format is kept.
   */
  roundUp(scale: number): { quantity: Quantity; exact: boolean } {
    if (!Number.isSafeInteger(scale)) throw new SchedkitError("scale", scale, "is not an integer");
    const u = this.#unscaled;
    if (u === 0n || this.#exponent >= scale) return { quantity: this, exact: true };
    const { q, exact } = ceilDivPow10(abs(u), scale - this.#exponent);
    return { quantity: new Quantity(u < 0n ? -q : q, scale, this.format), exact };
  }

  /** The exact value in plain decimal notation, without exponent or trailing zeros ("0.1", "1000000", "-3.01"). */
  toDecimalString(): string {
    const u = this.#unscaled;
    if (u === 0n) return "0";
    const e = this.#exponent;
    if (Math.abs(e) > MAX_EXPANSION_DIGITS) throw expansionError(u, e, "writing it out");
    const sign = u < 0n ? "-" : "";
    const digits = abs(u).toString();
    if (e >= 0) return sign + digits + "0".repeat(e);
    const k = -e;
    const padded = digits.length <= k ? "0".repeat(k - digits.length + 1) + digits : digits;
    const int = padded.slice(0, padded.length - k);
    let fracEnd = padded.length;
    while (fracEnd > int.length && padded.charCodeAt(fracEnd - 1) === 48) fracEnd--;
    return fracEnd === int.length ? sign + int : sign + int + "." + padded.slice(int.length, fracEnd);
  }

  static {
    exactQuantity = (unscaled, exponent, format) => new Quantity(unscaled, exponent, format);
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing (apimachinery quantity.go parseQuantityString + ParseQuantity; suffix.go)

const CH_0 = 48;
const CH_9 = 57;
const CH_PLUS = 43;
const CH_MINUS = 45;
const CH_DOT = 46;

function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

// quantity.go parseQuantityString: the scanner lets any run of these letters through as a suffix;
// suffix.go then decides whether the run means anything.
function isSuffixLetter(c: number): boolean {
  switch (c) {
    case 101: // e
    case 69: // E
    case 105: // i
    case 110: // n
    case 117: // u
    case 109: // m
    case 107: // k
    case 75: // K
    case 77: // M
    case 71: // G
    case 84: // T
    case 80: // P
      return true;
    default:
      return false;
  }
}

interface Suffix {
  readonly base: 2 | 10;
  readonly exponent: number;
  readonly format: QuantityFormat;
}

// suffix.go newSuffixer: the decimal and binary tables (cgroup/common-quantity.ts reads them too).
export const SUFFIXES: ReadonlyMap<string, Suffix> = new Map<string, Suffix>([
  ["", { base: 10, exponent: 0, format: "DecimalSI" }],
  ["n", { base: 10, exponent: -9, format: "DecimalSI" }],
  ["u", { base: 10, exponent: -6, format: "DecimalSI" }],
  ["m", { base: 10, exponent: -3, format: "DecimalSI" }],
  ["k", { base: 10, exponent: 3, format: "DecimalSI" }],
  ["M", { base: 10, exponent: 6, format: "DecimalSI" }],
  ["G", { base: 10, exponent: 9, format: "DecimalSI" }],
  ["T", { base: 10, exponent: 12, format: "DecimalSI" }],
  ["P", { base: 10, exponent: 15, format: "DecimalSI" }],
  ["E", { base: 10, exponent: 18, format: "DecimalSI" }],
  ["Ki", { base: 2, exponent: 10, format: "BinarySI" }],
  ["Mi", { base: 2, exponent: 20, format: "BinarySI" }],
  ["Gi", { base: 2, exponent: 30, format: "BinarySI" }],
  ["Ti", { base: 2, exponent: 40, format: "BinarySI" }],
  ["Pi", { base: 2, exponent: 50, format: "BinarySI" }],
  ["Ei", { base: 2, exponent: 60, format: "BinarySI" }],
]);

const INT64_MIN = -(1n << 63n);
const SIGNED_DIGITS = /^[+-]?[0-9]+$/;

// suffix.go interpret: a table suffix, or 'e'/'E' followed by a strconv.ParseInt(_, 10, 64) integer
// that is then converted to int32 (Go's conversion wraps).
function interpretSuffix(s: string): Suffix | undefined {
  const known = SUFFIXES.get(s);
  if (known !== undefined) return known;
  const c = s.charCodeAt(0);
  if (s.length < 2 || (c !== 101 && c !== 69)) return undefined;
  const digits = s.slice(1);
  if (!SIGNED_DIGITS.test(digits)) return undefined;
  const n = BigInt(digits);
  if (n < INT64_MIN || n > MAX_INT64) return undefined;
  return { base: 10, exponent: Number(BigInt.asIntN(32, n)), format: "DecimalExponent" };
}

const ZERO_DECIMAL_SI = exactQuantity(0n, 0, "DecimalSI");

/** Returns the parsed quantity, or undefined where ParseQuantity returns an error. */
function parse(str: string): Quantity | undefined {
  const end = str.length;
  if (end === 0) return undefined;
  if (str === "0") return ZERO_DECIMAL_SI;

  let pos = 0;
  let negative = false;
  const first = str.charCodeAt(0);
  if (first === CH_MINUS) {
    negative = true;
    pos++;
  } else if (first === CH_PLUS) {
    pos++;
  }
  const signEnd = pos;

  // Leading zeros are skipped; a string that is only sign and zeros (even a lone sign) is zero.
  while (pos < end && str.charCodeAt(pos) === CH_0) pos++;
  if (pos === end) return ZERO_DECIMAL_SI;

  const numStart = pos;
  while (pos < end && isDigit(str.charCodeAt(pos))) pos++;
  const numEnd = pos;
  let denomStart = pos;
  let denomEnd = pos;
  if (pos < end && str.charCodeAt(pos) === CH_DOT) {
    pos++;
    denomStart = pos;
    while (pos < end && isDigit(str.charCodeAt(pos))) pos++;
    denomEnd = pos; // "1." is accepted (TODO in quantity.go)
  }
  const valueEnd = pos;

  // suffix ::= letters* sign? digits*, and it must reach the end of the string.
  while (pos < end && isSuffixLetter(str.charCodeAt(pos))) pos++;
  if (pos < end) {
    const c = str.charCodeAt(pos);
    if (c === CH_PLUS || c === CH_MINUS) pos++;
  }
  while (pos < end && isDigit(str.charCodeAt(pos))) pos++;
  if (pos !== end) return undefined;

  const suffix = interpretSuffix(str.slice(valueEnd));
  if (suffix === undefined) return undefined;

  const num = numEnd > numStart ? str.slice(numStart, numEnd) : "0";
  const denom = str.slice(denomStart, denomEnd);
  const { base, exponent } = suffix;
  let format = suffix.format;

  // Fast path (int64Amount): few enough digits, a scale of at least 10^-9, and for binary suffixes
  // an integer number. It stores the value exactly.
  let precision: number;
  if (base === 10) {
    precision = MAX_INT64_FACTORS - (num.length + denom.length);
  } else if (denom.length === 0) {
    // quantity.go: "exponent*3/10 - 1 is roughly the precision" of 2^exponent (exponent is 10..60)
    precision = 15 - num.length - (exponent / 10) * 3 - 1;
  } else {
    precision = -1;
  }
  if (precision >= 0) {
    const scale = base === 10 ? (exponent - denom.length) | 0 : 0; // int32 arithmetic in Go
    if (scale >= NANO) {
      // At most 18 digits (decimal) or a small integer times 2^exponent (binary): never overflows int64.
      let magnitude = BigInt(num + denom);
      if (base === 2) magnitude <<= BigInt(exponent);
      return exactQuantity(negative ? -magnitude : magnitude, scale, format);
    }
  }

  // Slow path (inf.Dec). inf.Dec.SetString rejects a number part without any digit (".", "-", "").
  if (numEnd === signEnd && denomEnd === denomStart) return undefined;
  let magnitude = BigInt(num + denom);
  let exp: number;
  if (base === 10) {
    // quantity.go: amount.SetScale(amount.Scale() + Scale(exponent).infScale()), all int32.
    const infScale = (denom.length + ((-exponent) | 0)) | 0;
    exp = -infScale;
  } else {
    magnitude <<= BigInt(exponent);
    exp = -denom.length;
  }
  // quantity.go: non-zero magnitudes are rounded up to a multiple of 10^-9 ("if you want some
  // resources, you should get some resources").
  if (magnitude !== 0n && exp < NANO) {
    magnitude = ceilDivPow10(magnitude, NANO - exp).q;
    exp = NANO;
  }
  if (format === "BinarySI") {
    // quantity.go: BinarySI magnitudes are capped at 2^63-1 ...
    if (cmpMagnitude(magnitude, exp, MAX_INT64, 0) > 0) {
      magnitude = MAX_INT64;
      exp = 0;
    }
    // ... and a BinarySI value strictly between 0 and 1 becomes DecimalSI.
    if (magnitude !== 0n && cmpMagnitude(magnitude, exp, 1n, 0) < 0) format = "DecimalSI";
  }
  return exactQuantity(negative ? -magnitude : magnitude, exp, format);
}

/** Parses a quantity string exactly as apimachinery ParseQuantity; throws SchedkitError(path, text, "is not a Kubernetes quantity"). */
export function parseQuantity(text: string, path = "quantity"): Quantity {
  const q = typeof text === "string" ? parse(text) : undefined;
  if (q === undefined) throw new SchedkitError(path, text, "is not a Kubernetes quantity");
  return q;
}

// Go's strings.TrimSpace (unicode.IsSpace), which Quantity.UnmarshalJSON applies before parsing.
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

// Dumps and inventories repeat a handful of quantity strings ("100m", "256Mi") across thousands of pods;
// Quantity is immutable, so a parsed value is shared. The cache is emptied when it fills, never unbounded.
const PARSED = new Map<string, Quantity | undefined>();
const PARSED_MAX = 4096;

function parseText(text: string): Quantity | undefined {
  const hit = PARSED.get(text);
  if (hit !== undefined || PARSED.has(text)) return hit;
  if (PARSED.size >= PARSED_MAX) PARSED.clear();
  const q = parse(text.replace(GO_SPACE, ""));
  PARSED.set(text, q);
  return q;
}

/**
 * A quantity from a JSON value: strings are trimmed of surrounding white space (apimachinery
 * `Quantity.UnmarshalJSON` trims) and parsed; finite numbers are parsed from their shortest decimal
 * form `String(n)`. Anything else throws SchedkitError.
 */
export function quantityFromJSON(v: unknown, path: string): Quantity {
  let q: Quantity | undefined;
  if (typeof v === "string") q = parseText(v);
  else if (typeof v === "number" && Number.isFinite(v)) q = parse(String(v));
  if (q === undefined) throw new SchedkitError(path, v, "is not a Kubernetes quantity");
  return q;
}

/**
 * Converts an exact integer (from value()/milliValue()) to a number. Throws SchedkitError when it is
 * negative and DomainError when it exceeds MAX_RESOURCE_VALUE.
 */
export function toResourceNumber(v: bigint, path: string, original: unknown): number {
  if (v < 0n) throw new SchedkitError(path, original, "is negative; resource quantities must be >= 0");
  if (v > MAX_RESOURCE_VALUE_BIG) {
    throw new DomainError(path, original, `exceeds the exact domain (max ${MAX_RESOURCE_VALUE})`);
  }
  return Number(v);
}
