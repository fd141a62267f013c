// apimachinery: metav1.LabelSelectorAsSelector and labels.Requirement.Matches.
import type { LabelSelector, LabelSelectorRequirement, Labels } from "../model/types.js";

/** A compiled label selector. */
export interface Selector {
  matches(labels: Labels): boolean;
  /** True for the selector that matches everything (an empty LabelSelector). */
  readonly everything: boolean;
  /** True for the selector that matches nothing (a nil LabelSelector). */
  readonly nothing: boolean;
}

/** labels.Nothing(): what a nil LabelSelector becomes. */
const NOTHING: Selector = Object.freeze({ matches: () => false, everything: false, nothing: true });
/** labels.Everything(): what an empty LabelSelector becomes. */
const EVERYTHING: Selector = Object.freeze({ matches: () => true, everything: true, nothing: false });

function requirementMatches(r: LabelSelectorRequirement, labels: Labels): boolean {
  const v = labels.get(r.key);
  switch (r.operator) {
    case "In":
      return v !== undefined && r.values.includes(v);
    case "NotIn":
      return v === undefined || !r.values.includes(v);
    case "Exists":
      return v !== undefined;
    case "DoesNotExist":
      return v === undefined;
  }
}

/**
 * Compiles a LabelSelector (already validated by the model) plus optional extra requirements
 * (matchLabelKeys / mismatchLabelKeys merges). null → NOTHING, {} → EVERYTHING.
 */
export function compileLabelSelector(
  selector: LabelSelector | null,
  extra: readonly LabelSelectorRequirement[] = [],
): Selector {
  if (selector === null) return NOTHING;
  const reqs: LabelSelectorRequirement[] = [];
  for (const [key, value] of selector.matchLabels) reqs.push({ key, operator: "In", values: [value] });
  for (const r of selector.matchExpressions) reqs.push(r);
  for (const r of extra) reqs.push(r);
  if (reqs.length === 0) return EVERYTHING;
  return {
    everything: false,
    nothing: false,
    matches(labels: Labels): boolean {
      for (const r of reqs) if (!requirementMatches(r, labels)) return false;
      return true;
    },
  };
}

/** Whether a plain map selector (nodeSelector) is satisfied: every key present with the same value. */
export function mapSelectorMatches(selector: Labels, labels: Labels): boolean {
  for (const [k, v] of selector) if (labels.get(k) !== v) return false;
  return true;
}
