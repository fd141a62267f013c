// Test-only: turns the fixtures' compact node/pod schema (docs/fixtures.md, "File layout") into the real
// kubectl-style v1.Node / v1.Pod JSON that the public API accepts, so every fixture case exercises the
// same input path a user does. Integer quantities become quantity strings: cpu as "<n>m", others "<n>".

type Json = Record<string, any>;

function quantities(list: Json | undefined): Json | undefined {
  if (list === undefined) return undefined;
  const out: Json = {};
  for (const [k, v] of Object.entries(list)) out[k] = typeof v === "number" ? (k === "cpu" ? `${v}m` : `${v}`) : v;
  return out;
}

function container(c: Json, i: number, prefix: string): Json {
  const out: Json = { name: c.name ?? `${prefix}${i}`, image: c.image ?? "" };
  const resources: Json = {};
  if (c.requests !== undefined) resources.requests = quantities(c.requests);
  if (c.limits !== undefined) resources.limits = quantities(c.limits);
  out.resources = resources;
  if (c.ports !== undefined) out.ports = c.ports;
  if (c.restartPolicy !== undefined) out.restartPolicy = c.restartPolicy;
  return out;
}

/** A fixture node as a v1.Node. `defaultName` is used when the fixture leaves the name empty. */
export function toKubeNode(n: Json, defaultName = "node"): Json {
  const allocatable = quantities(n.allocatable ?? {})!;
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: n.name === undefined || n.name === "" ? defaultName : n.name, labels: n.labels ?? {} },
    spec: { unschedulable: n.unschedulable ?? false, taints: n.taints ?? [] },
    status: { allocatable, capacity: allocatable, images: n.images ?? [] },
  };
}

let seq = 0;

/** A fixture pod as a v1.Pod. */
export function toKubePod(p: Json, defaultName?: string): Json {
  const name = p.name ?? defaultName ?? `pod-${seq++}`;
  // The v1 API requires a container (podFromKube rejects none); upstream's filter tables build container-less
  // pods, which get one empty container here — no requests, ports or image, so no filter reads it.
  const containers = p.containers === undefined || p.containers.length === 0 ? [{ name: "c0" }] : p.containers;
  const spec: Json = {
    containers: containers.map((c: Json, i: number) => container(c, i, "c")),
  };
  if (p.initContainers !== undefined) spec.initContainers = p.initContainers.map((c: Json, i: number) => container(c, i, "init"));
  if (p.nodeName !== undefined) spec.nodeName = p.nodeName;
  if (p.overhead !== undefined) spec.overhead = quantities(p.overhead);
  if (p.resources !== undefined) {
    spec.resources = {};
    if (p.resources.requests !== undefined) spec.resources.requests = quantities(p.resources.requests);
    if (p.resources.limits !== undefined) spec.resources.limits = quantities(p.resources.limits);
  }
  if (p.nodeSelector !== undefined) spec.nodeSelector = p.nodeSelector;
  if (p.affinity !== undefined) spec.affinity = p.affinity;
  if (p.tolerations !== undefined) spec.tolerations = p.tolerations;
  if (p.topologySpreadConstraints !== undefined) spec.topologySpreadConstraints = p.topologySpreadConstraints;
  if (p.priority !== undefined) spec.priority = p.priority;
  const metadata: Json = { name, namespace: p.namespace ?? "default", labels: p.labels ?? {} };
  if (p.terminating === true) metadata.deletionTimestamp = "2026-01-01T00:00:00Z";
  const pod: Json = { apiVersion: "v1", kind: "Pod", metadata, spec };
  const status: Json = {};
  if (p.phase !== undefined) status.phase = p.phase;
  if (p.status !== undefined) {
    const s = p.status;
    const conv = (cs: Json[]) =>
      cs.map((c) => {
        const o: Json = { ...c };
        if (c.allocatedResources !== undefined) o.allocatedResources = quantities(c.allocatedResources);
        if (c.resources !== undefined) {
          o.resources = {};
          if (c.resources.requests !== undefined) o.resources.requests = quantities(c.resources.requests);
          if (c.resources.limits !== undefined) o.resources.limits = quantities(c.resources.limits);
        }
        return o;
      });
    if (s.containerStatuses !== undefined) status.containerStatuses = conv(s.containerStatuses);
    if (s.initContainerStatuses !== undefined) status.initContainerStatuses = conv(s.initContainerStatuses);
    if (s.resources !== undefined) {
      status.resources = {};
      if (s.resources.requests !== undefined) status.resources.requests = quantities(s.resources.requests);
    }
    if (s.allocatedResources !== undefined) status.allocatedResources = quantities(s.allocatedResources);
    if (s.conditions !== undefined) status.conditions = s.conditions;
    // Already in the v1 API's form (quantity strings).
    if (s.nodeAllocatableResourceClaimStatuses !== undefined) status.nodeAllocatableResourceClaimStatuses = s.nodeAllocatableResourceClaimStatuses;
  }
  pod.status = status;
  return pod;
}
