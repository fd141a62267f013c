// Test tables describe containers by numbers (millicores, bytes); the layered report and the cgroup math take
// v1.Pods. This writes such a row as the v1.Pod a user would give: cpu as "<n>m", memory as "<n>" bytes.
import type { KubePod } from "../model/kube-types.js";
import type { LayeredPod } from "../overcommit/types.js";

/** cpu in millicores, memory in bytes. */
interface NumericList {
  readonly cpu?: number;
  readonly memory?: number;
}

/** A container row of a test table. */
export interface NumericContainer {
  readonly name?: string;
  readonly requests?: NumericList;
  readonly limits?: NumericList;
  readonly restartPolicy?: "Always";
}

const quantities = (l: NumericList): Record<string, string> => ({
  ...(l.cpu === undefined ? {} : { cpu: `${l.cpu}m` }),
  ...(l.memory === undefined ? {} : { memory: String(l.memory) }),
});

function container(c: NumericContainer, name: string): Record<string, unknown> {
  const resources = { ...(c.requests === undefined ? {} : { requests: quantities(c.requests) }), ...(c.limits === undefined ? {} : { limits: quantities(c.limits) }) };
  return { name: c.name ?? name, resources, ...(c.restartPolicy === undefined ? {} : { restartPolicy: c.restartPolicy }) };
}

/** A v1.Pod with these containers (named c0, c1, … and i0, i1, … unless named). */
export function kubePod(containers: readonly NumericContainer[], initContainers: readonly NumericContainer[] = [], name = "pod", namespace?: string): KubePod {
  return {
    metadata: { name, ...(namespace === undefined ? {} : { namespace }) },
    spec: {
      containers: containers.map((c, i) => container(c, `c${i}`)),
      ...(initContainers.length === 0 ? {} : { initContainers: initContainers.map((c, i) => container(c, `i${i}`)) }),
    },
  } as unknown as KubePod;
}

/** A layered pod row: app containers with their demand (and threads). */
export interface NumericLayeredContainer extends NumericContainer {
  readonly demandMilli: number;
  readonly threads?: number;
}

/** The layered inventory's pod for a numeric row. */
export function layeredPod(name: string, containers: readonly NumericLayeredContainer[], namespace?: string): LayeredPod {
  const pod = kubePod(containers, [], name, namespace);
  const names = containers.map((c, i) => c.name ?? `c${i}`);
  const threads = containers.flatMap((c, i) => (c.threads === undefined ? [] : [[names[i]!, c.threads] as const]));
  return {
    ...pod,
    demandMilli: Object.fromEntries(containers.map((c, i) => [names[i]!, c.demandMilli])),
    ...(threads.length === 0 ? {} : { threads: Object.fromEntries(threads) }),
  };
}
