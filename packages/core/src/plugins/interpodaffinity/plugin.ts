// kube-scheduler: plugins/interpodaffinity/plugin.go (args) wiring filtering.go and scoring.go.
import { SchedkitError } from "../../errors.js";
import type { Plugin, PluginContext, PluginFactory } from "../../framework/interfaces.js";
import { asObject, boolField, child, field } from "../../model/json.js";
import { NAME, filter, preFilter, updateState } from "./filtering.js";
import { normalizeScore, preScore, score, type InterPodAffinityArgs } from "./scoring.js";

export type { InterPodAffinityArgs } from "./scoring.js";

/** SetDefaults_InterPodAffinityArgs + ValidateInterPodAffinityArgs. Throws SchedkitError naming the field. */
export function parseInterPodAffinityArgs(args: unknown, path: string): InterPodAffinityArgs {
  if (args === undefined || args === null) return { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false };
  const o = asObject(args, path);
  const w = field(o, "hardPodAffinityWeight");
  const wPath = child(path, "hardPodAffinityWeight");
  if (w !== undefined && (typeof w !== "number" || !Number.isInteger(w))) throw new SchedkitError(wPath, w, "is not an integer");
  // An unset weight defaults to 1; an explicit 0 stays 0 and turns the required-term contribution off.
  const hardPodAffinityWeight = w === undefined ? 1 : (w as number);
  if (hardPodAffinityWeight < 0 || hardPodAffinityWeight > 100) throw new SchedkitError(wPath, w, "not in valid range [0, 100]");
  return { hardPodAffinityWeight, ignorePreferredTermsOfExistingPods: boolField(o, "ignorePreferredTermsOfExistingPods", path) };
}

function create(rawArgs: unknown, _ctx: PluginContext, path: string): Plugin {
  const args = parseInterPodAffinityArgs(rawArgs, path);
  return {
    name: NAME,
    preFilter(state, pod, snapshot) {
      return preFilter(state, pod, snapshot);
    },
    addPod(state, _pod, other, node) {
      return updateState(state, other, node, 1);
    },
    removePod(state, _pod, other, node) {
      return updateState(state, other, node, -1);
    },
    filter(state, _pod, node) {
      return filter(state, node);
    },
    preScore(state, pod, _feasible, snapshot) {
      return preScore(state, pod, snapshot, args);
    },
    score(state, _pod, node) {
      return score(state, node);
    },
    normalizeScore(state, _pod, _nodes, scores) {
      normalizeScore(state, scores);
    },
  };
}

/** InterPodAffinity: required pod (anti-)affinity filters nodes; preferred terms and existing pods' terms score them. */
export const interPodAffinity: PluginFactory = { name: NAME, create };
