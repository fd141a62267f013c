// kubectl-style JSON (v1.Node, v1.Pod, v1.Namespace, v1.List) → the normalized model (types.ts).
// Every field the scheduler reads is validated as the API server would on create
// (pkg/apis/core/validation/validation.go, apimachinery meta/v1/validation); anything else is
// ignored. Of the defaulting the API server applies before validation, container requests default
// to limits (SetDefaults_Pod), so a manifest that never met an API server behaves like the object
// read back from one (kubectl output already carries it, which makes it a no-op there). Other
// defaulting (hostNetwork host ports, pod-level requests from pod-level limits) is not applied.
import { DomainError, SchedkitError } from "../errors.js";
import { labelValueProblem, qualifiedNameProblem } from "../labels/validation.js";
import { MAX_RESOURCE_VALUE, Quantity, quantityFromJSON, toResourceNumber } from "../quantity.js";
import {
  EMPTY_ARRAY,
  INT32_MAX,
  INT32_MIN,
  arrayField,
  asObject,
  boolField,
  checkInteger,
  checkSafeNonNegative,
  child,
  field,
  index,
  isObject,
  jsonKey,
  mapKey,
  optInteger,
  optObject,
  optString,
  stringArrayField,
  stringField,
  type JsonObject,
} from "./json.js";
import { BUILTIN_PRIORITY_ADMISSION, type PriorityAdmission } from "../admission/priority.js";
import { parseRFC3339 } from "./rfc3339.js";
import type {
  Affinity,
  Container,
  ControllerRef,
  ContainerImage,
  ContainerPort,
  ContainerStatus,
  LabelSelector,
  LabelSelectorOperator,
  LabelSelectorRequirement,
  Labels,
  Node,
  NodeAffinity,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  NodeFeatureUse,
  Pod,
  PodAffinity,
  PodAffinityTerm,
  PreferredSchedulingTerm,
  QuantityList,
  Taint,
  TaintEffect,
  Toleration,
  TolerationOperator,
  TopologySpreadConstraint,
  WeightedPodAffinityTerm,
} from "./types.js";
import { MAX_LIST_DEPTH } from "../limits.js";

const EMPTY_OBJECT: JsonObject = Object.freeze({});
const EMPTY_LABELS: Labels = new Map<string, string>();
const EMPTY_QUANTITIES: QuantityList = new Map<string, Quantity>();
const ZERO_QUANTITY_TEXT = "0";

// apimachinery util/validation IsDNS1123Label (namespace names).
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function labelNameProblem(name: string): string {
  if (name.length === 0) return "must not be empty";
  if (name.length > 63 || !DNS1123_LABEL.test(name)) {
    return "is not a valid DNS-1123 label (at most 63 lowercase alphanumerics or '-', starting and ending with an alphanumeric)";
  }
  return "";
}

// Object names (nodes, pods, spec.nodeName). The API server requires DNS-1123 subdomains for node
// and pod names (ValidateNodeName, ValidatePodName), but the upstream scheduler tests the fixtures
// come from use names such as "nodeA", and the scheduler itself never relies on the format. So only
// the rule every object name obeys is enforced: apimachinery path.IsValidPathSegmentName.
export function objectNameProblem(name: string): string {
  if (name.length === 0) return "must not be empty";
  if (name === "." || name === "..") return "may not be '.' or '..'";
  if (name.includes("/") || name.includes("%")) return "may not contain '/' or '%'";
  return "";
}

export function checkKind(o: JsonObject, path: string, kind: string): void {
  const k = field(o, "kind");
  if (k !== undefined && k !== kind) throw new SchedkitError(child(path, "kind"), k, `is not ${kind}`);
}

// ---------------------------------------------------------------------------------------------
// Labels and quantities

/** A map[string]string as labels: keys qualified names, values label values (meta/v1/validation ValidateLabels). */
export function labelMap(v: JsonObject, path: string): Labels {
  const keys = Object.keys(v);
  if (keys.length === 0) return EMPTY_LABELS;
  const m = new Map<string, string>();
  for (const k of keys) {
    const keyProblem = qualifiedNameProblem(k);
    if (keyProblem !== "") throw new SchedkitError(path, k, keyProblem);
    let val = v[k];
    if (val === null) val = ""; // encoding/json stores the zero value for a null map element
    if (typeof val !== "string") throw new SchedkitError(mapKey(path, k), val, "is not a string");
    const valueProblem = labelValueProblem(val);
    if (valueProblem !== "") throw new SchedkitError(mapKey(path, k), val, valueProblem);
    m.set(k, val);
  }
  return m;
}

function labelsField(o: JsonObject, key: string, path: string): Labels {
  const v = optObject(o, key, path);
  return v === undefined ? EMPTY_LABELS : labelMap(v, child(path, key));
}

// validation.go validateResourceName: a qualified name. (The extra rule that unprefixed names be
// standard resources is not enforced; the scheduler treats any other name as a scalar resource.)
function checkResourceName(name: string, path: string): void {
  // The two names nearly every list holds are valid qualified names; skip the pattern match for them.
  if (name === "cpu" || name === "memory") return;
  const problem = qualifiedNameProblem(name);
  if (problem !== "") throw new SchedkitError(path, name, problem.replace("label key", "resource name"));
}

function quantityValue(v: unknown, path: string): Quantity {
  // resource.Quantity.UnmarshalJSON reads a JSON null as zero.
  return quantityFromJSON(v === null ? ZERO_QUANTITY_TEXT : v, path);
}

/**
 * One entry `name: raw` of the ResourceList at `path`: a qualified resource name and a non-negative quantity
 * (validation.go validateResourceName, ValidateResourceQuantityValue).
 */
export function resourceQuantity(name: string, raw: unknown, path: string): Quantity {
  checkResourceName(name, path);
  const p = mapKey(path, name);
  const q = quantityValue(raw, p);
  if (q.sign() < 0) throw new SchedkitError(p, raw, "is negative; resource quantities must be >= 0");
  return q;
}

/** A ResourceList of requests/limits: non-negative quantities (validation.go ValidateResourceQuantityValue). */
function quantityMap(v: JsonObject, path: string): QuantityList {
  const keys = Object.keys(v);
  if (keys.length === 0) return EMPTY_QUANTITIES;
  const m = new Map<string, Quantity>();
  for (const k of keys) m.set(k, resourceQuantity(k, v[k], path));
  return m;
}

function optQuantityListField(o: JsonObject, key: string, path: string): QuantityList | null {
  const v = optObject(o, key, path);
  return v === undefined ? null : quantityMap(v, child(path, key));
}

/**
 * Node allocatable as integers: cpu in millicores (MilliValue), everything else in units (Value),
 * both rounded up as upstream NodeInfo does, and within the exact domain (toResourceNumber).
 */
