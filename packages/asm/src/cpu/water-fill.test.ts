import fc from "fast-check";
import { assertProperty, propertySeeds, runParameters } from "../../../core/src/_test/long.js";
import { describe, expect, it } from "vitest";
import { DomainError, SchedkitError } from "@schedkit/core";
import { waterFill, WATER_FILL_MAX_CAPACITY, WATER_FILL_MAX_WEIGHT } from "@schedkit/core/overcommit";
import { createWasmCpuEngineSync } from "./index.js";
import { siblingsArbitrary, type Siblings } from "./_test/arbitraries.js";
import { expectSameNumbers, RUNS, PROPERTY_TIMEOUT } from "./_test/same.js";

const engine = createWasmCpuEngineSync();

/** The batch input for `sets`, and core's waterFill of each set, concatenated. */
function batch(sets: readonly Siblings[]) {
  const offsets = [0];
  for (const s of sets) offsets.push(offsets[offsets.length - 1]! + s.weights.length);
  const groups = { capacities: sets.map((s) => s.capacity), offsets, weights: sets.flatMap((s) => s.weights), caps: sets.flatMap((s) => s.caps) };
  const expected = sets.flatMap((s) => Array.from(waterFill(s.capacity, s.weights, s.caps)));
  return { groups, expected };
}

describe("waterFillGroups (core waterFill on every sibling set, bit for bit)", () => {
  it.each([
    ["three children, one idle", [{ capacity: 3, weights: [2, 1, 1], caps: [Infinity, Infinity, 0] }]],
    ["a capped child hands its surplus on", [{ capacity: 10, weights: [5, 5], caps: [1, Infinity] }]],
    ["no children", [{ capacity: 4, weights: [], caps: [] }]],
    ["capacity at WATER_FILL_MAX_CAPACITY, weights at WATER_FILL_MAX_WEIGHT", [{ capacity: WATER_FILL_MAX_CAPACITY, weights: [WATER_FILL_MAX_WEIGHT, 1, WATER_FILL_MAX_WEIGHT], caps: [Infinity, Infinity, 3] }]],
    ["−0 capacity and caps", [{ capacity: -0, weights: [1, 2], caps: [-0, Infinity] }, { capacity: 1, weights: [3, 3], caps: [-0, 0] }]],
    ["equal keys break ties by index", [{ capacity: 7, weights: [3, 1, 3, 1], caps: [3, 1, 3, 1] }]],
    ["a set past the insertion-sort threshold", [{ capacity: 50.5, weights: Array.from({ length: 100 }, (_, i) => 1 + (i % 7)), caps: Array.from({ length: 100 }, (_, i) => (i % 5 === 0 ? Infinity : (i * 37) % 11) / 3) }]],
  ])("%s", (_name, sets) => {
    const { groups, expected } = batch(sets);
    expectSameNumbers(engine.waterFillGroups(groups), expected);
  });

  it("writes into the given buffer and returns it", () => {
    const out = new Float64Array(5);
    const { groups, expected } = batch([{ capacity: 3, weights: [2, 1, 1], caps: [Infinity, Infinity, 0] }, { capacity: 1, weights: [1, 1], caps: [1, 1] }]);
    expect(engine.waterFillGroups(groups, out)).toBe(out);
    expectSameNumbers(out, expected);
  });

  it("accepts typed arrays as inputs", () => {
    const groups = { capacities: new Float64Array([6]), offsets: new Int32Array([0, 3]), weights: new Float64Array([1, 2, 3]), caps: new Float64Array([1, Infinity, 2]) };
    expectSameNumbers(engine.waterFillGroups(groups), waterFill(6, [1, 2, 3], [1, Infinity, 2]));
  });

  it.each(propertySeeds(20261204))("equals core on random batches of sibling sets over the whole domain (%s %i)", (_seed, seed) => {
    assertProperty(
      "water-fill: equals core on random batches of sibling sets over the whole domain",
      fc.property(fc.array(fc.oneof(siblingsArbitrary(40), siblingsArbitrary(200, "max")), { minLength: 1, maxLength: 6 }), (sets) => {
        const { groups, expected } = batch(sets);
        expectSameNumbers(engine.waterFillGroups(groups), expected);
      }),
      runParameters(RUNS, seed),
    );
  }, PROPERTY_TIMEOUT);
});

