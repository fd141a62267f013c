// kube-scheduler: pkg/scheduler/framework/plugins/schedulinggates/scheduling_gates.go (v1.37.1). PreEnqueue only:
// a pod with spec.schedulingGates never enters the active queue; its rejection is UnschedulableAndUnresolvable.
import type { Plugin, PluginFactory } from "../framework/interfaces.js";
import { SUCCESS, unresolvable } from "../framework/status.js";
import type { PodInfo } from "../framework/types.js";

const NAME = "SchedulingGates";

/** SchedulingGates.PreEnqueue: `waiting for scheduling gates: [a b]` (Go's %v of the gate names). */
function preEnqueue(pod: PodInfo) {
  const gates = pod.pod.schedulingGates;
  if (gates === undefined || gates.length === 0) return SUCCESS;
  return unresolvable(NAME, `waiting for scheduling gates: [${gates.join(" ")}]`);
}

export const schedulingGates: PluginFactory = { name: NAME, create: (): Plugin => ({ name: NAME, preEnqueue }) };
