// kube-scheduler: pkg/scheduler/framework/plugins/dynamicresources/dynamicresources.go, for pods without
// ResourceClaims (schedkit models none): PreFilter records an empty state and Skips, Score is 0, and PostFilter
// has nothing to deallocate.
import { stateKey, type CycleState, type Plugin, type PluginContext, type PluginFactory } from "../framework/interfaces.js";
import { SKIP } from "../framework/status.js";
import { atLeast } from "../framework/version.js";

export const NAME = "DynamicResources";

const STATE_KEY = stateKey<boolean>("PreFilter" + NAME);

/** What DynamicResources.PostFilter returns for a pod without claims. */
export interface DynamicResourcesPostFilter {
  readonly code: "Unschedulable" | "Error";
  /** The status message ("" for a status without reasons). */
  readonly message: string;
}

function create(_args: unknown, ctx: PluginContext): Plugin {
  const enabled = ctx.features.dynamicResources;
  return {
    name: NAME,
    preFilter(state) {
      // PreFilter writes its (empty) state before finding that the pod references no claim.
      if (enabled) state.write(STATE_KEY, true);
      return { status: SKIP };
    },
    postFilter(state) {
      const { code, message } = dynamicResourcesPostFilter(state, ctx);
      return { status: { code, reasons: message === "" ? [] : [message], plugin: NAME } };
    },
    // Score (v1.35+) returns 0 without claims; NormalizeScore (DefaultNormalizeScore) keeps all-zero scores at 0.
    scoresZero: atLeast(ctx.version, 35),
  };
}

/**
 * PostFilter for a pod without claims. v1.37.0 dropped the reasons of both early returns (v1.36.4:
 * "plugin disabled" / "no new claims to deallocate"). PostFilter reads the PreFilter state first: when a
 * PreFilter plugin ordered earlier rejected the pod (UnschedulableAndUnresolvable ends RunPreFilterPlugins),
 * the state was never written and the read fails with framework.ErrNotFound, an Error status "not found" that
 * ends RunPostFilterPlugins before DefaultPreemption runs.
 */
export function dynamicResourcesPostFilter(state: CycleState, ctx: PluginContext): DynamicResourcesPostFilter {
  const v137 = atLeast(ctx.version, 37);
  if (!ctx.features.dynamicResources) return { code: "Unschedulable", message: v137 ? "" : "plugin disabled" };
  if (state.read(STATE_KEY) !== true) return { code: "Error", message: "not found" };
  return { code: "Unschedulable", message: v137 ? "" : "no new claims to deallocate" };
}

/** DynamicResources (DRA): inert for claim-less pods, but present in the profile, the scores and the FailedScheduling message. */
export const dynamicResources: PluginFactory = { name: NAME, create };