function allocatableMap(v: JsonObject, path: string): ReadonlyMap<string, number> {
  const m = new Map<string, number>();
  for (const k of Object.keys(v)) {
    const p = mapKey(path, k);
    const raw = v[k];
    const q = resourceQuantity(k, raw, path);
    let n: bigint;
    try {
      n = k === "cpu" ? q.milliValue() : q.value();
    } catch (e) {
      // Too many digits to expand: certainly beyond MAX_RESOURCE_VALUE.
      if (e instanceof DomainError) throw new DomainError(p, raw, `exceeds the exact domain (max ${MAX_RESOURCE_VALUE})`);
      throw e;
    }
    m.set(k, toResourceNumber(n, p, raw));
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// Nodes

const TAINT_EFFECTS: ReadonlySet<string> = new Set<TaintEffect>(["NoSchedule", "PreferNoSchedule", "NoExecute"]);
const TAINT_EFFECT_LIST = "(NoSchedule, PreferNoSchedule, NoExecute)";

// validation.go validateNodeTaints: key a qualified name, value a label value, effect required,
// (key, effect) pairs unique.
function taintFromKube(v: unknown, path: string): Taint {
  const o = asObject(v, path);
  const key = stringField(o, "key", path);
  const keyProblem = qualifiedNameProblem(key);
  if (keyProblem !== "") throw new SchedkitError(child(path, "key"), key, keyProblem);
  const value = stringField(o, "value", path);
  const valueProblem = labelValueProblem(value);
  if (valueProblem !== "") throw new SchedkitError(child(path, "value"), value, valueProblem);
  const effect = field(o, "effect");
  if (typeof effect !== "string" || !TAINT_EFFECTS.has(effect)) {
    throw new SchedkitError(child(path, "effect"), effect, `is not a taint effect ${TAINT_EFFECT_LIST}`);
  }
  return { key, value, effect: effect as TaintEffect };
}

function taintsField(spec: JsonObject, path: string): readonly Taint[] {
  const arr = arrayField(spec, "taints", path);
  if (arr.length === 0) return EMPTY_ARRAY;
  const p = child(path, "taints");
  const out: Taint[] = new Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const t = taintFromKube(arr[i], index(p, i));
    for (let j = 0; j < i; j++) {
      const u = out[j]!;
      if (u.key === t.key && u.effect === t.effect) {
        throw new SchedkitError(index(p, i), `${t.key}:${t.effect}`, `duplicates ${index(p, j)} (taints must be unique by key and effect)`);
      }
    }
    out[i] = t;
  }
  return out;
}

function imagesField(status: JsonObject, path: string): readonly ContainerImage[] {
  const arr = arrayField(status, "images", path);
  if (arr.length === 0) return EMPTY_ARRAY;
  const p = child(path, "images");
  const out: ContainerImage[] = new Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const ip = index(p, i);
    const o = asObject(arr[i], ip);
    const names = stringArrayField(o, "names", ip);
    const size = field(o, "sizeBytes");
    out[i] = { names, sizeBytes: size === undefined ? 0 : checkSafeNonNegative(size, child(ip, "sizeBytes")) };
  }
  return out;
}

/** A v1.Node as the model's Node. `path` names it in errors (`nodes[3]`). */
export function nodeFromKube(obj: unknown, path: string): Node {
  const o = asObject(obj, path);
  checkKind(o, path, "Node");
  const mp = child(path, "metadata");
  const meta = optObject(o, "metadata", path) ?? EMPTY_OBJECT;
  const name = requiredName(meta, mp, objectNameProblem);
  const labels = labelsField(meta, "labels", mp);
  const sp = child(path, "spec");
  const spec = optObject(o, "spec", path) ?? EMPTY_OBJECT;
  const unschedulable = boolField(spec, "unschedulable", sp);
  const taints = taintsField(spec, sp);
  const stp = child(path, "status");
  const status = optObject(o, "status", path) ?? EMPTY_OBJECT;
  const alloc = optObject(status, "allocatable", stp);
  const allocatable = alloc === undefined ? new Map<string, number>() : allocatableMap(alloc, child(stp, "allocatable"));
  const images = imagesField(status, stp);
  const declaredFeatures = stringArrayField(status, "declaredFeatures", stp);
  return declaredFeatures.length === 0
    ? { name, labels, taints, unschedulable, allocatable, images }
    : { name, labels, taints, unschedulable, allocatable, images, declaredFeatures };
}

export function requiredName(meta: JsonObject, metaPath: string, problemOf: (name: string) => string): string {
  const v = field(meta, "name");
  const p = child(metaPath, "name");
  if (v === undefined) throw new SchedkitError(p, v, "is required");
  if (typeof v !== "string") throw new SchedkitError(p, v, "is not a string");
  const problem = problemOf(v);
  if (problem !== "") throw new SchedkitError(p, v, problem);
  return v;
}

// ---------------------------------------------------------------------------------------------
// Namespaces

/** A v1.Namespace: its name (a DNS-1123 label) and labels. */
export function namespaceFromKube(obj: unknown, path: string): { name: string; labels: Labels } {
  const o = asObject(obj, path);
  checkKind(o, path, "Namespace");
  const mp = child(path, "metadata");
  const meta = optObject(o, "metadata", path) ?? EMPTY_OBJECT;
  return { name: requiredName(meta, mp, labelNameProblem), labels: labelsField(meta, "labels", mp) };
}

// ---------------------------------------------------------------------------------------------
// Pods: selectors and affinity

const LABEL_SELECTOR_OPERATORS: ReadonlySet<string> = new Set<LabelSelectorOperator>(["In", "NotIn", "Exists", "DoesNotExist"]);

// meta/v1/validation ValidateLabelSelectorRequirement (values validated as label values, as for new objects).
function labelSelectorRequirement(v: unknown, path: string): LabelSelectorRequirement {
  const o = asObject(v, path);
  const key = stringField(o, "key", path);
  const keyProblem = qualifiedNameProblem(key);
  if (keyProblem !== "") throw new SchedkitError(child(path, "key"), key, keyProblem);
  const operator = stringField(o, "operator", path);
  if (!LABEL_SELECTOR_OPERATORS.has(operator)) {
    throw new SchedkitError(child(path, "operator"), operator, "is not a label selector operator (In, NotIn, Exists, DoesNotExist)");
  }
  const values = stringArrayField(o, "values", path);
  if ((operator === "In" || operator === "NotIn") && values.length === 0) {
    throw new SchedkitError(child(path, "values"), values, `must be non-empty when operator is ${operator}`);
  }
  if ((operator === "Exists" || operator === "DoesNotExist") && values.length !== 0) {
    throw new SchedkitError(child(path, "values"), values, `must be empty when operator is ${operator}`);
  }
  for (let i = 0; i < values.length; i++) {
    const problem = labelValueProblem(values[i]!);
    if (problem !== "") throw new SchedkitError(index(child(path, "values"), i), values[i], problem);
  }
  return { key, operator: operator as LabelSelectorOperator, values };
}

/** A metav1.LabelSelector, or null when absent (a nil selector). */
export function labelSelectorField(o: JsonObject, key: string, path: string): LabelSelector | null {
  const v = optObject(o, key, path);
  if (v === undefined) return null;
  const p = child(path, key);
  const exprs = arrayField(v, "matchExpressions", p);
  const ep = child(p, "matchExpressions");
  const matchExpressions: LabelSelectorRequirement[] = new Array(exprs.length);
  for (let i = 0; i < exprs.length; i++) matchExpressions[i] = labelSelectorRequirement(exprs[i], index(ep, i));
  return { matchLabels: labelsField(v, "matchLabels", p), matchExpressions };
}