describe("waterFillGroups input errors (core waterFill's own, at the batch's paths)", () => {
  // Set 0 is valid; set 1 holds the value under test.
  const batchOf = (capacity: unknown, weights: unknown[], caps: unknown[]) =>
    ({ capacities: [1, capacity], offsets: [0, 1, 1 + weights.length], weights: [1, ...weights], caps: [1, ...caps] }) as never;
  it.each([
    ["a negative capacity", -1, [1], [1], "capacities[1]", SchedkitError],
    ["a NaN capacity", NaN, [1], [1], "capacities[1]", SchedkitError],
    ["an infinite capacity", Infinity, [1], [1], "capacities[1]", SchedkitError],
    ["a capacity above the domain", 2 ** 33, [1], [1], "capacities[1]", DomainError],
    ["a zero weight", 1, [1, 0], [1, 1], "weights[2]", SchedkitError],
    ["a fractional weight", 1, [1.5], [1], "weights[1]", SchedkitError],
    ["an infinite weight", 1, [Infinity], [1], "weights[1]", SchedkitError],
    ["a weight given as a string", 1, ["2"], [1], "weights[1]", SchedkitError],
    ["a weight above the domain", 1, [2 ** 32 + 1], [1], "weights[1]", DomainError],
    ["a negative cap", 1, [1], [-1], "caps[1]", SchedkitError],
    ["a NaN cap", 1, [1], [NaN], "caps[1]", SchedkitError],
    ["a cap given as undefined", 1, [1, 1], [1, undefined], "caps[2]", SchedkitError],
  ])("rejects %s like waterFill", (_name, capacity, weights, caps, path, kind) => {
    let expected: Error | undefined;
    try {
      waterFill(capacity as number, weights as number[], caps as number[]);
    } catch (e) {
      expected = e as Error;
    }
    expect(expected).toBeInstanceOf(kind);
    // The message after core's path: ": NaN is not …", or " is required (…)" for a missing value.
    const problem = expected!.message.slice((expected as SchedkitError).path.length);
    expect(() => engine.waterFillGroups(batchOf(capacity, weights, caps))).toThrow(kind);
    expect(() => engine.waterFillGroups(batchOf(capacity, weights, caps))).toThrow(`${path}${problem}`);
  });

  it.each([
    ["a null cap (0 to core)", 3, [1, 2], [null, Infinity]],
    ["a numeric-string cap", 3, [1, 2], ["0.5", Infinity]],
    ["a numeric-string capacity", "3", [1, 2], [1, Infinity]],
  ])("returns core's result for what core coerces: %s", (_name, capacity, weights, caps) => {
    const expected = [1, ...waterFill(capacity as number, weights as number[], caps as number[])];
    expectSameNumbers(engine.waterFillGroups(batchOf(capacity, weights, caps)), expected);
  });

  it("rejects a set whose weights sum above 2^53 − 1", () => {
    const weights = Array.from({ length: 2 ** 21 + 1 }, () => WATER_FILL_MAX_WEIGHT);
    const caps = weights.map(() => 1);
    expect(() => waterFill(1, weights, caps)).toThrow(/sum above 2\^53 - 1/);
    expect(() => engine.waterFillGroups({ capacities: [1], offsets: [0, weights.length], weights, caps })).toThrow(DomainError);
    expect(() => engine.waterFillGroups({ capacities: [1], offsets: [0, weights.length], weights, caps })).toThrow(/weights of group 0: .* sum above 2\^53 - 1/);
  });

  it.each([
    ["caps shorter than weights", { capacities: [1], offsets: [0, 2], weights: [1, 1], caps: [1] }, /groups\.caps: 1 is not the same length as weights/],
    ["offsets of the wrong length", { capacities: [1], offsets: [0], weights: [], caps: [] }, /groups\.offsets: 1 is not capacities\.length \+ 1/],
    ["a first offset other than 0", { capacities: [1], offsets: [1, 1], weights: [1], caps: [1] }, /groups\.offsets\[0\]: 1 is not 0/],
    ["a last offset short of the children", { capacities: [1, 1], offsets: [0, 1, 1], weights: [1, 1], caps: [1, 1] }, /groups\.offsets\[2\]: 1 is not weights\.length \(2\)/],
    ["decreasing offsets", { capacities: [1, 1, 1], offsets: [0, 2, 1, 2], weights: [1, 1], caps: [1, 1] }, /groups\.offsets\[2\]: 1 is not an integer in \[2, 2\]/],
    ["weights that are not an array", { capacities: [1], offsets: [0, 0], weights: 3, caps: [] }, /groups\.weights: 3 is not an array of numbers/],
  ])("rejects %s", (_name, groups, message) => {
    expect(() => engine.waterFillGroups(groups as never)).toThrow(SchedkitError);
    expect(() => engine.waterFillGroups(groups as never)).toThrow(message);
  });

  it("rejects an output buffer that is too short", () => {
    expect(() => engine.waterFillGroups({ capacities: [1], offsets: [0, 2], weights: [1, 1], caps: [1, 1] }, new Float64Array(1))).toThrow(/out: .* is not a Float64Array of at least 2 entries/);
  });
});
