// kube-scheduler: schedule_one.go numFeasibleNodesToFind (docs/scheduler.md §3.1).
import { SchedkitError } from "../errors.js";

/** minFeasibleNodesToFind: below this many nodes every node is examined. */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** minFeasibleNodesPercentageToFind: the adaptive percentage never drops below this. */
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * How many feasible nodes the filter phase looks for before it stops. `percentage` is the profile's
 * percentageOfNodesToScore when set, else the global one; 0 means adaptive (50 − n/125, at least 5).
 * Arithmetic is int32 as upstream.
 */
export function numFeasibleNodesToFind(numAllNodes: number, percentage: number): number {
  if (!Number.isInteger(numAllNodes) || numAllNodes < 0 || numAllNodes > 0x7fffffff) {
    throw new SchedkitError("numAllNodes", numAllNodes, "is not a node count (an integer 0..2^31-1)");
  }
  if (!Number.isInteger(percentage) || percentage < 0 || percentage > 100) {
    throw new SchedkitError("percentageOfNodesToScore", percentage, "is not a percentage (an integer 0..100)");
  }
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentage;
  if (pct === 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const num = Math.trunc(Math.imul(numAllNodes, pct) / 100);
  return num < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : num;
}