// The operators the API server admits in a pod's node affinity: validation.go ValidateNodeSelectorRequirement
// (matchExpressions) and ValidateNodeFieldSelectorRequirement (matchFields: In and NotIn only). kube-scheduler
// would treat another operator as "didn't match" (LazyErrorNodeSelector), but no such pod gets past the API.
const NODE_SELECTOR_OPERATORS = new Set(["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]);
const NODE_FIELD_SELECTOR_OPERATORS = new Set(["In", "NotIn"]);

/** Node selector requirements with admitted operators; values are checked lazily by the matcher (LazyErrorNodeSelector). */
function nodeSelectorRequirements(o: JsonObject, key: "matchExpressions" | "matchFields", path: string): readonly NodeSelectorRequirement[] {
  const arr = arrayField(o, key, path);
  if (arr.length === 0) return EMPTY_ARRAY;
  const p = child(path, key);
  const admitted = key === "matchFields" ? NODE_FIELD_SELECTOR_OPERATORS : NODE_SELECTOR_OPERATORS;
  const out: NodeSelectorRequirement[] = new Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const rp = index(p, i);
    const r = asObject(arr[i], rp);
    const operator = stringField(r, "operator", rp);
    if (!admitted.has(operator)) throw new SchedkitError(child(rp, "operator"), operator, `is not a valid selector operator (${[...admitted].join(", ")})`);
    out[i] = { key: stringField(r, "key", rp), operator, values: stringArrayField(r, "values", rp) };
  }
  return out;
}

function nodeSelectorTerm(v: unknown, path: string): NodeSelectorTerm {
  const o = v === undefined || v === null ? EMPTY_OBJECT : asObject(v, path);
  return {
    matchExpressions: nodeSelectorRequirements(o, "matchExpressions", path),
    matchFields: nodeSelectorRequirements(o, "matchFields", path),
  };
}

/** A v1.NodeSelector's nodeSelectorTerms (node affinity, ResourceSlice node selectors). */
export function nodeSelectorTermsField(o: JsonObject, path: string): NodeSelectorTerm[] {
  const terms = arrayField(o, "nodeSelectorTerms", path);
  const tp = child(path, "nodeSelectorTerms");
  const out: NodeSelectorTerm[] = new Array(terms.length);
  for (let i = 0; i < terms.length; i++) out[i] = nodeSelectorTerm(asObject(terms[i], index(tp, i)), index(tp, i));
  return out;
}

// validation.go ValidatePreferredSchedulingTerms / validateWeightedPodAffinityTerms.
function weightField(o: JsonObject, path: string): number {
  const w = field(o, "weight");
  return checkInteger(w, child(path, "weight"), 1, 100);
}

function nodeAffinity(o: JsonObject, path: string): NodeAffinity {
  const req = optObject(o, "requiredDuringSchedulingIgnoredDuringExecution", path);
  let required: NodeAffinity["required"] = null;
  if (req !== undefined) {
    required = { nodeSelectorTerms: nodeSelectorTermsField(req, child(path, "requiredDuringSchedulingIgnoredDuringExecution")) };
  }
  const pref = arrayField(o, "preferredDuringSchedulingIgnoredDuringExecution", path);
  const pp = child(path, "preferredDuringSchedulingIgnoredDuringExecution");
  const preferred: PreferredSchedulingTerm[] = new Array(pref.length);
  for (let i = 0; i < pref.length; i++) {
    const ip = index(pp, i);
    const t = asObject(pref[i], ip);
    preferred[i] = { weight: weightField(t, ip), preference: nodeSelectorTerm(field(t, "preference"), child(ip, "preference")) };
  }
  return { required, preferred };
}

// validation.go validatePodAffinityTerm and validateMatchLabelKeysAndMismatchLabelKeys.
function podAffinityTerm(v: unknown, path: string): PodAffinityTerm {
  const o = asObject(v, path);
  const labelSelector = labelSelectorField(o, "labelSelector", path);
  const namespaceSelector = labelSelectorField(o, "namespaceSelector", path);
  const namespaces = stringArrayField(o, "namespaces", path);
  for (let i = 0; i < namespaces.length; i++) {
    const problem = labelNameProblem(namespaces[i]!);
    if (problem !== "") throw new SchedkitError(index(child(path, "namespaces"), i), namespaces[i], problem);
  }
  const topologyKey = stringField(o, "topologyKey", path);
  const keyProblem = topologyKey === "" ? "must not be empty" : qualifiedNameProblem(topologyKey);
  if (keyProblem !== "") throw new SchedkitError(child(path, "topologyKey"), topologyKey, keyProblem);
  const matchLabelKeys = labelKeysField(o, "matchLabelKeys", path, labelSelector);
  const mismatchLabelKeys = labelKeysField(o, "mismatchLabelKeys", path, labelSelector);
  for (let i = 0; i < matchLabelKeys.length; i++) {
    if (mismatchLabelKeys.includes(matchLabelKeys[i]!)) {
      throw new SchedkitError(index(child(path, "matchLabelKeys"), i), matchLabelKeys[i], "is also in mismatchLabelKeys");
    }
  }
  return { labelSelector, namespaces, namespaceSelector, topologyKey, matchLabelKeys, mismatchLabelKeys };
}

// matchLabelKeys / mismatchLabelKeys: qualified names, only together with a labelSelector. A key
// that is also in the selector is accepted: newer API servers merge the keys into the selector at
// admission, so objects read back from a cluster carry both.
function labelKeysField(o: JsonObject, key: string, path: string, selector: LabelSelector | null): readonly string[] {
  const keys = stringArrayField(o, key, path);
  if (keys.length === 0) return EMPTY_ARRAY;
  const p = child(path, key);
  if (selector === null) throw new SchedkitError(p, keys, "must not be set when labelSelector is not set");
  for (let i = 0; i < keys.length; i++) {
    const problem = qualifiedNameProblem(keys[i]!);
    if (problem !== "") throw new SchedkitError(index(p, i), keys[i], problem);
  }
  return keys;
}

function podAffinity(o: JsonObject, path: string): PodAffinity {
  const req = arrayField(o, "requiredDuringSchedulingIgnoredDuringExecution", path);
  const rp = child(path, "requiredDuringSchedulingIgnoredDuringExecution");
  const required: PodAffinityTerm[] = new Array(req.length);
  for (let i = 0; i < req.length; i++) required[i] = podAffinityTerm(req[i], index(rp, i));
  const pref = arrayField(o, "preferredDuringSchedulingIgnoredDuringExecution", path);
  const pp = child(path, "preferredDuringSchedulingIgnoredDuringExecution");
  const preferred: WeightedPodAffinityTerm[] = new Array(pref.length);
  for (let i = 0; i < pref.length; i++) {
    const ip = index(pp, i);
    const t = asObject(pref[i], ip);
    const weight = weightField(t, ip);
    const term = field(t, "podAffinityTerm");
    preferred[i] = { weight, podAffinityTerm: podAffinityTerm(term === undefined ? EMPTY_OBJECT : term, child(ip, "podAffinityTerm")) };
  }
  return { required, preferred };
}

const NO_AFFINITY: Affinity = Object.freeze({ nodeAffinity: null, podAffinity: null, podAntiAffinity: null });

function affinityField(spec: JsonObject, path: string): Affinity {
  const a = optObject(spec, "affinity", path);
  if (a === undefined) return NO_AFFINITY;
  const p = child(path, "affinity");
  const na = optObject(a, "nodeAffinity", p);
  const pa = optObject(a, "podAffinity", p);
  const paa = optObject(a, "podAntiAffinity", p);
  return {
    nodeAffinity: na === undefined ? null : nodeAffinity(na, child(p, "nodeAffinity")),
    podAffinity: pa === undefined ? null : podAffinity(pa, child(p, "podAffinity")),
    podAntiAffinity: paa === undefined ? null : podAffinity(paa, child(p, "podAntiAffinity")),
  };
}

// ---------------------------------------------------------------------------------------------
// Pods: tolerations and topology spread

const TOLERATION_OPERATORS: ReadonlySet<string> = new Set<TolerationOperator>(["", "Equal", "Exists", "Lt", "Gt"]);

// validation.go ValidateTolerations. Lt/Gt (alpha, TaintTolerationComparisonOperators) are
// accepted whatever the gate; their values are judged by the matcher, which needs canonical integers.
function tolerationFromKube(v: unknown, path: string): Toleration {
  const o = asObject(v, path);
  const key = stringField(o, "key", path);
  if (key !== "") {
    const problem = qualifiedNameProblem(key);
    if (problem !== "") throw new SchedkitError(child(path, "key"), key, problem);
  }
  const operator = stringField(o, "operator", path);
  if (!TOLERATION_OPERATORS.has(operator)) {
    throw new SchedkitError(child(path, "operator"), operator, 'is not a toleration operator ("", Equal, Exists, Lt, Gt)');
  }
  if (key === "" && operator !== "Exists") {
    throw new SchedkitError(child(path, "operator"), operator, "must be Exists when key is empty");
  }
  const value = stringField(o, "value", path);
  if (operator === "Exists" && value !== "") {
    throw new SchedkitError(child(path, "value"), value, "must be empty when operator is Exists");
  }
  if (operator === "" || operator === "Equal") {
    const problem = labelValueProblem(value);
    if (problem !== "") throw new SchedkitError(child(path, "value"), value, problem);
  }
  const effect = stringField(o, "effect", path);
  if (effect !== "" && !TAINT_EFFECTS.has(effect)) {
    throw new SchedkitError(child(path, "effect"), effect, `is not a taint effect ${TAINT_EFFECT_LIST}`);
  }
  if (field(o, "tolerationSeconds") !== undefined) {
    optInteger(o, "tolerationSeconds", path, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    if (effect !== "NoExecute") {
      throw new SchedkitError(child(path, "effect"), effect, "must be NoExecute when tolerationSeconds is set");
    }
  }
  return { key, operator: operator as TolerationOperator, value, effect: effect as Toleration["effect"] };
}

function tolerationsField(spec: JsonObject, path: string): readonly Toleration[] {
  const arr = arrayField(spec, "tolerations", path);
  if (arr.length === 0) return EMPTY_ARRAY;
  const p = child(path, "tolerations");
  const out: Toleration[] = new Array(arr.length);
  for (let i = 0; i < arr.length; i++) out[i] = tolerationFromKube(arr[i], index(p, i));
  return out;
}

// The `name` of each entry of the list `spec[key]`, checked by `problem` and for duplicates.
function entryNames(spec: JsonObject, key: string, path: string, problem: (name: string) => string, duplicate: string): string[] {
  const arr = arrayField(spec, key, path);
  const p = child(path, key);
  const names: string[] = [];
  for (let i = 0; i < arr.length; i++) {
    const ip = index(p, i);
    const name = stringField(asObject(arr[i], ip), "name", ip);
    const why = problem(name);
    if (why !== "") throw new SchedkitError(child(ip, "name"), name, why);
    if (names.includes(name)) throw new SchedkitError(child(ip, "name"), name, `is a duplicate ${duplicate} (Duplicate value)`);
    names.push(name);
  }
  return names;
}

// spec.resourceClaims (validation.go validatePodResourceClaims: each entry named, no duplicates): kept by name
// so that DynamicResources refuses the pod instead of scheduling it as if it had no claims.
function resourceClaimsField(spec: JsonObject, path: string): { resourceClaims?: readonly string[] } {
  const names = entryNames(spec, "resourceClaims", path, (n) => (n === "" ? "is required" : ""), "resource claim name");
  return names.length === 0 ? {} : { resourceClaims: names };
}

// validation.go validateSchedulingGates: each name a qualified name, no duplicates. Absent when there are none.
function schedulingGatesField(spec: JsonObject, path: string): { schedulingGates?: readonly string[] } {
  const names = entryNames(spec, "schedulingGates", path, qualifiedNameProblem, "scheduling gate");
  return names.length === 0 ? {} : { schedulingGates: names };
}

function policyField(o: JsonObject, key: string, path: string): "Honor" | "Ignore" | null {
  const v = optString(o, key, path);
  if (v === undefined) return null;
  if (v !== "Honor" && v !== "Ignore") throw new SchedkitError(child(path, key), v, "is not a node inclusion policy (Honor, Ignore)");
  return v;
}

// validation.go validateTopologySpreadConstraints.
function topologySpreadConstraint(v: unknown, path: string): TopologySpreadConstraint {
  const o = asObject(v, path);
  const maxSkew = checkInteger(field(o, "maxSkew"), child(path, "maxSkew"), 1, INT32_MAX);
  const topologyKey = stringField(o, "topologyKey", path);
  if (topologyKey === "") throw new SchedkitError(child(path, "topologyKey"), topologyKey, "must not be empty");
  const when = field(o, "whenUnsatisfiable");
  if (when !== "DoNotSchedule" && when !== "ScheduleAnyway") {
    throw new SchedkitError(child(path, "whenUnsatisfiable"), when, "is not DoNotSchedule or ScheduleAnyway");
  }
  const minDomains = optInteger(o, "minDomains", path, 1, INT32_MAX) ?? null;
  if (minDomains !== null && when !== "DoNotSchedule") {
    throw new SchedkitError(child(path, "minDomains"), minDomains, "may only be set when whenUnsatisfiable is DoNotSchedule");
  }
  const labelSelector = labelSelectorField(o, "labelSelector", path);
  return {
    maxSkew,
    topologyKey,
    whenUnsatisfiable: when,
    labelSelector,
    minDomains,
    matchLabelKeys: labelKeysField(o, "matchLabelKeys", path, labelSelector),
    nodeAffinityPolicy: policyField(o, "nodeAffinityPolicy", path),
    nodeTaintsPolicy: policyField(o, "nodeTaintsPolicy", path),
  };
}

function topologySpreadField(spec: JsonObject, path: string): readonly TopologySpreadConstraint[] {
  const arr = arrayField(spec, "topologySpreadConstraints", path);
  if (arr.length === 0) return EMPTY_ARRAY;
  const p = child(path, "topologySpreadConstraints");
  const out: TopologySpreadConstraint[] = new Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const c = topologySpreadConstraint(arr[i], index(p, i));
    // ValidateSpreadConstraintNotRepeat: {topologyKey, whenUnsatisfiable} identifies a constraint.
    for (let j = 0; j < i; j++) {
      const d = out[j]!;
      if (d.topologyKey === c.topologyKey && d.whenUnsatisfiable === c.whenUnsatisfiable) {
        throw new SchedkitError(index(p, i), `{${c.topologyKey}, ${c.whenUnsatisfiable}}`, `duplicates ${index(p, j)}`);
      }
    }
    out[i] = c;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Pods: containers and status

const PROTOCOLS: ReadonlySet<string> = new Set(["TCP", "UDP", "SCTP"]);

// validation.go validateContainerPorts. An absent containerPort is kept as 0 (the API requires
// it, but the scheduler never reads it and the upstream test pods omit it).
function containerPort(v: unknown, path: string): ContainerPort {
  const o = asObject(v, path);
  const hostIP = stringField(o, "hostIP", path);
  const hostPort = optInteger(o, "hostPort", path, 0, 65535) ?? 0;
  const containerPortNumber = optInteger(o, "containerPort", path, 0, 65535) ?? 0;
  const protocol = stringField(o, "protocol", path);
  if (protocol !== "" && !PROTOCOLS.has(protocol)) {
    throw new SchedkitError(child(path, "protocol"), protocol, "is not a port protocol (TCP, UDP, SCTP)");
  }
  return { hostIP: hostIP === "" ? "0.0.0.0" : hostIP, hostPort, protocol: protocol === "" ? "TCP" : protocol, containerPort: containerPortNumber };
}

// pkg/apis/core/v1/defaults.go SetDefaults_Pod: "If limits are specified, but requests are not,
// default requests to limits", per resource, for regular and init containers.
function requestsDefaultedFromLimits(requests: QuantityList, limits: QuantityList): QuantityList {
  let out: Map<string, Quantity> | null = null;
  for (const [k, q] of limits) {
    if (requests.has(k)) continue;
    out ??= new Map(requests);
    out.set(k, q);
  }
  return out ?? requests;
}

/**
 * How a parse keeps a resource list: the model's exact Quantity maps, or a compact form of the few resources a
 * caller reads (cgroup/pod-resources.ts). Either way every entry is validated as quantityMap validates it.
 */
export interface ResourceListReader<L> {
  /** The list of the ResourceList object `v` at `path`. */
  read(v: JsonObject, path: string): L;
  /** The absent list. */
  readonly empty: L;
  /** SetDefaults_Pod: requests default to limits, per resource. */
  defaulted(requests: L, limits: L): L;
}

/** Resource lists as the model keeps them. */
export const QUANTITY_LISTS: ResourceListReader<QuantityList> = { read: quantityMap, empty: EMPTY_QUANTITIES, defaulted: requestsDefaultedFromLimits };

function listField<L>(o: JsonObject, key: string, path: string, reader: ResourceListReader<L>): L {
  const v = optObject(o, key, path);
  return v === undefined ? reader.empty : reader.read(v, child(path, key));
}

/** What PodRequests / PodLimits and the kubelet's cgroup math read of a container. */
export interface ContainerResources<L = QuantityList> {
  readonly name: string;
  readonly requests: L;
  readonly limits: L;
  readonly restartPolicy: string | null;
}

function containerResources<L>(o: JsonObject, path: string, reader: ResourceListReader<L>): ContainerResources<L> {
  const nameValue = field(o, "name");
  const name = stringField(o, "name", path);
  const nameProblem = labelNameProblem(name);
  if (nameProblem !== "") {
    throw new SchedkitError(child(path, "name"), nameValue, nameValue === undefined ? "is required" : nameProblem);
  }
  const rp = child(path, "resources");
  const resources = optObject(o, "resources", path) ?? EMPTY_OBJECT;
  const limits = listField(resources, "limits", rp, reader);
  const requests = reader.defaulted(listField(resources, "requests", rp, reader), limits);
  const restartPolicy = optString(o, "restartPolicy", path) ?? null;
  return { name, requests, limits, restartPolicy };
}

function containerFromKube(v: unknown, path: string): Container {
  const o = asObject(v, path);
  const { name, requests, limits, restartPolicy } = containerResources(o, path, QUANTITY_LISTS);
  const image = stringField(o, "image", path);
  const ports = arrayField(o, "ports", path);
  let portList: readonly ContainerPort[] = EMPTY_ARRAY;
  if (ports.length > 0) {
    const pp = child(path, "ports");
    const out: ContainerPort[] = new Array(ports.length);
    for (let i = 0; i < ports.length; i++) out[i] = containerPort(ports[i], index(pp, i));
    portList = out;
  }
  return { name, image, requests, limits, ports: portList, restartPolicy };
}

function containersField<C>(spec: JsonObject, key: string, path: string, each: (v: unknown, path: string) => C): readonly C[] {
  const arr = arrayField(spec, key, path);
  if (arr.length === 0) return EMPTY_ARRAY;
  const p = child(path, key);
  const out: C[] = new Array(arr.length);
  for (let i = 0; i < arr.length; i++) out[i] = each(arr[i], index(p, i));
  return out;
}

// validation.go validateContainers: names are unique across init containers and containers. Pods hold a few
// containers, so a pairwise scan beats building a map per pod; the error names both fields.
function checkUniqueNames(init: readonly { readonly name: string }[], app: readonly { readonly name: string }[], sp: string): void {
  const n = init.length + app.length;
  const at = (i: number) => (i < init.length ? init[i]! : app[i - init.length]!).name;
  const namePath = (i: number) => (i < init.length ? `${child(sp, "initContainers")}[${i}].name` : `${child(sp, "containers")}[${i - init.length}].name`);
  if (n <= 16) {
    for (let j = 1; j < n; j++) {
      const name = at(j);
      for (let i = 0; i < j; i++) if (at(i) === name) throw new SchedkitError(namePath(j), name, `duplicates ${namePath(i)}`);
    }
    return;
  }
  const first = new Map<string, number>();
  for (let j = 0; j < n; j++) {
    const name = at(j);
    const i = first.get(name);
    if (i !== undefined) throw new SchedkitError(namePath(j), name, `duplicates ${namePath(i)}`);
    first.set(name, j);
  }
}

/** The spec fields of a pod that PodRequests / PodLimits read (spec only: no status, as ResourceConfigForPod reads it). */
export interface PodResourceSpec<L = QuantityList> {
  readonly name: string;
  readonly namespace: string;
  readonly containers: readonly ContainerResources<L>[];
  readonly initContainers: readonly ContainerResources<L>[];
  readonly overhead: L;
  /** spec.resources (PodLevelResources), null when absent. */
  readonly podResources: { readonly requests: L; readonly limits: L } | null;
}

interface SpecResources<L, C> {
  readonly containers: readonly C[];
  readonly initContainers: readonly C[];
  readonly overhead: L;
  readonly podResources: { readonly requests: L; readonly limits: L } | null;
}

function specContainers<C extends { readonly name: string }>(
  spec: JsonObject,
  sp: string,
  each: (v: unknown, path: string) => C,
): { readonly containers: readonly C[]; readonly initContainers: readonly C[] } {
  const initContainers = containersField(spec, "initContainers", sp, each);
  const containers = containersField(spec, "containers", sp, each);
  checkUniqueNames(initContainers, containers, sp);
  // validation.go validateContainers: field.Required(spec.containers) for an empty list.
  if (containers.length === 0) throw new SchedkitError(child(sp, "containers"), field(spec, "containers"), "must list at least one container (Required value)");
  return { containers, initContainers };
}

// spec.overhead and spec.resources: read per pod (a replica's shared containers say nothing of them).
function specPodLists<L>(spec: JsonObject, sp: string, reader: ResourceListReader<L>): Pick<SpecResources<L, never>, "overhead" | "podResources"> {
  const overhead = listField(spec, "overhead", sp, reader);
  const res = optObject(spec, "resources", sp);
  const rp = child(sp, "resources");
  const podResources = res === undefined ? null : { requests: listField(res, "requests", rp, reader), limits: listField(res, "limits", rp, reader) };
  return { overhead, podResources };
}

function specResources<L, C extends { readonly name: string }>(
  spec: JsonObject,
  sp: string,
  reader: ResourceListReader<L>,
  each: (v: unknown, path: string) => C,
): SpecResources<L, C> {
  return { ...specContainers(spec, sp, each), ...specPodLists(spec, sp, reader) };
}

// A v1.Pod's object, kind, metadata.name (an object name) and metadata.namespace (a DNS-1123 label, "default"
// when unset), read alike by podFromKube and podResourceSpecFromKube.
function podHeader(obj: unknown, path: string): { o: JsonObject; meta: JsonObject; mp: string; name: string; namespace: string } {
  const o = asObject(obj, path);
  checkKind(o, path, "Pod");
  const mp = child(path, "metadata");
  const meta = optObject(o, "metadata", path) ?? EMPTY_OBJECT;
  const name = requiredName(meta, mp, objectNameProblem);
  const namespace = stringField(meta, "namespace", mp) || "default";
  const nsProblem = labelNameProblem(namespace);
  if (nsProblem !== "") throw new SchedkitError(child(mp, "namespace"), namespace, nsProblem);
  return { o, meta, mp, name, namespace };
}

/**
 * The resource view of a v1.Pod: metadata name and namespace, containers and init containers (name, requests
 * defaulted from limits, limits, restartPolicy), overhead and spec.resources, validated exactly as podFromKube
 * validates them and with the same field paths; every other field is left unread. The cgroup math reads
 * nothing else (helpers_linux.go ResourceConfigForPod), and parsing the scheduler's fields too made the
 * layered report several times slower (docs/architecture.md).
 */
export function podResourceSpecFromKube<L>(obj: unknown, path: string, reader: ResourceListReader<L>): PodResourceSpec<L> {
  const { o, name, namespace } = podHeader(obj, path);
  const sp = child(path, "spec");
  const spec = optObject(o, "spec", path) ?? EMPTY_OBJECT;
  const each = (v: unknown, cp: string) => containerResources(asObject(v, cp), cp, reader);
  const { containers, initContainers, overhead, podResources } = specResources(spec, sp, reader, each);
  return { name, namespace, containers, initContainers, overhead, podResources };
}

function containerStatusesField(status: JsonObject, key: string, path: string): readonly ContainerStatus[] {
  const arr = arrayField(status, key, path);
  if (arr.length === 0) return EMPTY_ARRAY;
  const p = child(path, key);
  const out: ContainerStatus[] = new Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const sp = index(p, i);
    const o = asObject(arr[i], sp);
    const res = optObject(o, "resources", sp);
    out[i] = {
      name: stringField(o, "name", sp),
      // v0.33–v0.36 look only at a nil `resources`; v0.37's containerActuatedRequests also at nil `requests`
      // (then it falls back to allocatedResources), so both are kept.
      hasResources: res !== undefined,
      actuatedRequests: res === undefined ? null : optQuantityListField(res, "requests", child(sp, "resources")),
      allocatedRequests: optQuantityListField(o, "allocatedResources", sp),
    };
  }
  return out;
}

// component-helpers resource IsPodResizeInfeasible: the first PodResizePending condition decides.
function resizeInfeasible(status: JsonObject, path: string): boolean {
  const arr = arrayField(status, "conditions", path);
  const p = child(path, "conditions");
  for (let i = 0; i < arr.length; i++) {
    const cp = index(p, i);
    const c = asObject(arr[i], cp);
    if (stringField(c, "type", cp) === "PodResizePending") return stringField(c, "reason", cp) === "Infeasible";
  }
  return false;
}

export function timestampField(meta: JsonObject, key: string, path: string): number | undefined {
  const v = field(meta, key);
  if (v === undefined) return undefined;
  const p = child(path, key);
  if (typeof v !== "string") throw new SchedkitError(p, v, "is not a string");
  return parseRFC3339(v, p);
}

/** Most distinct values a PodInterner keeps per field (pods that are each their own template are not shared). */
export const MAX_SHARED_VALUES = 4096;

/**
 * @internal Shares the parsed fields of pods whose raw fields are the same JSON data: the replicas of one
 * template (a Deployment's pods in a dump, a generated workload) get one labels map and one container list
 * instead of one each, which at 10⁶ pods was most of the parsed pods' memory. One per parse of a pod list
 * (createCluster, scheduleAll's pods), so nothing outlives it; the parsed values are immutable (readonly).
 */
export class PodInterner {
  private readonly values = new Map<string, Map<string, unknown>>();
  /**
   * Per kind, what `ref` objects gave: replicas built by spreading one template (`{ ...template, metadata }`)
   * hold the very same spec objects, found here without serialising them (jsonKey was most of such a pod's
   * parse). An object cannot change during one parse of a list, which is all an interner lives for.
   */
  private readonly byRef = new Map<string, WeakMap<object, unknown>>();
  /**
   * Per kind, the last value parsed past the cap (its key and the object it was read from): a template's
   * replicas come one after another, so a Deployment's pods listed after 4,096 distinct bound pods' containers
   * still share one parse (and the WebAssembly engine still finds them of one shape without walking them).
   */
  private readonly last = new Map<string, { readonly key: string; readonly ref: unknown; readonly value: unknown }>();
  private lastController: ControllerRef | null = null;

  /**
   * `ref`, or the controller reference of the pod parsed before it when equal to it field by field: a
   * ReplicaSet's replicas come one after another, and holding one object they are of one shape without
   * comparing three strings per replica each time a run meets them (the WebAssembly engine's shape test).
   */
  controller(ref: ControllerRef): ControllerRef {
    const last = this.lastController;
    if (last !== null && last.apiVersion === ref.apiVersion && last.kind === ref.kind && last.name === ref.name) return last;
    this.lastController = ref;
    return ref;
  }

  /**
   * `parse()`, or what it returned for earlier raw data equal to `raw` under the same `kind`. `ref`, when given,
   * is the object `raw` is read from (or `raw` itself): the same object again is the same data.
   */
  shared<T>(kind: string, raw: unknown, parse: () => T, ref: unknown = raw): T {
    let refs: WeakMap<object, unknown> | undefined;
    if (typeof ref === "object" && ref !== null) {
      refs = this.byRef.get(kind);
      if (refs === undefined) this.byRef.set(kind, (refs = new WeakMap()));
      const hit = refs.get(ref);
      if (hit !== undefined) return hit as T;
    }
    const last = this.last.get(kind);
    if (last !== undefined && refs !== undefined && last.ref === ref) return last.value as T;
    const key = jsonKey(raw);
    if (key === undefined) return parse();
    let m = this.values.get(kind);
    if (m === undefined) this.values.set(kind, (m = new Map()));
    const hit = m.get(key);
    if (hit !== undefined) {
      refs?.set(ref as object, hit);
      return hit as T;
    }
    if (last !== undefined && last.key === key) return last.value as T;
    // Only what parsed: a raw value that fails throws for every pod that has it, each with its own path.
    const v = parse();
    if (m.size < MAX_SHARED_VALUES) {
      m.set(key, v);
      refs?.set(ref as object, v);
    } else this.last.set(kind, { key, ref, value: v });
    return v;
  }
}

const absentAsNull = (v: unknown) => (v === undefined ? null : v);

// One flat string: `+` or a template keeps a uid as the tree of its pieces (V8 ConsStrings, ~120 bytes a pod
// with the seq suffix, kept for every pod of a run), join copies the text once (~50 bytes; 10⁶ pods: ~70 MB).
function defaultUid(namespace: string, name: string, seq: number | undefined): string {
  return (seq === undefined ? [namespace, "/", name] : [namespace, "/", name, "#", seq]).join("");
}

/**
 * A v1.Pod as the model's Pod. `path` names it in errors (`pods[7]`). A pod without
 * metadata.uid gets `<namespace>/<name>`, suffixed `#<seq>` when `seq` (its input position) is given.
 */
export function podFromKube(obj: unknown, path: string, seq?: number, admission: PriorityAdmission = BUILTIN_PRIORITY_ADMISSION, interner?: PodInterner): Pod {
  const { o, meta, mp, name, namespace } = podHeader(obj, path);
  const uid = optString(meta, "uid", mp) || defaultUid(namespace, name, seq);
  const labels =
    interner === undefined ? labelsField(meta, "labels", mp) : interner.shared("labels", absentAsNull(field(meta, "labels")), () => labelsField(meta, "labels", mp));
  const creationTime = timestampField(meta, "creationTimestamp", mp) ?? 0;
  const terminating = timestampField(meta, "deletionTimestamp", mp) !== undefined;

  const sp = child(path, "spec");
  const spec = optObject(o, "spec", path) ?? EMPTY_OBJECT;
  const nodeName = nodeNameField(spec, "nodeName", sp);
  const schedulerName = stringField(spec, "schedulerName", sp) || "default-scheduler";
  const statedPolicy = stringField(spec, "preemptionPolicy", sp);
  if (statedPolicy !== "" && statedPolicy !== "PreemptLowerPriority" && statedPolicy !== "Never") {
    throw new SchedkitError(child(sp, "preemptionPolicy"), statedPolicy, "is not PreemptLowerPriority or Never");
  }
  const statedClass = stringField(spec, "priorityClassName", sp);
  const { priority, preemptionPolicy, priorityClassName } = admission.admit(
    {
      name,
      priorityClassName: statedClass,
      priority: optInteger(spec, "priority", sp, INT32_MIN, INT32_MAX),
      preemptionPolicy: statedPolicy === "" ? undefined : statedPolicy,
    },
    path,
  );
  const ownRef = controllerRefField(meta, mp);
  const controllerRef = ownRef === null || interner === undefined ? ownRef : interner.controller(ownRef);
  const parseContainers = () => specContainers(spec, sp, containerFromKube);
  const { initContainers, containers } =
    interner === undefined
      ? parseContainers()
      : interner.shared("containers", [absentAsNull(field(spec, "initContainers")), absentAsNull(field(spec, "containers"))], parseContainers, spec);
  const { overhead, podResources } = specPodLists(spec, sp, QUANTITY_LISTS);
  // Each read from its own spec field only, so replicas share one parse of each.
  const specField = <T>(key: string, parse: () => T): T => (interner === undefined ? parse() : interner.shared(key, absentAsNull(field(spec, key)), parse));
  const nodeSelector = specField("nodeSelector", () => labelsField(spec, "nodeSelector", sp));
  const affinity = specField("affinity", () => affinityField(spec, sp));
  const tolerations = specField("tolerations", () => tolerationsField(spec, sp));
  const topologySpreadConstraints = specField("topologySpreadConstraints", () => topologySpreadField(spec, sp));

  const stp = child(path, "status");
  const status = optObject(o, "status", path) ?? EMPTY_OBJECT;
  const statusResources = optObject(status, "resources", stp);
  const nodeFeatureUse = nodeFeatureUseField(spec, sp);
  const startTime = timestampField(status, "startTime", stp);
  const gates = schedulingGatesField(spec, sp);
  const claims = resourceClaimsField(spec, sp);
  // status.extendedResourceClaimStatus: the claim DRAExtendedResource created for the pod (its devices in use).
  const ercs = optObject(status, "extendedResourceClaimStatus", stp);
  const extendedResourceClaim = ercs === undefined ? "" : stringField(ercs, "resourceClaimName", child(stp, "extendedResourceClaimStatus"));
  // The fields every pod has in one literal, the optional ones assigned after. An object literal that starts
  // with a spread is built by adding its ~30 fields one by one, which turns it into a dictionary (hundreds of
  // bytes per pod); one that ends with spreads reserves an in-object slot for each spread whether it adds a
  // field or not (8 spreads: 64 bytes a pod, 64 MB at 10⁶ pods). A pod with optional fields keeps them in a
  // small out-of-object property array instead.
  const pod: { -readonly [K in keyof Pod]: Pod[K] } = {
    name,
    namespace,
    uid,
    labels,
    nodeName,
    nominatedNodeName: nodeNameField(status, "nominatedNodeName", stp),
    priority,
    creationTime,
    schedulerName,
    containers,
    initContainers,
    overhead,
    podResources,
    nodeSelector,
    affinity,
    tolerations,
    topologySpreadConstraints,
    terminating,
    phase: stringField(status, "phase", stp),
    preemptionPolicy,
    containerStatuses: containerStatusesField(status, "containerStatuses", stp),
    initContainerStatuses: containerStatusesField(status, "initContainerStatuses", stp),
    statusPodResourcesSet: statusResources !== undefined,
    statusPodRequests: statusResources === undefined ? null : optQuantityListField(statusResources, "requests", child(stp, "resources")),
    statusPodAllocated: optQuantityListField(status, "allocatedResources", stp),
    resizeInfeasible: resizeInfeasible(status, stp),
  };
  if (nodeFeatureUse !== null) pod.nodeFeatureUse = nodeFeatureUse;
  if (startTime !== undefined) pod.startTime = startTime;
  if (controllerRef !== null) pod.controllerRef = controllerRef;
  if (priorityClassName !== "") pod.priorityClassName = priorityClassName;
  const { draNodeAllocatable } = draNodeAllocatableField(status, stp);
  if (draNodeAllocatable !== undefined) pod.draNodeAllocatable = draNodeAllocatable;
  if (gates.schedulingGates !== undefined) pod.schedulingGates = gates.schedulingGates;
  if (claims.resourceClaims !== undefined) pod.resourceClaims = claims.resourceClaims;
  if (extendedResourceClaim !== "") pod.extendedResourceClaim = extendedResourceClaim;
  return pod;
}

// k8s.io/api core/v1 NodeAllocatableResourceClaimStatus (DRANodeAllocatableResources, alpha in 1.36): what the
// DRA plugin allocated from node-allocatable resources for the pod's claims. Summed once here as
// component-helpers resource/helpers.go addDRANodeAllocatableClaimResources adds it to the pod's requests:
// each mapping's quantity, each overhead's perPod, and its perContainer times the number of containers listed.
const ZERO_QUANTITY = Quantity.fromInteger(0);

function draNodeAllocatableField(status: JsonObject, path: string): { draNodeAllocatable?: QuantityList } {
  const arr = arrayField(status, "nodeAllocatableResourceClaimStatuses", path);
  if (arr.length === 0) return {};
  const p = child(path, "nodeAllocatableResourceClaimStatuses");
  const sum = new Map<string, Quantity>();
  const add = (name: string, q: Quantity) => {
    const prev = sum.get(name);
    sum.set(name, prev === undefined ? q : prev.add(q));
  };
  for (let i = 0; i < arr.length; i++) {
    const sp = index(p, i);
    const o = asObject(arr[i], sp);
    // +required: the claim the allocation came from.
    const claim = field(o, "resourceClaimName");
    if (typeof claim !== "string" || claim === "") throw new SchedkitError(child(sp, "resourceClaimName"), claim, claim === undefined ? "is required" : "is not a non-empty string");
    const containers = arrayField(o, "containers", sp);
    containers.forEach((c, j) => {
      if (typeof c !== "string") throw new SchedkitError(index(child(sp, "containers"), j), c, "is not a string");
    });
    const entries = (key: string, each: (e: JsonObject, ep: string, name: string) => void) => {
      const list = arrayField(o, key, sp);
      for (let j = 0; j < list.length; j++) {
        const ep = index(child(sp, key), j);
        const e = asObject(list[j], ep);
        const name = field(e, "name");
        if (typeof name !== "string") throw new SchedkitError(child(ep, "name"), name, name === undefined ? "is required" : "is not a string");
        checkResourceName(name, child(ep, "name"));
        each(e, ep, name);
      }
    };
    const quantity = (e: JsonObject, key: string, ep: string): Quantity | undefined => {
      const raw = field(e, key);
      if (raw === undefined || raw === null) return undefined;
      const q = quantityValue(raw, child(ep, key));
      if (q.sign() < 0) throw new SchedkitError(child(ep, key), raw, "is negative; resource quantities must be >= 0");
      return q;
    };
    entries("mapping", (e, ep, name) => {
      const q = quantity(e, "quantity", ep);
      if (q !== undefined) add(name, q);
    });
    entries("overhead", (e, ep, name) => {
      let q = quantity(e, "perPod", ep) ?? ZERO_QUANTITY;
      const per = quantity(e, "perContainer", ep);
      // Upstream multiplies a copy of perContainer by len(containers) (Quantity.Mul): exact, as these adds are.
      if (per !== undefined) for (let k = 0; k < containers.length; k++) q = q.add(per);
      add(name, q);
    });
  }
  return { draNodeAllocatable: sum };
}

// metav1.GetControllerOf: the first ownerReference with controller: true.
function controllerRefField(meta: JsonObject, mp: string): ControllerRef | null {
  const refs = arrayField(meta, "ownerReferences", mp);
  const rp = child(mp, "ownerReferences");
  for (let i = 0; i < refs.length; i++) {
    const p = index(rp, i);
    const r = asObject(refs[i], p);
    if (!boolField(r, "controller", p)) continue;
    return { apiVersion: stringField(r, "apiVersion", p), kind: stringField(r, "kind", p), name: stringField(r, "name", p) };
  }
  return null;
}

// component-helpers nodedeclaredfeatures/features: the pod fields InferForScheduling reads (restartallcontainers,
// usernamespaceshostnetwork, volumebindmountoptions); null when the pod uses none of them.
function nodeFeatureUseField(spec: JsonObject, sp: string): NodeFeatureUse | null {
  let restartAllContainers = false;
  let volumeBindMountOptions = false;
  for (const key of ["containers", "initContainers"]) {
    const arr = arrayField(spec, key, sp);
    for (let i = 0; i < arr.length; i++) {
      const cp = index(child(sp, key), i);
      const c = asObject(arr[i], cp);
      const rules = arrayField(c, "restartPolicyRules", cp);
      for (let j = 0; j < rules.length; j++) {
        const rp = index(child(cp, "restartPolicyRules"), j);
        if (stringField(asObject(rules[j], rp), "action", rp) === "RestartAllContainers") restartAllContainers = true;
      }
      const mounts = arrayField(c, "volumeMounts", cp);
      for (let j = 0; j < mounts.length; j++) {
        const mp = index(child(cp, "volumeMounts"), j);
        if (stringArrayField(asObject(mounts[j], mp), "bindMountOptions", mp).length > 0) volumeBindMountOptions = true;
      }
    }
  }
  const hostUsers = field(spec, "hostUsers");
  if (hostUsers !== undefined && hostUsers !== null && typeof hostUsers !== "boolean") throw new SchedkitError(child(sp, "hostUsers"), hostUsers, "is not a boolean");
  const hostNetworkUserNamespace = boolField(spec, "hostNetwork", sp) && hostUsers === false;
  return restartAllContainers || volumeBindMountOptions || hostNetworkUserNamespace ? { restartAllContainers, hostNetworkUserNamespace, volumeBindMountOptions } : null;
}

// spec.nodeName and status.nominatedNodeName, when set, name a node (see objectNameProblem).
function nodeNameField(o: JsonObject, key: string, path: string): string {
  const v = stringField(o, key, path);
  if (v === "") return v;
  const problem = objectNameProblem(v);
  if (problem !== "") throw new SchedkitError(child(path, key), v, problem);
  return v;
}

// ---------------------------------------------------------------------------------------------
// Splitting a kubectl document into nodes, pods and namespaces

/** One object found in the input and where it was. */
interface KubeObjectRef {
  readonly obj: unknown;
  readonly path: string;
  /** The object's kind (its own, or the one its group implies). */
  readonly kind?: string;
}

/** The objects of a kubectl-style document, by kind; `ignored` lists objects of other kinds. */
export interface SplitKubeObjects {
  readonly nodes: KubeObjectRef[];
  readonly pods: KubeObjectRef[];
  readonly namespaces: KubeObjectRef[];
  /** PriorityClasses (priority admission). */
  readonly priorityClasses: KubeObjectRef[];
  /** Services, ReplicationControllers, ReplicaSets, StatefulSets (PodTopologySpread's default selector). */
  readonly selecting: KubeObjectRef[];
  /** PodDisruptionBudgets (DefaultPreemption). */
  readonly podDisruptionBudgets: KubeObjectRef[];
  /** resource.k8s.io DeviceClasses (DRAExtendedResource's mapping of extended resources to classes). */
  readonly deviceClasses: KubeObjectRef[];
  /** resource.k8s.io ResourceSlices: the devices DRA allocates from. */
  readonly resourceSlices: KubeObjectRef[];
  /** resource.k8s.io ResourceClaims: the devices already allocated, and pods' extended-resource claims. */
  readonly resourceClaims: KubeObjectRef[];
  readonly ignored: { readonly kind: string; readonly path: string }[];
}

const SELECTING_KINDS: ReadonlySet<string> = new Set(["Service", "ReplicationController", "ReplicaSet", "StatefulSet"]);

type DefaultKind =
  | "Node"
  | "Pod"
  | "Namespace"
  | "PriorityClass"
  | "Service"
  | "ReplicationController"
  | "ReplicaSet"
  | "StatefulSet"
  | "PodDisruptionBudget"
  | "DeviceClass"
  | "ResourceSlice"
  | "ResourceClaim"
  | undefined;

/** The groups of the `{ nodes, pods, ... }` form and the kind their items take. */
const GROUPS: readonly (readonly [string, Exclude<DefaultKind, undefined>])[] = [
  ["nodes", "Node"],
  ["pods", "Pod"],
  ["namespaces", "Namespace"],
  ["priorityClasses", "PriorityClass"],
  ["services", "Service"],
  ["replicationControllers", "ReplicationController"],
  ["replicaSets", "ReplicaSet"],
  ["statefulSets", "StatefulSet"],
  ["podDisruptionBudgets", "PodDisruptionBudget"],
  ["deviceClasses", "DeviceClass"],
  ["resourceSlices", "ResourceSlice"],
  ["resourceClaims", "ResourceClaim"],
];

function isListKind(kind: string): boolean {
  return kind === "List" || kind.endsWith("List");
}

function route(out: SplitKubeObjects, item: unknown, path: string, defaultKind: DefaultKind, depth = 0): void {
  const o = asObject(item, path);
  const kind = field(o, "kind");
  if (kind !== undefined && typeof kind !== "string") throw new SchedkitError(child(path, "kind"), kind, "is not a string");
  const k = kind === undefined || kind === "" ? defaultKind : kind;
  switch (k) {
    case "Node":
      out.nodes.push({ obj: o, path });
      return;
    case "Pod":
      out.pods.push({ obj: o, path });
      return;
    case "Namespace":
      out.namespaces.push({ obj: o, path });
      return;
    case "PriorityClass":
      out.priorityClasses.push({ obj: o, path });
      return;
    case "PodDisruptionBudget":
      out.podDisruptionBudgets.push({ obj: o, path });
      return;
    case "DeviceClass":
      out.deviceClasses.push({ obj: o, path });
      return;
    case "ResourceSlice":
      out.resourceSlices.push({ obj: o, path });
      return;
    case "ResourceClaim":
      out.resourceClaims.push({ obj: o, path });
      return;
    case undefined:
      throw new SchedkitError(child(path, "kind"), kind, "is required here (Node, Pod, Namespace or a List of them)");
    default:
      if (SELECTING_KINDS.has(k)) out.selecting.push({ obj: o, path, kind: k });
      else if (isListKind(k) && field(o, "items") !== undefined) routeItems(out, o, path, defaultKind, depth);
      else out.ignored.push({ kind: k, path });
  }
}

// `depth`: how many Lists enclose `list`.
function routeItems(out: SplitKubeObjects, list: JsonObject, path: string, defaultKind: DefaultKind, depth = 0): void {
  if (depth > MAX_LIST_DEPTH) throw new SchedkitError(abbreviatePath(path), field(list, "kind"), `is a List nested in more than ${MAX_LIST_DEPTH} Lists (the limit)`);
  const items = arrayField(list, "items", path);
  const ip = child(path, "items");
  for (let i = 0; i < items.length; i++) route(out, items[i], index(ip, i), defaultKind, depth + 1);
}

/** A path of a deeply nested item, readable in one line: its start, how many characters were left out, its end. */
function abbreviatePath(path: string): string {
  return path.length <= 120 ? path : `${path.slice(0, 50)}…(${path.length - 100} characters)…${path.slice(-50)}`;
}

function routeGroup(out: SplitKubeObjects, v: unknown, path: string, kind: DefaultKind): void {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) route(out, v[i], index(path, i), kind);
  } else if (isObject(v) && field(v, "items") !== undefined) {
    routeItems(out, v, path, kind);
  } else {
    throw new SchedkitError(path, v, "is not an array or a List");
  }
}

