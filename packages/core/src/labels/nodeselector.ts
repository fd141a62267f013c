// component-helpers: scheduling/corev1/nodeaffinity (LazyErrorNodeSelector, RequiredNodeAffinity,
// PreferredSchedulingTerms) and apimachinery labels.NewRequirement validation.
import type { Labels, Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from "../model/types.js";
import { labelValueProblem, qualifiedNameProblem } from "./validation.js";
import { mapSelectorMatches } from "./selector.js";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL = /^[+-]?[0-9]+$/;

/** strconv.ParseInt(s, 10, 64); null when Go would return an error. */
export function parseInt64(s: string): bigint | null {
  if (!DECIMAL.test(s)) return null;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? null : v;
}

type LabelReq =
  | { readonly kind: "in" | "notin"; readonly key: string; readonly values: readonly string[] }
  | { readonly kind: "exists" | "doesnotexist"; readonly key: string }
  | { readonly kind: "gt" | "lt"; readonly key: string; readonly bound: bigint };

/** A parsed node selector term; null fields mean "no requirement of that kind". */
export interface ParsedTerm {
  readonly labels: readonly LabelReq[] | null;
  /** metadata.name requirements: In (must equal) / NotIn (must differ). */
  readonly fields: readonly { readonly equal: boolean; readonly name: string }[] | null;
}

function parseExpression(r: NodeSelectorRequirement, path: string, errors: string[]): LabelReq | null {
  const before = errors.length;
  const keyProblem = qualifiedNameProblem(r.key);
  if (keyProblem !== "") errors.push(`${path}.key: ${JSON.stringify(r.key)} ${keyProblem}`);
  let req: LabelReq | null = null;
  switch (r.operator) {
    case "In":
    case "NotIn":
      if (r.values.length === 0) errors.push(`${path}.values: for 'in', 'notin' operators, values set can't be empty`);
      req = { kind: r.operator === "In" ? "in" : "notin", key: r.key, values: r.values };
      break;
    case "Exists":
    case "DoesNotExist":
      if (r.values.length !== 0) errors.push(`${path}.values: values set must be empty for exists and does not exist`);
      req = { kind: r.operator === "Exists" ? "exists" : "doesnotexist", key: r.key };
      break;
    case "Gt":
    case "Lt": {
      if (r.values.length !== 1) errors.push(`${path}.values: for 'Gt', 'Lt' operators, exactly one value is required`);
      const bound = r.values.length === 1 ? parseInt64(r.values[0]!) : null;
      if (r.values.length === 1 && bound === null) {
        errors.push(`${path}.values[0]: for 'Gt', 'Lt' operators, the value must be an integer`);
      }
      if (bound !== null) req = { kind: r.operator === "Gt" ? "gt" : "lt", key: r.key, bound };
      break;
    }
    default:
      errors.push(`${path}.operator: ${JSON.stringify(r.operator)} is not a valid node selector operator`);
  }
  // labels.NewRequirement validates every value as a label value, whatever the operator.
  r.values.forEach((v, i) => {
    const p = labelValueProblem(v);
    if (p !== "") errors.push(`${path}.values[${i}]: ${JSON.stringify(v)} ${p}`);
  });
  return errors.length === before ? req : null;
}

/** Parses one term; returns null (with errors appended) when any requirement is invalid. */
function parseNodeSelectorTerm(term: NodeSelectorTerm, path: string, errors: string[]): ParsedTerm | null {
  const before = errors.length;
  let labels: LabelReq[] | null = null;
  let fields: { equal: boolean; name: string }[] | null = null;
  if (term.matchExpressions.length > 0) {
    labels = [];
    term.matchExpressions.forEach((r, i) => {
      const req = parseExpression(r, `${path}.matchExpressions[${i}]`, errors);
      if (req !== null) labels!.push(req);
    });
  }
  if (term.matchFields.length > 0) {
    fields = [];
    term.matchFields.forEach((r, i) => {
      const p = `${path}.matchFields[${i}]`;
      if (r.key !== "metadata.name") {
        errors.push(`${p}.key: ${JSON.stringify(r.key)} is not a supported node field selector (only metadata.name)`);
      } else if (r.operator !== "In" && r.operator !== "NotIn") {
        errors.push(`${p}.operator: ${JSON.stringify(r.operator)} is not a valid node field selector operator`);
      } else if (r.values.length !== 1) {
        errors.push(`${p}.values: unexpected number of value (${r.values.length}) for node field selector operator ${JSON.stringify(r.operator)}`);
      } else {
        fields!.push({ equal: r.operator === "In", name: r.values[0]! });
      }
    });
  }
  return errors.length === before ? { labels, fields } : null;
}

function labelReqMatches(r: LabelReq, labels: Labels): boolean {
  const v = labels.get(r.key);
  switch (r.kind) {
    case "in":
      return v !== undefined && r.values.includes(v);
    case "notin":
      return v === undefined || !r.values.includes(v);
    case "exists":
      return v !== undefined;
    case "doesnotexist":
      return v === undefined;
    case "gt":
    case "lt": {
      if (v === undefined) return false;
      const n = parseInt64(v);
      if (n === null) return false;
      return r.kind === "gt" ? n > r.bound : n < r.bound;
    }
  }
}

/** Whether a parsed term matches the node. Field requirements are skipped for a node without a name, as upstream. */
export function termMatches(t: ParsedTerm, node: Node): boolean {
  if (t.labels !== null) for (const r of t.labels) if (!labelReqMatches(r, node.labels)) return false;
  if (t.fields !== null && node.name !== "") {
    for (const f of t.fields) if ((node.name === f.name) !== f.equal) return false;
  }
  return true;
}

function isEmptyTerm(t: NodeSelectorTerm): boolean {
  return t.matchExpressions.length === 0 && t.matchFields.length === 0;
}

/**
 * Required node selector terms, ORed. Empty terms are skipped, terms that fail to parse never match
 * (LazyErrorNodeSelector), and a list with no usable term matches no node.
 */
export class NodeSelectorMatcher {
  private readonly terms: ParsedTerm[] = [];
  /** Parse errors of the terms that were dropped (for explanations). */
  readonly errors: string[] = [];

  constructor(terms: readonly NodeSelectorTerm[], path = "nodeSelectorTerms") {
    terms.forEach((t, i) => {
      if (isEmptyTerm(t)) return;
      const parsed = parseNodeSelectorTerm(t, `${path}[${i}]`, this.errors);
      if (parsed !== null) this.terms.push(parsed);
    });
  }

  matches(node: Node): boolean {
    for (const t of this.terms) if (termMatches(t, node)) return true;
    return false;
  }
}

/** The pod's nodeSelector AND required node affinity (component-helpers RequiredNodeAffinity). */
export class RequiredNodeAffinity {
  private readonly selector: Labels | null;
  private readonly required: NodeSelectorMatcher | null;

  constructor(pod: Pod) {
    this.selector = pod.nodeSelector.size > 0 ? pod.nodeSelector : null;
    const req = pod.affinity.nodeAffinity?.required ?? null;
    this.required = req === null ? null : new NodeSelectorMatcher(req.nodeSelectorTerms);
  }

  /** True when the pod constrains nodes at all. */
  get constrains(): boolean {
    return this.selector !== null || this.required !== null;
  }

  matches(node: Node): boolean {
    if (this.selector !== null && !mapSelectorMatches(this.selector, node.labels)) return false;
    return this.required === null || this.required.matches(node);
  }
}

/** A parsed preferred term with its weight. */
export interface ParsedPreferredTerm {
  readonly weight: number;
  readonly term: ParsedTerm;
}

/**
 * Preferred terms (component-helpers NewPreferredSchedulingTerms): weight-0 and empty preferences are ignored;
 * any parse error is reported (the NodeAffinity PreScore turns it into an Error status).
 */
export function parsePreferredTerms(
  terms: readonly PreferredSchedulingTerm[],
  errors: string[],
  path = "preferredDuringSchedulingIgnoredDuringExecution",
): ParsedPreferredTerm[] {
  const out: ParsedPreferredTerm[] = [];
  terms.forEach((t, i) => {
    if (t.weight === 0 || isEmptyTerm(t.preference)) return;
    const parsed = parseNodeSelectorTerm(t.preference, `${path}[${i}].preference`, errors);
    if (parsed !== null) out.push({ weight: t.weight, term: parsed });
  });
  return out;
}
