// kube-scheduler: plugins/podtopologyspread/plugin.go (args, defaulting) wiring filtering.go and scoring.go.
import { SchedkitError } from "../../errors.js";
import type { Plugin, PluginContext, PluginFactory } from "../../framework/interfaces.js";
import type { PodInfo, SnapshotView } from "../../framework/types.js";
import { compileLabelSelector } from "../../labels/selector.js";
import { defaultSelector } from "../helper/spread.js";
import { qualifiedNameProblem } from "../../labels/validation.js";
import { INT32_MAX, asObject, child, field, index, isObject, optInteger, stringField } from "../../model/json.js";
import { LABEL_HOSTNAME, LABEL_TOPOLOGY_ZONE, NAME, filterConstraints, type CompiledConstraint, type WhenUnsatisfiable } from "./common.js";
import { filter, preFilter, updateState, type CountOptions } from "./filtering.js";
import { normalizeScore, preScore, score } from "./scoring.js";

/** How constraints are defaulted for pods that set none (PodTopologySpreadArgs.defaultingType). */
type DefaultingType = "System" | "List";

/** A default constraint as configured (its selector is deduced per pod, so it has none). */
interface DefaultConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: WhenUnsatisfiable;
}

/** PodTopologySpreadArgs after defaulting and validation. */
export interface PodTopologySpreadArgs {
  readonly defaultConstraints: readonly DefaultConstraint[];
  readonly defaultingType: DefaultingType;
}

/** systemDefaultConstraints (plugin.go): what defaultingType System gives pods without constraints. */
const SYSTEM_DEFAULT_CONSTRAINTS: readonly DefaultConstraint[] = Object.freeze([
  { maxSkew: 3, topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: "ScheduleAnyway" },
  { maxSkew: 5, topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: "ScheduleAnyway" },
]);

const WHEN_UNSATISFIABLE: readonly string[] = ["DoNotSchedule", "ScheduleAnyway"];

/** SetDefaults_PodTopologySpreadArgs + ValidatePodTopologySpreadArgs. Throws SchedkitError naming the field. */
export function parsePodTopologySpreadArgs(args: unknown, path: string): PodTopologySpreadArgs {
  if (args === undefined || args === null) return { defaultConstraints: [], defaultingType: "System" };
  const o = asObject(args, path);
  const typePath = child(path, "defaultingType");
  const rawType = field(o, "defaultingType");
  if (rawType !== undefined && rawType !== "" && rawType !== "System" && rawType !== "List") {
    throw new SchedkitError(typePath, rawType, 'is not a supported defaulting type ("List" or "System")');
  }
  const defaultingType: DefaultingType = rawType === "List" ? "List" : "System";

  const listPath = child(path, "defaultConstraints");
  const rawList = field(o, "defaultConstraints");
  if (rawList !== undefined && !Array.isArray(rawList)) throw new SchedkitError(listPath, rawList, "is not a list of constraints");
  const defaultConstraints: DefaultConstraint[] = [];
  ((rawList ?? []) as unknown[]).forEach((item, i) => {
    const p = index(listPath, i);
    const c = asObject(item, p);
    const maxSkew = optInteger(c, "maxSkew", p, -2147483648, INT32_MAX) ?? 0;
    if (maxSkew <= 0) throw new SchedkitError(child(p, "maxSkew"), maxSkew, "not in valid range (0, inf)");
    const topologyKey = stringField(c, "topologyKey", p);
    if (topologyKey === "") throw new SchedkitError(child(p, "topologyKey"), topologyKey, "can not be empty");
    const keyProblem = qualifiedNameProblem(topologyKey);
    if (keyProblem !== "") throw new SchedkitError(child(p, "topologyKey"), topologyKey, keyProblem);
    const when = stringField(c, "whenUnsatisfiable", p);
    if (when === "") throw new SchedkitError(child(p, "whenUnsatisfiable"), when, "can not be empty");
    if (!WHEN_UNSATISFIABLE.includes(when)) {
      throw new SchedkitError(child(p, "whenUnsatisfiable"), when, 'is not supported ("DoNotSchedule" or "ScheduleAnyway")');
    }
    if (isObject(field(c, "labelSelector"))) {
      throw new SchedkitError(child(p, "labelSelector"), field(c, "labelSelector"), "is forbidden: constraint must not define a selector, as they deduced for each pod");
    }
    if (defaultConstraints.some((d) => d.topologyKey === topologyKey && d.whenUnsatisfiable === when)) {
      throw new SchedkitError(p, `{${topologyKey}, ${when}}`, "is a duplicate");
    }
    defaultConstraints.push({ maxSkew, topologyKey, whenUnsatisfiable: when as WhenUnsatisfiable });
  });
  if (defaultingType === "System" && defaultConstraints.length > 0) {
    throw new SchedkitError(typePath, "System", "is invalid when .defaultConstraints are not empty");
  }
  return { defaultConstraints, defaultingType };
}

