// kube-scheduler: pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go (docs/scheduler.md §4.4, §5.8);
// args: apis/config NodeAffinityArgs and validation.ValidateNodeAffinityArgs.
import { SchedkitError } from "../errors.js";
import type { CycleState, Plugin, PluginContext, PluginFactory, PreFilterResult } from "../framework/interfaces.js";
import { PluginStatusError, SKIP, SUCCESS, errorStatus, unresolvable } from "../framework/status.js";
import {
  NodeSelectorMatcher,
  RequiredNodeAffinity,
  parsePreferredTerms,
  termMatches,
  type ParsedPreferredTerm,
} from "../labels/nodeselector.js";
import {
  INT32_MAX,
  INT32_MIN,
  arrayField,
  asObject,
  child,
  field,
  index,
  optInteger,
  optObject,
  stringArrayField,
  stringField,
  type JsonObject,
} from "../model/json.js";
import type { Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from "../model/types.js";
import { defaultNormalizeScore } from "./helper/normalize-score.js";

export const NAME = "NodeAffinity";

/** ErrReasonPod. */
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
/** errReasonEnforced: the plugin's addedAffinity rejected the node. */
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
/** errReasonConflict: PreFilter found the matchFields node-name sets of every term empty. */
export const ERR_REASON_CONFLICT = "pod affinity terms conflict";

const PRE_FILTER_KEY = "PreFilter" + NAME;
const PRE_SCORE_KEY = "PreScore" + NAME;
const OBJECT_NAME_FIELD = "metadata.name";

/** NodeAffinityArgs: node affinity the scheduler adds to every pod of the profile. */
export interface NodeAffinityArgs {
  readonly addedAffinity: {
    readonly required: { readonly nodeSelectorTerms: readonly NodeSelectorTerm[] } | null;
    readonly preferred: readonly PreferredSchedulingTerm[];
  } | null;
}

// --- args decoding (the v1 JSON shape of NodeAffinityArgs.addedAffinity; unknown fields ignored like model/json.ts)

function requirements(o: JsonObject, key: string, path: string): NodeSelectorRequirement[] {
  const p = child(path, key);
  return arrayField(o, key, path).map((r, i) => {
    const rp = index(p, i);
    const ro = asObject(r, rp);
    return { key: stringField(ro, "key", rp), operator: stringField(ro, "operator", rp), values: stringArrayField(ro, "values", rp) };
  });
}

function selectorTerm(v: unknown, path: string): NodeSelectorTerm {
  if (v === undefined || v === null) return { matchExpressions: [], matchFields: [] };
  const o = asObject(v, path);
  return { matchExpressions: requirements(o, "matchExpressions", path), matchFields: requirements(o, "matchFields", path) };
}

/** Decodes `pluginConfig[].args` of NodeAffinity (validation happens when the plugin is created). */
export function parseNodeAffinityArgs(args: unknown, path: string): NodeAffinityArgs {
  if (args === undefined || args === null) return { addedAffinity: null };
  const added = optObject(asObject(args, path), "addedAffinity", path);
  if (added === undefined) return { addedAffinity: null };
  const ap = child(path, "addedAffinity");
  const req = optObject(added, "requiredDuringSchedulingIgnoredDuringExecution", ap);
  const rp = child(ap, "requiredDuringSchedulingIgnoredDuringExecution");
  const required =
    req === undefined
      ? null
      : { nodeSelectorTerms: arrayField(req, "nodeSelectorTerms", rp).map((t, i) => selectorTerm(t, index(child(rp, "nodeSelectorTerms"), i))) };
  const pp = child(ap, "preferredDuringSchedulingIgnoredDuringExecution");
  const preferred = arrayField(added, "preferredDuringSchedulingIgnoredDuringExecution", ap).map((t, i) => {
    const tp = index(pp, i);
    const to = asObject(t, tp);
    return {
      weight: optInteger(to, "weight", tp, INT32_MIN, INT32_MAX) ?? 0,
      preference: selectorTerm(field(to, "preference"), child(tp, "preference")),
    };
  });
  return { addedAffinity: { required, preferred } };
}

// --- plugin

/** utilerrors.NewAggregate(errs).Error(): one message as is, several deduplicated inside brackets. */
function aggregateMessage(errors: readonly string[]): string {
  if (errors.length === 1) return errors[0]!;
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(", ")}]`;
}

function weightSum(terms: readonly ParsedPreferredTerm[], node: Node): number {
  let sum = 0;
  for (const t of terms) if (termMatches(t.term, node)) sum += t.weight;
  return sum;
}

/**
 * The node names a pod's required terms restrict it to (PreFilterResult): per term the intersection of its
 * `metadata.name In` field requirements, across terms the union; null when some term names no node.
 */
export function requiredNodeNames(terms: readonly NodeSelectorTerm[]): Set<string> | null {
  let names: Set<string> | null = null;
  for (const t of terms) {
    let termNames: Set<string> | null = null;
    for (const r of t.matchFields) {
      if (r.key !== OBJECT_NAME_FIELD || r.operator !== "In") continue;
      if (termNames === null) termNames = new Set(r.values);
      else {
        const next = new Set<string>();
        for (const v of r.values) if (termNames.has(v)) next.add(v);
        termNames = next;
      }
    }
    // The terms are ORed: a term without a node-name requirement admits every node.
    if (termNames === null) return null;
    names ??= new Set<string>();
    for (const n of termNames) names.add(n);
  }
  return names;
}

function preferredOf(pod: Pod): readonly PreferredSchedulingTerm[] {
  return pod.affinity.nodeAffinity?.preferred ?? [];
}

const SKIP_RESULT: PreFilterResult = Object.freeze({ status: SKIP, nodeNames: null });
const ALL_NODES: PreFilterResult = Object.freeze({ status: SUCCESS, nodeNames: null });
const NO_PREFERRED: readonly ParsedPreferredTerm[] = Object.freeze([]);

function create(rawArgs: unknown, _ctx: PluginContext, path: string): Plugin {
  const args = parseNodeAffinityArgs(rawArgs, path);
  let addedSelector: NodeSelectorMatcher | null = null;
  let addedPreferred: readonly ParsedPreferredTerm[] | null = null;
  const added = args.addedAffinity;
  if (added !== null) {
    // ValidateNodeAffinityArgs: unlike a pod's own required terms, a broken added term is a config error.
    const ap = `${path}.addedAffinity`;
    if (added.required !== null) {
      const rp = `${ap}.requiredDuringSchedulingIgnoredDuringExecution`;
      addedSelector = new NodeSelectorMatcher(added.required.nodeSelectorTerms, `${rp}.nodeSelectorTerms`);
      if (addedSelector.errors.length > 0) {
        throw new SchedkitError(rp, added.required, `is not a valid node selector: ${addedSelector.errors.join("; ")}`);
      }
    }
    if (added.preferred.length > 0) {
      const pp = `${ap}.preferredDuringSchedulingIgnoredDuringExecution`;
      const errors: string[] = [];
      addedPreferred = parsePreferredTerms(added.preferred, errors, pp);
      if (errors.length > 0) throw new SchedkitError(pp, added.preferred, `are not valid preferred terms: ${errors.join("; ")}`);
    }
  }
  const enforcedRejection = Object.freeze(unresolvable(NAME, ERR_REASON_ENFORCED));
  const podRejection = Object.freeze(unresolvable(NAME, ERR_REASON_POD));
  const conflict: PreFilterResult = Object.freeze({ status: Object.freeze(unresolvable(NAME, ERR_REASON_CONFLICT)), nodeNames: null });

  // getPodPreferredNodeAffinity: any parse error in the pod's preferred terms is an Error status.
  function parsePodPreferred(pod: Pod): { terms: readonly ParsedPreferredTerm[] | null; error: string | null } {
    const preferred = preferredOf(pod);
    if (preferred.length === 0) return { terms: null, error: null };
    const errors: string[] = [];
    const terms = parsePreferredTerms(preferred, errors, "");
    return errors.length > 0 ? { terms: null, error: aggregateMessage(errors) } : { terms, error: null };
  }

  return {
    name: NAME,
    preFilter(state: CycleState, pod) {
      const p = pod.pod;
      const required = p.affinity.nodeAffinity?.required ?? null;
      if (required === null && addedSelector === null && p.nodeSelector.size === 0) return SKIP_RESULT;
      state.write(PRE_FILTER_KEY, new RequiredNodeAffinity(p));
      if (required === null || required.nodeSelectorTerms.length === 0) return ALL_NODES;
      const names = requiredNodeNames(required.nodeSelectorTerms);
      if (names === null) return ALL_NODES;
      return names.size === 0 ? conflict : { status: SUCCESS, nodeNames: names };
    },
    filter(state, pod, node) {
      if (addedSelector !== null && !addedSelector.matches(node.node)) return enforcedRejection;
      // Without PreFilter (direct use) the matcher is built here, as upstream's fallback does.
      const required = state.read<RequiredNodeAffinity>(PRE_FILTER_KEY) ?? new RequiredNodeAffinity(pod.pod);
      return required.matches(node.node) ? SUCCESS : podRejection;
    },
    preScore(state, pod) {
      const { terms, error } = parsePodPreferred(pod.pod);
      if (error !== null) return errorStatus(NAME, error);
      if (terms === null && addedPreferred === null) return SKIP;
      state.write(PRE_SCORE_KEY, terms ?? NO_PREFERRED);
      return SUCCESS;
    },
    score(state, pod, node) {
      let count = addedPreferred === null ? 0 : weightSum(addedPreferred, node.node);
      let terms = state.read<readonly ParsedPreferredTerm[]>(PRE_SCORE_KEY);
      if (terms === undefined) {
        const parsed = parsePodPreferred(pod.pod);
        if (parsed.error !== null) throw new PluginStatusError(errorStatus(NAME, parsed.error));
        terms = parsed.terms ?? NO_PREFERRED;
      }
      count += weightSum(terms, node.node);
      return count;
    },
    normalizeScore(_state, _pod, _nodes, scores) {
      defaultNormalizeScore(scores, false);
    },
  };
}

/** NodeAffinity: nodeSelector and required node affinity as a filter, preferred terms as a score. */
export const nodeAffinity: PluginFactory = { name: NAME, create };
