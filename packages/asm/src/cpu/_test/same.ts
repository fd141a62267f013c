// Shared test laws: per-number identity (Object.is, so −0 ≠ 0 and NaN = NaN) and the run counts.
import { expect } from "vitest";

/** SCHEDKIT_LONG=1 runs every property at least 100,000 times. */
export const LONG = process.env["SCHEDKIT_LONG"] === "1";

/** fast-check runs per property: 100,000 in long mode. */
export const RUNS = LONG ? 100_000 : 300;

/** Test timeout of a property test: an hour in long mode, the configured default otherwise. */
export const PROPERTY_TIMEOUT = LONG ? 3_600_000 : undefined;

/** Fails at the first index where the two arrays' numbers are not Object.is-identical. */
export function expectSameNumbers(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) expect.fail(`[${i}]: ${Object.is(actual[i], -0) ? "-0" : actual[i]} is not ${Object.is(expected[i], -0) ? "-0" : expected[i]}`);
  }
}

/** The outcome of a call: its value, or the thrown error's class and message. */
export function outcome(f: () => unknown): { ok: unknown } | { threw: string; message: string } {
  try {
    return { ok: f() };
  } catch (e) {
    return { threw: (e as Error).name, message: (e as Error).message };
  }
}
