// NodeResourcesFitArgs and NodeResourcesBalancedAllocationArgs: decoding of the v1 JSON shape
// (k8s.io/kube-scheduler/config/v1 types), defaults (pkg/scheduler/apis/config/v1/defaults.go
// SetDefaults_NodeResourcesFitArgs / SetDefaults_NodeResourcesBalancedAllocationArgs) and validation
// (pkg/scheduler/apis/config/validation/validation_pluginargs.go ValidateNodeResourcesFitArgs,
// validateResources, validateFunctionShape, ValidateNodeResourcesBalancedAllocationArgs).
//
// Defaulting rule: a field that is ABSENT gets the v1 default; a field that is PRESENT (null included) is
// taken literally, as the scheduler's internal args, and validated as upstream validates them. Upstream's v1
// defaulting would also turn an explicit `weight: 0` into 1 and an explicit empty `resources` list into the
// cpu+memory default; schedkit rejects `weight: 0` and keeps an empty list (Score then fails with "resources
// not found") instead of silently changing what was written. The golden tables (Go tests on internal args)
// pin exactly these cases.
//
// Validation errors name the field path and quote upstream's detail text; where upstream aggregates several
// errors, the first one (in upstream's order) is thrown.
import { SchedkitError } from "../../errors.js";
import { qualifiedNameProblem } from "../../labels/validation.js";
import type { ResourceSpec } from "./resource-allocation.js";
import { MAX_CUSTOM_PRIORITY_SCORE, type UtilizationShapePoint } from "./requested-to-capacity-ratio.js";

/** Fit scoring strategies (config.ScoringStrategyType). */
export type ScoringStrategyType = "LeastAllocated" | "MostAllocated" | "RequestedToCapacityRatio";

const STRATEGY_TYPES: readonly ScoringStrategyType[] = ["LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"];

/** NodeResourcesFit's scoring strategy (config.ScoringStrategy), after defaulting. */
export interface ScoringStrategy {
  readonly type: ScoringStrategyType;
  readonly resources: readonly ResourceSpec[];
  /** The RTCR shape (required for, and only allowed with, type RequestedToCapacityRatio). */
  readonly requestedToCapacityRatio: { readonly shape: readonly UtilizationShapePoint[] } | null;
}

/** NodeResourcesFitArgs after defaulting and validation. */
export interface NodeResourcesFitArgs {
  readonly ignoredResources: readonly string[];
  readonly ignoredResourceGroups: readonly string[];
  readonly scoringStrategy: ScoringStrategy;
}

/** NodeResourcesBalancedAllocationArgs after defaulting and validation. */
export interface NodeResourcesBalancedAllocationArgs {
  readonly resources: readonly ResourceSpec[];
}

// defaults.go defaultResourceSpec.
function defaultResources(): ResourceSpec[] {
  return [
    { name: "cpu", weight: 1 },
    { name: "memory", weight: 1 },
  ];
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// Upstream decodes plugin args strictly (unknown fields are an error); `apiVersion`/`kind` may accompany them.
function checkFields(obj: Json, allowed: readonly string[], kind: string, path: string, top = false): void {
  for (const key of Object.keys(obj)) {
    if (key === "apiVersion" && top) continue;
    if (key === "kind" && top) {
      if (obj[key] !== kind) throw new SchedkitError(`${path}.kind`, obj[key], `is not "${kind}"`);
      continue;
    }
    if (!allowed.includes(key)) throw new SchedkitError(`${path}.${key}`, obj[key], `is not a field of ${kind}`);
  }
}

function objectOrAbsent(v: unknown, path: string, what: string): Json | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new SchedkitError(path, v, `is not ${what}`);
  return v;
}

function stringList(v: unknown, path: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new SchedkitError(path, v, "is not a list of strings");
  return v.map((s, i) => {
    if (typeof s !== "string") throw new SchedkitError(`${path}[${i}]`, s, "is not a string");
    return s;
  });
}

function integer(v: unknown, path: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v)) throw new SchedkitError(path, v, "is not an integer");
  return v;
}

// A `resources` list: absent → the default; null → empty (taken literally); each weight absent → 1.
function resourceList(v: unknown, kind: string, path: string): ResourceSpec[] {
  if (v === undefined) return defaultResources();
  if (v === null) return [];
  if (!Array.isArray(v)) throw new SchedkitError(path, v, "is not a list of resources ({name, weight})");
  return v.map((item, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(item)) throw new SchedkitError(p, item, "is not a resource ({name, weight})");
    checkFields(item, ["name", "weight"], `${kind} resource`, p);
    const name = item["name"];
    if (typeof name !== "string") throw new SchedkitError(`${p}.name`, name, "is not a resource name");
    const weight = item["weight"] === undefined ? 1 : integer(item["weight"], `${p}.weight`);
    return { name, weight };
  });
}

function shapeList(v: unknown, path: string): UtilizationShapePoint[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new SchedkitError(path, v, "is not a list of shape points ({utilization, score})");
  return v.map((item, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(item)) throw new SchedkitError(p, item, "is not a shape point ({utilization, score})");
    checkFields(item, ["utilization", "score"], "UtilizationShapePoint", p);
    // int32 fields that Go leaves 0 when omitted.
    const utilization = item["utilization"] === undefined ? 0 : integer(item["utilization"], `${p}.utilization`);
    const score = item["score"] === undefined ? 0 : integer(item["score"], `${p}.score`);
    return { utilization, score };
  });
}

// validateResources: each weight in (0, 100].
function validateResources(resources: readonly ResourceSpec[], path: string): void {
  resources.forEach((r, i) => {
    if (r.weight <= 0 || r.weight > 100) {
      throw new SchedkitError(`${path}[${i}].weight`, r.weight, `is invalid: resource weight of ${r.name} not in valid range (0, 100]`);
    }
  });
}

