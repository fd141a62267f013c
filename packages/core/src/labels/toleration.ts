// k8s.io/api core/v1 toleration.go ToleratesTaint and component-helpers TolerationsTolerateTaint.
import type { Taint, Toleration } from "../model/types.js";
import { parseInt64 } from "./nodeselector.js";

// apimachinery validate/content IsDecimalInteger: canonical decimal, no '+', no leading zeros, no "-0", fits int64.
const CANONICAL_INT = /^(0|-?[1-9][0-9]*)$/;

function canonicalInt64(s: string): bigint | null {
  return CANONICAL_INT.test(s) ? parseInt64(s) : null;
}

/** Whether one toleration tolerates one taint. `comparisonOperators` is the TaintTolerationComparisonOperators gate. */
function toleratesTaint(t: Toleration, taint: Taint, comparisonOperators = false): boolean {
  if (t.effect !== "" && t.effect !== taint.effect) return false;
  if (t.key !== "" && t.key !== taint.key) return false;
  switch (t.operator) {
    case "":
    case "Equal":
      return t.value === taint.value;
    case "Exists":
      return true;
    case "Lt":
    case "Gt": {
      if (!comparisonOperators) return false;
      const tv = canonicalInt64(taint.value);
      const lv = canonicalInt64(t.value);
      if (tv === null || lv === null) return false;
      return t.operator === "Lt" ? tv < lv : tv > lv;
    }
  }
}

/** Whether any of the tolerations tolerates the taint. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[], taint: Taint, comparisonOperators = false): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint, comparisonOperators)) return true;
  return false;
}

/**
 * The first NoSchedule/NoExecute taint not tolerated, or undefined (component-helpers
 * FindMatchingUntoleratedTaint with the DoNotScheduleTaintsFilterFunc).
 */
export function firstUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  comparisonOperators = false,
): Taint | undefined {
  for (const taint of taints) {
    if (taint.effect !== "NoSchedule" && taint.effect !== "NoExecute") continue;
    if (!tolerationsTolerateTaint(tolerations, taint, comparisonOperators)) return taint;
  }
  return undefined;
}
