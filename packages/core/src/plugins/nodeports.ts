// kube-scheduler: pkg/scheduler/framework/plugins/nodeports/node_ports.go and framework HostPortInfo.CheckConflict
// (docs/scheduler.md §4.5).
import type { Plugin, PluginFactory, PreFilterResult } from "../framework/interfaces.js";
import { SKIP, SUCCESS, unschedulable } from "../framework/status.js";
import type { HostPort, NodeInfo, PodInfo } from "../framework/types.js";

export const NAME = "NodePorts";

/** ErrReason. */
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

const BIND_ALL = "0.0.0.0";

// HostPortInfo.CheckConflict: same protocol and port, and either side binds all addresses or both bind the same one.
// Ports arrive with the defaults applied (hostIP 0.0.0.0, protocol TCP) and hostPort > 0.
export function conflicts(want: HostPort, used: readonly HostPort[]): boolean {
  for (const u of used) {
    if (u.hostPort !== want.hostPort || u.protocol !== want.protocol) continue;
    if (want.hostIP === BIND_ALL || u.hostIP === BIND_ALL || u.hostIP === want.hostIP) return true;
  }
  return false;
}

/** Fits: none of the pod's host ports conflicts with the ports already used on the node. */
export function fits(pod: PodInfo, node: NodeInfo): boolean {
  for (const want of pod.hostPorts) if (conflicts(want, node.usedPorts)) return false;
  return true;
}

const SKIP_RESULT: PreFilterResult = Object.freeze({ status: SKIP, nodeNames: null });
const ALL_NODES: PreFilterResult = Object.freeze({ status: SUCCESS, nodeNames: null });

function create(): Plugin {
  const rejected = Object.freeze(unschedulable(NAME, ERR_REASON));
  return {
    name: NAME,
    preFilter(_state, pod) {
      // GetHostPorts: container ports and sidecar (restartable init container) ports with hostPort > 0.
      return pod.hostPorts.length === 0 ? SKIP_RESULT : ALL_NODES;
    },
    filter(_state, pod, node) {
      return fits(pod, node) ? SUCCESS : rejected;
    },
  };
}

/** NodePorts: rejects nodes where a requested host port is already taken. */
export const nodePorts: PluginFactory = { name: NAME, create };
