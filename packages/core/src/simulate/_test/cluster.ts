// Test-only: small clusters for the simulation's tests, as v1 objects through createCluster (the user's path).
import { createCluster, type Cluster } from "../../schedule.js";

/** A v1.Node with `cpu` millicores, `memGi` GiB, 110 pods, in `zone`. */
export function node(name: string, cpu: number, memGi: number, zone = "zone-a"): object {
  const allocatable = { cpu: `${cpu}m`, memory: `${memGi}Gi`, pods: "110" };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": zone } },
    status: { allocatable, capacity: allocatable },
  };
}

/** A cluster of the given nodes and nothing running. */
export function clusterOf(...nodes: object[]): Cluster {
  return createCluster({ nodes, pods: [] });
}
