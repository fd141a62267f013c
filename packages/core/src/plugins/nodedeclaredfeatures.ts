// kube-scheduler: pkg/scheduler/framework/plugins/nodedeclaredfeatures/nodedeclaredfeatures.go with the
// feature registry of k8s.io/component-helpers/nodedeclaredfeatures (features/registry.go AllFeatures) of each
// release. PreFilter infers the node features the pod needs (Skip when none); Filter rejects a node whose
// status.declaredFeatures lacks one of them.
import type { Plugin, PluginContext, PluginFactory } from "../framework/interfaces.js";
import { SKIP, SUCCESS, unresolvable } from "../framework/status.js";
import { atLeast } from "../framework/version.js";
import type { NodeFeatureUse } from "../model/types.js";

export const NAME = "NodeDeclaredFeatures";

/** errReasonUnsatisfiedRequirements. */
const ERR_REASON = "node(s) didn't match Pod's required features";

const STATE_KEY = "PreFilter" + NAME;

/** The features InferForScheduling can require, the release whose registry added them, and the pod field. */
const FEATURES: readonly { readonly name: string; readonly since: number; readonly used: (u: NodeFeatureUse) => boolean }[] = [
  // component-helpers v0.35: restartallcontainers (the other two registered features only infer for updates).
  { name: "RestartAllContainersOnContainerExits", since: 35, used: (u) => u.restartAllContainers },
  // v0.36 adds usernamespaceshostnetwork.
  { name: "UserNamespacesHostNetworkSupport", since: 36, used: (u) => u.hostNetworkUserNamespace },
  // v0.37 adds volumebindmountoptions.
  { name: "VolumeBindMountOptions", since: 37, used: (u) => u.volumeBindMountOptions },
];

function create(_args: unknown, ctx: PluginContext): Plugin {
  const enabled = ctx.features.nodeDeclaredFeatures;
  const registry = FEATURES.filter((f) => atLeast(ctx.version, f.since));
  const rejected = Object.freeze(unresolvable(NAME, ERR_REASON));
  return {
    name: NAME,
    preFilter(state, pod) {
      const use = pod.pod.nodeFeatureUse;
      if (!enabled || use === undefined) return { status: SKIP };
      const reqs = registry.filter((f) => f.used(use)).map((f) => f.name);
      if (reqs.length === 0) return { status: SKIP };
      state.write(STATE_KEY, reqs);
      return { status: SUCCESS };
    },
    filter(state, _pod, node) {
      const reqs = state.read<readonly string[]>(STATE_KEY);
      if (reqs === undefined) return SUCCESS;
      const declared = node.node.declaredFeatures ?? [];
      for (const r of reqs) if (!declared.includes(r)) return rejected;
      return SUCCESS;
    },
  };
}

/** NodeDeclaredFeatures: a pod using a feature only fits nodes that declare it. */
export const nodeDeclaredFeatures: PluginFactory = { name: NAME, create };
