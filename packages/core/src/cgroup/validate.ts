// Input checks shared by the cgroup and analysis math. Hot loops test with `isIntIn` and only build the
// field path when a value is rejected, so valid input allocates nothing.
import { DomainError, SchedkitError } from "../errors.js";

/** True for an integer number in [min, max]. */
export function isIntIn(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

/** Returns `value` if it is an integer in [min, max]; anything else is invalid input (SchedkitError). */
export function requireInt(path: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new SchedkitError(path, value, "is not an integer");
  }
  if (value < min) throw new SchedkitError(path, value, `is below the minimum ${min}`);
  if (value > max) throw new SchedkitError(path, value, `is above the maximum ${max}`);
  return value;
}

/**
 * Like `requireInt`, but a value above `domainMax` is valid Kubernetes input that lies outside the exact
 * integer domain of this library (DomainError), not a malformed one.
 */
export function requireIntInDomain(path: string, value: unknown, min: number, domainMax: number): number {
  if (typeof value === "number" && Number.isInteger(value) && value > domainMax) {
    throw new DomainError(path, value, `is above ${domainMax}, the largest value the exact integer math accepts`);
  }
  return requireInt(path, value, min, domainMax);
}

/** Returns `value` if it is a finite number in [min, max]. */
export function requireFinite(path: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new SchedkitError(path, value, "is not a finite number");
  }
  if (value < min) throw new SchedkitError(path, value, `is below the minimum ${min}`);
  if (value > max) throw new SchedkitError(path, value, `is above the maximum ${max}`);
  return value;
}

/** Returns `value` if it is a boolean, `fallback` when it is undefined. */
export function optionalBool(path: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new SchedkitError(path, value, "is not a boolean");
  return value;
}
