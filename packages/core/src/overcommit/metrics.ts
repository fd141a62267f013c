// CPU usage snapshots as operators have them: a metrics.k8s.io/v1beta1 PodMetricsList (`kubectl get --raw
// /apis/metrics.k8s.io/v1beta1/pods`) or the text of `kubectl top pods --containers [-A]`.
import { SchedkitError } from "../errors.js";
import { isObject } from "../model/json.js";
import { quantityFromJSON, toResourceNumber } from "../quantity.js";

/** CPU usage in millicores by "namespace/pod/container". */
export type ContainerCpuUsage = ReadonlyMap<string, number>;


/** Millicores of a usage quantity, rounded up as Quantity.MilliValue does ("123456789n" → 124). */
function milli(v: unknown, path: string): number {
  const q = quantityFromJSON(v, path);
  return toResourceNumber(q.milliValue(), path, v);
}

/** A PodMetricsList (or an array of PodMetrics) as container CPU usage. */
export function podMetricsUsage(list: unknown, path = "metrics"): ContainerCpuUsage {
  const items = Array.isArray(list) ? list : isObject(list) && Array.isArray(list["items"]) ? (list["items"] as unknown[]) : null;
  if (items === null) throw new SchedkitError(path, list, "is not a PodMetricsList (kind PodMetricsList with items)");
  const base = Array.isArray(list) ? path : `${path}.items`;
  const out = new Map<string, number>();
  items.forEach((item, i) => {
    const ip = `${base}[${i}]`;
    if (!isObject(item) || !isObject(item["metadata"])) throw new SchedkitError(`${ip}.metadata`, isObject(item) ? item["metadata"] : item, "is required (PodMetrics metadata.name / namespace)");
    const name = item["metadata"]["name"];
    const ns = item["metadata"]["namespace"] ?? "default";
    if (typeof name !== "string" || name === "") throw new SchedkitError(`${ip}.metadata.name`, name, "is required");
    if (!Array.isArray(item["containers"])) throw new SchedkitError(`${ip}.containers`, item["containers"], "is not an array");
    (item["containers"] as unknown[]).forEach((c, j) => {
      const cp = `${ip}.containers[${j}]`;
      if (!isObject(c) || typeof c["name"] !== "string") throw new SchedkitError(`${cp}.name`, isObject(c) ? c["name"] : c, "is required");
      const usage = isObject(c["usage"]) ? c["usage"] : {};
      out.set(`${String(ns)}/${name}/${c["name"]}`, milli(usage["cpu"] ?? "0", `${cp}.usage.cpu`));
    });
  });
  return out;
}

/**
 * The table `kubectl top pods --containers` prints: columns POD, NAME, CPU(cores), MEMORY(bytes), with a
 * leading NAMESPACE column under -A; without it every pod is in `namespace`.
 */
export function kubectlTopUsage(text: string, label = "kubectl top", namespace = "default"): ContainerCpuUsage {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length === 0) throw new SchedkitError(label, text, "is empty (expected `kubectl top pods --containers` output)");
  const header = lines[0]!.trim().split(/\s+/);
  const col = (n: string) => header.indexOf(n);
  const [iNs, iPod, iName, iCpu] = [col("NAMESPACE"), col("POD"), col("NAME"), col("CPU(cores)")];
  if (iPod === -1 || iName === -1 || iCpu === -1) {
    throw new SchedkitError(`${label}: line 1`, lines[0], "is not the header of `kubectl top pods --containers` (POD NAME CPU(cores) MEMORY(bytes))");
  }
  const out = new Map<string, number>();
  lines.slice(1).forEach((line, k) => {
    const f = line.trim().split(/\s+/);
    if (f.length !== header.length) throw new SchedkitError(`${label}: line ${k + 2}`, line, `has ${f.length} columns, the header ${header.length}`);
    out.set(`${iNs === -1 ? namespace : f[iNs]}/${f[iPod]}/${f[iName]}`, milli(f[iCpu], `${label}: line ${k + 2}: CPU(cores)`));
  });
  return out;
}
