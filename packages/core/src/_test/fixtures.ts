// Test-only helpers for the golden fixture tables in packages/core/test-data/ (docs/fixtures.md says where each comes from).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, expect } from "vitest";

const dataDir = fileURLToPath(new URL("../../test-data/", import.meta.url));

/** Reads a fixture file from packages/core/test-data. */
export function loadFixture<T = any>(file: string): T {
  return JSON.parse(readFileSync(dataDir + file, "utf8")) as T;
}

/**
 * Counts the upstream cases a test file really ran and prints `[fixtures] <file>: N cases ran`
 * when the file finishes; fails the file if fewer ran than it declared (a silently empty loop is a defect).
 */
export function fixtureCounter(file: string, expected: number): { ran(): void } {
  let n = 0;
  afterAll(() => {
    console.log(`[fixtures] ${file}: ${n} cases ran`);
    expect(n, `${file}: cases run`).toBe(expected);
  });
  return { ran: () => void n++ };
}
