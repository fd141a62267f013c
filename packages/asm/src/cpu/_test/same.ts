// Shared test laws: per-number identity (Object.is, so −0 ≠ 0 and NaN = NaN) and the run counts.
import { expect } from "vitest";

export { PROPERTY_TIMEOUT } from "../../../../core/src/_test/long.js";

/** fast-check runs per property by default (SCHEDKIT_LONG / SCHEDKIT_MIN_RUNS: see core's _test/long.ts). */
export const RUNS = 300;

/** Fails at the first index where the two arrays' numbers are not Object.is-identical. */
export function expectSameNumbers(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) expect.fail(`[${i}]: ${Object.is(actual[i], -0) ? "-0" : actual[i]} is not ${Object.is(expected[i], -0) ? "-0" : expected[i]}`);
  }
}

/** The outcome of a call: its value, or the thrown error's class and message. */
export function outcome<T>(f: () => T): { ok: T } | { threw: string; message: string } {
  try {
    return { ok: f() };
  } catch (e) {
    return { threw: (e as Error).name, message: (e as Error).message };
  }
}
