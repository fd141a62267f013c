// kube-scheduler: pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go (docs/scheduler.md §4.1).
import type { Plugin, PluginContext, PluginFactory } from "../framework/interfaces.js";
import { SUCCESS, unresolvable } from "../framework/status.js";
import { tolerationsTolerateTaint } from "../labels/toleration.js";
import type { Taint } from "../model/types.js";

export const NAME = "NodeUnschedulable";

/** ErrReasonUnschedulable. */
export const ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";

// A pod tolerating the cordon taint (v1.TaintNodeUnschedulable, NoSchedule) also tolerates spec.unschedulable.
const UNSCHEDULABLE_TAINT: Taint = Object.freeze({ key: "node.kubernetes.io/unschedulable", value: "", effect: "NoSchedule" });

function create(_args: unknown, ctx: PluginContext): Plugin {
  const rejected = Object.freeze(unresolvable(NAME, ERR_REASON_UNSCHEDULABLE));
  const comparisonOperators = ctx.features.taintTolerationComparisonOperators;
  return {
    name: NAME,
    filter(_state, pod, node) {
      if (!node.node.unschedulable) return SUCCESS;
      return tolerationsTolerateTaint(pod.pod.tolerations, UNSCHEDULABLE_TAINT, comparisonOperators) ? SUCCESS : rejected;
    },
  };
}

/** NodeUnschedulable: rejects cordoned nodes unless the pod tolerates the unschedulable taint. */
export const nodeUnschedulable: PluginFactory = { name: NAME, create };
