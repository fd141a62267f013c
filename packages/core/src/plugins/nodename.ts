// kube-scheduler: pkg/scheduler/framework/plugins/nodename/node_name.go (spec §4.2).
import type { Plugin, PluginFactory } from "../framework/interfaces.js";
import { SUCCESS, unresolvable } from "../framework/status.js";
import type { Node, Pod } from "../model/types.js";

export const NAME = "NodeName";

/** ErrReason. */
export const ERR_REASON = "node(s) didn't match the requested node name";

/** Fits: the pod names no node, or names this one. */
export function fits(pod: Pod, node: Node): boolean {
  return pod.nodeName === "" || pod.nodeName === node.name;
}

function create(): Plugin {
  const rejected = Object.freeze(unresolvable(NAME, ERR_REASON));
  return {
    name: NAME,
    filter(_state, pod, node) {
      return fits(pod.pod, node.node) ? SUCCESS : rejected;
    },
  };
}

/** NodeName: a pod with spec.nodeName only fits that node. */
export const nodeName: PluginFactory = { name: NAME, create };
