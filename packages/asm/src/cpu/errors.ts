// Errors of the batch entry points are core's own: the element the kernel rejected is replayed on core's
// function, and its error is re-raised with the element's path in the batch.
import { DomainError, SchedkitError } from "@schedkit/core";

/** core's error `e` (same class, value and problem) at `path`. */
export function rebase(e: unknown, path: string): unknown {
  if (!(e instanceof SchedkitError) || e.path === "") return e;
  return e instanceof DomainError ? new DomainError(path, e.value, e.problem) : new SchedkitError(path, e.value, e.problem);
}