/**
 * @internal The plugin's getConstraints(pod) for DoNotSchedule, which its queueing hints read (plugin.go
 * isSchedulableAfterAssignedPodChange / isSchedulableAfterNodeChange): the pod's own hard constraints, else the
 * profile's default ones with the selector its Services and controllers give (none when that is empty).
 */
export interface SpreadHintSource {
  hardConstraints(pod: PodInfo, snapshot: SnapshotView): readonly CompiledConstraint[];
}

function create(rawArgs: unknown, ctx: PluginContext, path: string): Plugin & SpreadHintSource {
  const args = parsePodTopologySpreadArgs(rawArgs, path);
  const systemDefaulted = args.defaultingType === "System";
  const opts: CountOptions = {
    nodeInclusionPolicy: ctx.features.nodeInclusionPolicyInPodTopologySpread,
    taintComparisonOperators: ctx.features.taintTolerationComparisonOperators,
  };

  // getConstraints / initPreScoreState: the pod's own constraints with the given action, else the default
  // constraints (buildDefaultConstraints) with the selector helper.DefaultSelector deduces from the Services and
  // controllers selecting the pod, and none when that selector is empty.
  const defaults = systemDefaulted ? SYSTEM_DEFAULT_CONSTRAINTS : args.defaultConstraints;
  const constraintsFor = (pod: PodInfo, action: WhenUnsatisfiable, snapshot: SnapshotView): readonly CompiledConstraint[] => {
    const own = pod.pod.topologySpreadConstraints;
    if (own.length > 0) return filterConstraints(own, pod.pod.labels, action, opts.nodeInclusionPolicy);
    if (!defaults.some((d) => d.whenUnsatisfiable === action) || snapshot.selecting === undefined || snapshot.selecting.empty) return [];
    const requirements = defaultSelector(pod.pod, snapshot.selecting);
    if (requirements.length === 0) return [];
    const selector = compileLabelSelector({ matchLabels: new Map(), matchExpressions: requirements });
    return defaults
      .filter((d) => d.whenUnsatisfiable === action)
      .map((d) => ({
        maxSkew: d.maxSkew,
        topologyKey: d.topologyKey,
        selector,
        countsExisting: true,
        minDomains: 1,
        nodeAffinityHonored: true,
        nodeTaintsHonored: false,
      }));
  };

  return {
    name: NAME,
    hardConstraints: (pod, snapshot) => constraintsFor(pod, "DoNotSchedule", snapshot),
    preFilter(state, pod, snapshot) {
      return preFilter(state, pod, snapshot, constraintsFor(pod, "DoNotSchedule", snapshot), opts);
    },
    addPod(state, pod, other, node) {
      return updateState(state, pod, other, node, 1, opts);
    },
    removePod(state, pod, other, node) {
      return updateState(state, pod, other, node, -1, opts);
    },
    filter(state, _pod, node) {
      return filter(state, node);
    },
    preScore(state, pod, feasible, snapshot) {
      // Only non-system-default rules require every topology key on a node (so zone-less nodes still get
      // hostname spreading under the system defaults).
      const requireAllTopologies = pod.pod.topologySpreadConstraints.length > 0 || !systemDefaulted;
      return preScore(state, pod, feasible, snapshot, constraintsFor(pod, "ScheduleAnyway", snapshot), requireAllTopologies, opts);
    },
    score(state, _pod, node) {
      return score(state, node);
    },
    normalizeScore(state, _pod, nodes, scores) {
      normalizeScore(state, nodes, scores);
    },
  };
}

/** PodTopologySpread: hard spread constraints filter nodes by skew, soft ones prefer less crowded domains. */
export const podTopologySpread: PluginFactory = { name: NAME, create };
