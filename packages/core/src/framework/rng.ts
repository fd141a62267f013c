// The seeded generator behind every random choice (tie-breaks). mulberry32: 32-bit state, integer-only
// operations, so the WASM engine reproduces it exactly.
import { SchedkitError } from "../errors.js";

/** A seeded 32-bit pseudo-random generator. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new SchedkitError("seed", seed, "is not a seed (an integer 0..2^32-1)");
    }
    this.state = seed | 0;
  }

  /** The generator's state, to resume it elsewhere. */
  get seed(): number {
    return this.state >>> 0;
  }

  /** The next uint32. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform integer in [0, n) for 1 ≤ n ≤ 2^21 (exact: the product stays below 2^53). */
  below(n: number): number {
    return Math.floor((this.next() * n) / 4294967296);
  }
}
