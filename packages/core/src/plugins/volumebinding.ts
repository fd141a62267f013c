// kube-scheduler: pkg/scheduler/framework/plugins/volumebinding/volume_binding.go, for pods without
// PersistentVolumeClaims (schedkit models none): PreFilter Skips, so Filter never runs; PreScore Skips
// unless StorageCapacityScoring is on (beta, on by default since v1.37.0), and then Score is 0 on every node
// (no podVolumesByNode entry) with no NormalizeScore.
import type { Plugin, PluginContext, PluginFactory } from "../framework/interfaces.js";
import { SKIP, SUCCESS } from "../framework/status.js";

const NAME = "VolumeBinding";

function create(_args: unknown, ctx: PluginContext): Plugin {
  const scoring = ctx.features.storageCapacityScoring;
  return {
    name: NAME,
    preScore: () => (scoring ? SUCCESS : SKIP),
    scoresZero: true,
  };
}

/** VolumeBinding: listed among the scores with 0 everywhere when StorageCapacityScoring is on. */
export const volumeBinding: PluginFactory = { name: NAME, create };
