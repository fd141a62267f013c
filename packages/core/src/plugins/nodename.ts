// kube-scheduler: pkg/scheduler/framework/plugins/nodename/node_name.go (docs/scheduler.md §4.2).
import type { Plugin, PluginContext, PluginFactory } from "../framework/interfaces.js";
import { atLeast } from "../framework/version.js";
import { SUCCESS, unresolvable } from "../framework/status.js";
import type { Node, Pod } from "../model/types.js";

export const NAME = "NodeName";

/** ErrReason. */
export const ERR_REASON = "node(s) didn't match the requested node name";

/** Fits: the pod names no node, or names this one. */
function fits(pod: Pod, node: Node): boolean {
  return pod.nodeName === "" || pod.nodeName === node.name;
}

function create(_args: unknown, ctx: PluginContext): Plugin {
  const rejected = Object.freeze(unresolvable(NAME, ERR_REASON));
  // v1.37.0 added a PreFilter that narrows the search to the named node (PreFilterResult); v1.36.4 has none.
  const preFilter: Plugin["preFilter"] = (_state, pod) => (pod.pod.nodeName === "" ? { status: SUCCESS } : { status: SUCCESS, nodeNames: new Set([pod.pod.nodeName]) });
  return {
    name: NAME,
    ...(atLeast(ctx.version, 37) ? { preFilter } : {}),
    filter(_state, pod, node) {
      return fits(pod.pod, node.node) ? SUCCESS : rejected;
    },
  };
}

/** NodeName: a pod with spec.nodeName only fits that node. */
export const nodeName: PluginFactory = { name: NAME, create };
