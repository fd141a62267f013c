// v1.Pods drawn around the resource view's edges, valid and not: quantities in every spelling (common ones,
// fractions, exponents, signs, white space, JSON numbers, null, garbage), app, init and sidecar containers,
// overhead and pod-level resources, extended resources, JSON nulls in every optional position, invalid and
// duplicate names, wrong types, and fields that are inherited rather than own.
import fc from "fast-check";

const odd = fc.constantFrom("0.5", "1.5Gi", "100m ", " 1", "1e3", "2e3m", "0.1m", "8589934592m", "8589934593m", "9007199254740991", "9Ei", "-1", "-100m", "12x", "", "1..2", null, -0, 1.5, -3, true);

const cpuQuantity = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: 0, max: 64_000 }).map((m) => `${m}m`) },
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 64 }).map(String) },
  { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 0, max: 64 }), fc.constantFrom("k", "Ki", "M")).map(([n, s]) => `${n}${s}`) },
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 64 }) },
  { weight: 1, arbitrary: odd },
);

const memoryQuantity = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0, max: 2 ** 34 }).map(String) },
  { weight: 20, arbitrary: fc.tuple(fc.integer({ min: 0, max: 4096 }), fc.constantFrom("Ki", "Mi", "Gi", "k", "M", "G")).map(([n, s]) => `${n}${s}`) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 2 ** 20 }).map((n) => `${n * 1000}m`) },
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 2 ** 32 }) },
  { weight: 1, arbitrary: fc.oneof(odd, fc.integer({ min: 1, max: 999 }).map((n) => `${n}m`)) },
);

const list = fc.oneof(
  { weight: 30, arbitrary: fc.record({ cpu: cpuQuantity, memory: memoryQuantity }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.record({ cpu: cpuQuantity, "example.com/gpu": fc.constantFrom("1", "x"), "hugepages-2Mi": fc.constant("2Mi") }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.constantFrom(null, "x", [], 3) },
);

const resources = fc.oneof(
  { weight: 30, arbitrary: fc.record({ requests: list, limits: list }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.constantFrom(null, "x", {}) },
);

// Usually unique (the index is appended); sometimes a clash or an invalid name.
const containerName = fc.oneof({ weight: 30, arbitrary: fc.constantFrom("a", "app", "proxy") }, { weight: 1, arbitrary: fc.constantFrom("", "A", "-x", "a".repeat(64), null, 7, "dup") });

const container = fc
  .record(
    {
      name: containerName,
      resources,
      restartPolicy: fc.oneof({ weight: 20, arbitrary: fc.constantFrom("Always", "OnFailure", null) }, { weight: 1, arbitrary: fc.constant(3) }),
      image: fc.constant("busybox"),
    },
    { requiredKeys: ["name"] },
  )
  .map((c) => c as Record<string, unknown>);

const containers = (min: number, prefix: string) =>
  fc.array(container, { minLength: min, maxLength: 4 }).map((cs) => cs.map((c, i) => (typeof c["name"] === "string" && c["name"] !== "dup" && c["name"].length < 60 && c["name"] !== "" ? { ...c, name: `${c["name"]}-${prefix}${i}` } : c)));

/** A v1.Pod's resources-only view, valid most of the time and malformed in any one of many ways. */
export const resourcePodArbitrary: fc.Arbitrary<unknown> = fc
  .record(
    {
      kind: fc.oneof({ weight: 20, arbitrary: fc.constantFrom("Pod", null) }, { weight: 1, arbitrary: fc.constant("Node") }),
      name: fc.oneof({ weight: 30, arbitrary: fc.constantFrom("p", "web-1", "Pod.x") }, { weight: 1, arbitrary: fc.constantFrom("", ".", "a/b", null, 1) }),
      namespace: fc.oneof({ weight: 20, arbitrary: fc.constantFrom("prod", "", "default", null) }, { weight: 1, arbitrary: fc.constantFrom("Bad_NS", 2) }),
      containers: fc.oneof({ weight: 30, arbitrary: containers(1, "c") }, { weight: 1, arbitrary: fc.constantFrom([], null, "x") }),
      initContainers: fc.oneof({ weight: 20, arbitrary: containers(0, "i") }, { weight: 1, arbitrary: fc.constantFrom(null, {}) }),
      overhead: list,
      podResources: resources,
      inherited: fc.oneof({ weight: 30, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    },
    { requiredKeys: ["containers"] },
  )
  .map(({ kind, name, namespace, containers: app, initContainers, overhead, podResources, inherited }) => {
    const metadata: Record<string, unknown> = {};
    if (name !== undefined) metadata["name"] = name;
    if (namespace !== undefined) metadata["namespace"] = namespace;
    const spec: Record<string, unknown> = { containers: app };
    if (initContainers !== undefined) spec["initContainers"] = initContainers;
    if (overhead !== undefined) spec["overhead"] = overhead;
    if (podResources !== undefined) spec["resources"] = podResources;
    const pod: Record<string, unknown> = { metadata, spec };
    if (kind !== undefined) pod["kind"] = kind;
    // A spec that is only inherited is no spec to a JSON reader (own properties only).
    return inherited ? Object.create(pod) : pod;
  });