/**
 * Splits kubectl-style input by kind. Accepts a v1.List (or any `*List` with `items`), a bare
 * array, a single object, or `{nodes, pods, namespaces}` (each an array or a List; also `priorityClasses`,
 * `services`, `replicationControllers`, `replicaSets`, `statefulSets`, `podDisruptionBudgets`, `deviceClasses`,
 * `resourceSlices`, `resourceClaims`). Items are
 * routed by `kind`; inside a group an item without `kind` takes the group's kind.
 * PriorityClasses, Services, ReplicationControllers, ReplicaSets, StatefulSets, PodDisruptionBudgets,
 * DeviceClasses, ResourceSlices and ResourceClaims are collected for the scheduler; objects of other kinds (Deployment, ConfigMap, ...) are not errors; they are
 * listed in `ignored`.
 */
export function splitKubeObjects(input: unknown, path: string): SplitKubeObjects {
  const out: SplitKubeObjects = {
    nodes: [],
    pods: [],
    namespaces: [],
    priorityClasses: [],
    selecting: [],
    podDisruptionBudgets: [],
    deviceClasses: [],
    resourceSlices: [],
    resourceClaims: [],
    ignored: [],
  };
  if (Array.isArray(input)) {
    routeGroup(out, input, path, undefined);
    return out;
  }
  // Errors about the document itself need a name even at the root path "".
  const self = path === "" ? "input" : path;
  const o = asObject(input, self);
  if (field(o, "kind") !== undefined || field(o, "items") !== undefined) {
    if (field(o, "kind") === undefined) routeItems(out, o, path, undefined);
    else route(out, o, path, undefined);
    return out;
  }
  if (GROUPS.every(([key]) => field(o, key) === undefined)) {
    throw new SchedkitError(self, o, "has none of kind, items, nodes, pods or namespaces");
  }
  for (const [key, kind] of GROUPS) {
    const v = field(o, key);
    if (v !== undefined) routeGroup(out, v, child(path, key), kind);
  }
  return out;
}