// validateFunctionShape: at least one point, strictly increasing utilization, utilization 0..100, score 0..10.
function validateFunctionShape(shape: readonly UtilizationShapePoint[], path: string): void {
  if (shape.length === 0) throw new SchedkitError(path, shape, "is required: at least one point must be specified");
  for (let i = 1; i < shape.length; i++) {
    if (shape[i - 1]!.utilization >= shape[i]!.utilization) {
      throw new SchedkitError(`${path}[${i}].utilization`, shape[i]!.utilization, "is invalid: values must be sorted in increasing order");
    }
  }
  shape.forEach((pt, i) => {
    if (pt.utilization < 0 || pt.utilization > 100) {
      throw new SchedkitError(`${path}[${i}].utilization`, pt.utilization, "is invalid: not in valid range [0, 100]");
    }
    if (pt.score < 0 || pt.score > MAX_CUSTOM_PRIORITY_SCORE) {
      throw new SchedkitError(`${path}[${i}].score`, pt.score, `is invalid: not in valid range [0, ${MAX_CUSTOM_PRIORITY_SCORE}]`);
    }
  });
}

/** Decodes, defaults and validates NodeResourcesFit args; `path` names the args object in errors. */
export function parseFitArgs(args: unknown, path: string): NodeResourcesFitArgs {
  const obj = objectOrAbsent(args, path, "a NodeResourcesFitArgs object") ?? {};
  checkFields(obj, ["ignoredResources", "ignoredResourceGroups", "scoringStrategy"], "NodeResourcesFitArgs", path, true);

  const ignoredResources = stringList(obj["ignoredResources"], `${path}.ignoredResources`);
  ignoredResources.forEach((name, i) => {
    const problem = qualifiedNameProblem(name);
    if (problem !== "") throw new SchedkitError(`${path}.ignoredResources[${i}]`, name, problem);
  });
  const ignoredResourceGroups = stringList(obj["ignoredResourceGroups"], `${path}.ignoredResourceGroups`);
  ignoredResourceGroups.forEach((group, i) => {
    const p = `${path}.ignoredResourceGroups[${i}]`;
    if (group.includes("/")) throw new SchedkitError(p, group, "is invalid: resource group name can't contain '/'");
    const problem = qualifiedNameProblem(group);
    if (problem !== "") throw new SchedkitError(p, group, problem);
  });

  const sp = `${path}.scoringStrategy`;
  const raw = obj["scoringStrategy"];
  if (raw === undefined) {
    return {
      ignoredResources,
      ignoredResourceGroups,
      scoringStrategy: { type: "LeastAllocated", resources: defaultResources(), requestedToCapacityRatio: null },
    };
  }
  if (raw === null) throw new SchedkitError(sp, raw, "is required: ScoringStrategy field is required");
  if (!isObject(raw)) throw new SchedkitError(sp, raw, "is not a scoring strategy ({type, resources, requestedToCapacityRatio})");
  checkFields(raw, ["type", "resources", "requestedToCapacityRatio"], "ScoringStrategy", sp);

  // No default for an omitted type inside a given strategy: "" is not a supported value.
  const type = raw["type"] ?? "";
  if (typeof type !== "string" || !(STRATEGY_TYPES as readonly string[]).includes(type)) {
    throw new SchedkitError(`${sp}.type`, type, `is not supported: supported values: ${STRATEGY_TYPES.map((t) => `"${t}"`).join(", ")}`);
  }
  const resources = resourceList(raw["resources"], "ScoringStrategy", `${sp}.resources`);
  validateResources(resources, `${sp}.resources`);

  const rp = `${sp}.requestedToCapacityRatio`;
  const rtcr = objectOrAbsent(raw["requestedToCapacityRatio"], rp, "a RequestedToCapacityRatio parameter ({shape})");
  let requestedToCapacityRatio: ScoringStrategy["requestedToCapacityRatio"] = null;
  if (type === "RequestedToCapacityRatio") {
    if (rtcr === undefined) throw new SchedkitError(rp, raw["requestedToCapacityRatio"], "is required: must be specified when type is RequestedToCapacityRatio");
    checkFields(rtcr, ["shape"], "RequestedToCapacityRatioParam", rp);
    const shape = shapeList(rtcr["shape"], `${rp}.shape`);
    validateFunctionShape(shape, `${rp}.shape`);
    requestedToCapacityRatio = { shape };
  } else if (rtcr !== undefined) {
    throw new SchedkitError(rp, rtcr, "is forbidden: must be nil when type is not RequestedToCapacityRatio");
  }
  return {
    ignoredResources,
    ignoredResourceGroups,
    scoringStrategy: { type: type as ScoringStrategyType, resources, requestedToCapacityRatio },
  };
}

/** Decodes, defaults and validates NodeResourcesBalancedAllocation args. */
export function parseBalancedAllocationArgs(args: unknown, path: string): NodeResourcesBalancedAllocationArgs {
  const obj = objectOrAbsent(args, path, "a NodeResourcesBalancedAllocationArgs object") ?? {};
  checkFields(obj, ["resources"], "NodeResourcesBalancedAllocationArgs", path, true);
  const rp = `${path}.resources`;
  const resources = resourceList(obj["resources"], "NodeResourcesBalancedAllocationArgs", rp);
  const seen = new Set<string>();
  resources.forEach((r, i) => {
    if (seen.has(r.name)) throw new SchedkitError(`${rp}[${i}].name`, r.name, "is a duplicate value");
    seen.add(r.name);
    if (r.weight !== 1) throw new SchedkitError(`${rp}[${i}].weight`, r.weight, "is invalid: must be 1");
  });
  return { resources };
}
