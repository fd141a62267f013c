// kube-scheduler: pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go (docs/scheduler.md §4.3, §5.8).
import type { CycleState, Plugin, PluginContext, PluginFactory } from "../framework/interfaces.js";
import { PluginStatusError, SUCCESS, errorStatus, unresolvable, type Status } from "../framework/status.js";
import { atLeast, type KubeVersion } from "../framework/version.js";
import { firstUntoleratedTaint, tolerationsTolerateTaint } from "../labels/toleration.js";
import type { Taint, Toleration } from "../model/types.js";
import { defaultNormalizeScore } from "./helper/normalize-score.js";

export const NAME = "TaintToleration";

/** The Filter reason since kubernetes/kubernetes#134740 (v1.35; back-ported to v1.34.2 as #135023). */
export const ERR_REASON_UNTOLERATED = "node(s) had untolerated taint(s)";

const PRE_SCORE_KEY = "PreScore" + NAME;

/** Whether this release reports the generic taint reason instead of `{key: value}` (CHANGELOG-1.34: v1.34.2). */
export function genericTaintReason(v: KubeVersion): boolean {
  return atLeast(v, 34, 2);
}

/** The reason releases before the back-port gave: the first untolerated taint as `{key: value}`. */
export function legacyTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value}}`;
}

// getAllTolerationPreferNoSchedule: an empty effect covers every effect, PreferNoSchedule included.
function preferNoScheduleTolerations(tolerations: readonly Toleration[]): Toleration[] {
  const out: Toleration[] = [];
  for (const t of tolerations) if (t.effect === "" || t.effect === "PreferNoSchedule") out.push(t);
  return out;
}

function create(_args: unknown, ctx: PluginContext): Plugin {
  const comparisonOperators = ctx.features.taintTolerationComparisonOperators;
  const legacy = new WeakMap<Taint, Status>();
  const generic: Status | null = genericTaintReason(ctx.version) ? Object.freeze(unresolvable(NAME, ERR_REASON_UNTOLERATED)) : null;
  return {
    name: NAME,
    filter(_state, pod, node) {
      const taint = firstUntoleratedTaint(node.node.taints, pod.pod.tolerations, comparisonOperators);
      if (taint === undefined) return SUCCESS;
      if (generic !== null) return generic;
      // Node taints live as long as the cluster: each legacy reason is built once per taint.
      let s = legacy.get(taint);
      if (s === undefined) legacy.set(taint, (s = Object.freeze(unresolvable(NAME, legacyTaintReason(taint)))));
      return s;
    },
    preScore(state, pod) {
      state.write(PRE_SCORE_KEY, preferNoScheduleTolerations(pod.pod.tolerations));
      return SUCCESS;
    },
    score(state: CycleState, _pod, node) {
      const tolerations = state.read<Toleration[]>(PRE_SCORE_KEY);
      // Upstream Score errors when PreScore did not run (getPreScoreState).
      if (tolerations === undefined) {
        throw new PluginStatusError(errorStatus(NAME, `failed to read "${PRE_SCORE_KEY}" from cycleState: not found`));
      }
      let intolerable = 0;
      for (const taint of node.node.taints) {
        if (taint.effect !== "PreferNoSchedule") continue;
        if (!tolerationsTolerateTaint(tolerations, taint, comparisonOperators)) intolerable++;
      }
      return intolerable;
    },
    normalizeScore(_state, _pod, _nodes, scores) {
      defaultNormalizeScore(scores, true);
    },
  };
}

/** TaintToleration: filters on NoSchedule/NoExecute taints, prefers nodes with fewer intolerable PreferNoSchedule taints. */
export const taintToleration: PluginFactory = { name: NAME, create };
