import fc from "fast-check";
import { describe, it } from "vitest";
import { assertProperty, runParameters, propertySeeds } from "../_test/long.js";
import { SlotHeap } from "./slot-heap.js";

// The order runPasses had with a scan per Pop: the least slot, the first pushed among equal ones.
function scanOrder(ops: readonly (number | null)[], key: readonly number[]): number[] {
  const q: number[] = [];
  const out: number[] = [];
  for (const op of ops) {
    if (op !== null) q.push(op);
    else if (q.length > 0) {
      let best = 0;
      for (let j = 1; j < q.length; j++) if (key[q[j]!]! < key[q[best]!]!) best = j;
      out.push(q.splice(best, 1)[0]!);
    }
  }
  return out;
}

describe("SlotHeap pops in the order of a scan for the least slot, the first pushed among equals", () => {
  for (const [name, seed] of propertySeeds(20261205)) {
    it(`interleaved pushes and pops over few distinct keys (${name})`, () => {
      assertProperty(
        `SlotHeap = scan (${name})`,
        fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 40 }), fc.array(fc.option(fc.nat(39), { nil: null, freq: 3 }), { maxLength: 200 }), (key, raw) => {
          const ops = raw.map((o) => (o === null ? null : o % key.length));
          const heap = new SlotHeap((a, b) => key[a]! < key[b]!);
          const out: number[] = [];
          for (const op of ops) {
            if (op !== null) heap.push(op);
            else if (heap.size > 0) out.push(heap.pop());
          }
          const expected = scanOrder(ops, key);
          return out.length === expected.length && out.every((v, i) => v === expected[i]);
        }),
        runParameters(2000, seed),
      );
    });
  }
});
