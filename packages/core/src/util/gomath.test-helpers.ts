// Test-only: shared readers for test-data/gomath.json (Go math reference values, see test-data/gomath/main.go).
import { createHash } from "node:crypto";
import { loadFixture } from "../_test/fixtures.js";

export interface GoRow {
  readonly x: string;
  readonly want: string;
}

export const gomath = loadFixture<{
  logSpecial: GoRow[];
  logIntegers: { from: number; to: number; sha256: string };
  logRandom: string;
  roundSpecial: GoRow[];
  roundRandom: string;
  splitmix: { logSeed: number; roundSeed: number; count: number };
}>("gomath.json");

const view = new DataView(new ArrayBuffer(8));

export function fromHex(hex: string): number {
  view.setBigUint64(0, BigInt("0x" + hex));
  return view.getFloat64(0);
}

export function toHex(x: number): string {
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, "0");
}

/** SHA-256 over the little-endian bit patterns of f(x) for each x, as main.go's digest(). */
export function digest(xs: Iterable<number>, f: (x: number) => number): string {
  const h = createHash("sha256");
  const buf = Buffer.alloc(8);
  for (const x of xs) {
    buf.writeDoubleLE(f(x));
    h.update(buf);
  }
  return h.digest("hex");
}

const M64 = (1n << 64n) - 1n;

/** main.go's randomFinites: splitmix64 bit patterns, NaN/Inf exponents skipped, sign cleared if `positive`. */
export function randomFinites(seed: number, n: number, positive: boolean): number[] {
  let s = BigInt(seed);
  const out: number[] = [];
  while (out.length < n) {
    s = (s + 0x9e3779b97f4a7c15n) & M64;
    let z = s;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
    z ^= z >> 31n;
    if (positive) z &= ~(1n << 63n) & M64;
    if (((z >> 52n) & 0x7ffn) === 0x7ffn) continue;
    view.setBigUint64(0, z);
    out.push(view.getFloat64(0));
  }
  return out;
}
