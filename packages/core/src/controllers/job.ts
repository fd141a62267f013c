// kube-controller-manager: pkg/controller/job (job_controller.go manageJob: wantActive) with the batch/v1
// defaults (pkg/apis/batch/v1/defaults.go SetDefaults_Job), and pkg/controller/cronjob (a Job from
// spec.jobTemplate): the pods a new Job starts.
import { INT32_MAX, asObject, child, isObject, optInteger, type JsonObject } from "../model/json.js";
import { workloadParts } from "./workload.js";
import { MAX_PODS_PER_WORKLOAD } from "../limits.js";
import { SchedkitError } from "../errors.js";

type Json = Record<string, unknown>;

/**
 * How many pods a new Job runs at once: parallelism (default 1), bounded by completions when set (both unset:
 * 1); none while suspended.
 */
export function jobActivePods(job: unknown, path: string): number {
  const o = asObject(job, path);
  const spec = isObject(o["spec"]) ? (o["spec"] as JsonObject) : {};
  const sp = child(path, "spec");
  if (spec["suspend"] === true) return 0;
  const completions = optInteger(spec, "completions", sp, 0, INT32_MAX);
  const parallelism = optInteger(spec, "parallelism", sp, 0, INT32_MAX) ?? 1;
  if (completions === undefined) return parallelism;
  return Math.max(0, Math.min(completions, parallelism));
}

/**
 * The pods a new Job starts: jobActivePods copies of spec.template named `<job>-<i>`, with a controller
 * ownerReference to the Job.
 */
export function jobPods(job: unknown, path: string): Json[] {
  const { obj: o, meta, name, namespace, template, templateMeta: tmeta } = workloadParts(job, path);
  const owner = { apiVersion: "batch/v1", kind: "Job", name, uid: typeof meta["uid"] === "string" ? meta["uid"] : `job-${namespace}-${name}`, controller: true };
  const n = jobActivePods(o, path);
  if (n > MAX_PODS_PER_WORKLOAD) throw new SchedkitError(child(path, "spec.parallelism"), n, `is more than ${MAX_PODS_PER_WORKLOAD} pods per workload (the limit)`);
  const out: Json[] = [];
  for (let i = 0; i < n; i++) out.push({ apiVersion: "v1", kind: "Pod", metadata: { ...tmeta, name: `${name}-${i}`, namespace, ownerReferences: [owner] }, spec: template["spec"] });
  return out;
}

/** The Job a CronJob creates at its next schedule (spec.jobTemplate), named after the CronJob. */
export function cronJobJob(cronJob: unknown, path: string): Json {
  const { meta, template: jt } = workloadParts(cronJob, path, "jobTemplate");
  const jmeta = isObject(jt["metadata"]) ? (jt["metadata"] as JsonObject) : {};
  return { apiVersion: "batch/v1", kind: "Job", metadata: { ...jmeta, name: meta["name"], namespace: meta["namespace"] }, spec: jt["spec"] };
}
