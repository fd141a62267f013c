// Replicas of one template share their parsed fields (PodInterner) and what makePodInfo derives from them;
// sharing must never change what a pod parses to, nor which pod an error names.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCluster, Scheduler, SchedkitError } from "../index.js";
import { podArbitrary } from "../arbitraries/index.js";
import { assertProperty, propertySeeds, runParameters } from "../_test/long.js";
import { makePodInfo } from "../framework/snapshot.js";
import { resolveFeatureGates } from "../framework/features.js";
import { parseKubeVersion, DEFAULT_KUBERNETES_VERSION } from "../framework/version.js";
import { jsonKey } from "./json.js";
import { MAX_SHARED_VALUES, PodInterner, podFromKube } from "./kube.js";

const SEEDS = propertySeeds(20261205);

const template = (name: string, cpu = "250m") => ({
  kind: "Pod",
  metadata: { name, namespace: "shop", labels: { app: "web", tier: "front" } },
  spec: {
    containers: [{ name: "app", image: "web:1", resources: { requests: { cpu, memory: "256Mi" } }, ports: [{ containerPort: 80, hostPort: 8080 }] }],
    tolerations: [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 }],
    affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, preference: { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] } }] } },
  },
});

describe("jsonKey: one key per JSON value, none for what is not JSON data", () => {
  for (const [name, seed] of SEEDS) {
    it(`is JSON that parses back to the value, so equal keys mean equal data (${name})`, () => {
      assertProperty(
        `jsonKey round trip (${name})`,
        fc.property(fc.jsonValue(), (v) => {
          const k = jsonKey(v);
          expect(k).toBeDefined();
          expect(JSON.parse(k!)).toStrictEqual(v);
        }),
        runParameters(500, seed),
      );
    });
  }

  it("tells -0 from 0 and keeps key order", () => {
    expect(jsonKey(-0)).toBe("-0");
    expect(jsonKey(0)).toBe("0");
    expect(jsonKey({ a: 1, b: 2 })).not.toBe(jsonKey({ b: 2, a: 1 }));
  });

  it.each<[string, unknown]>([
    ["NaN (JSON.stringify writes null)", NaN],
    ["Infinity", Infinity],
    ["undefined", undefined],
    ["a bigint", 10n],
    ["a function", () => 1],
    ["a class instance", new Date(0)],
    ["a Map", new Map([["a", "1"]])],
    ["a sparse array", [1, , 3]],
    ["an object holding NaN", { cpu: NaN }],
  ])("has no key for %s", (_, v) => {
    expect(jsonKey(v)).toBeUndefined();
  });

  it("has no key for an object with a non-enumerable own property, which field() reads", () => {
    expect(jsonKey(Object.defineProperty({}, "cpu", { value: "1", enumerable: false }))).toBeUndefined();
  });
});

describe("createCluster shares the parsed fields of replicas", () => {
  it("gives pods with the same raw labels, containers, tolerations and affinity one object each", () => {
    const c = createCluster([template("a"), template("b")]);
    const [a, b] = c.pendingPods;
    expect(a!.labels).toBe(b!.labels);
    expect(a!.containers).toBe(b!.containers);
    expect(a!.tolerations).toBe(b!.tolerations);
    expect(a!.affinity).toBe(b!.affinity);
    expect(a!.name).toBe("a");
    expect(b!.name).toBe("b");
  });

  it("gives replicas of one controller listed one after another one controllerRef object, and other controllers theirs", () => {
    const owned = (name: string, owner: string, controller = true) => {
      const t = template(name);
      return { ...t, metadata: { ...t.metadata, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: owner, uid: `rs-${owner}`, controller }] } };
    };
    const [a, b, c, d, e] = createCluster([owned("a", "web"), owned("b", "web"), owned("c", "api"), owned("d", "web"), owned("e", "web", false)]).pendingPods;
    expect(b!.controllerRef).toBe(a!.controllerRef);
    expect(c!.controllerRef).toStrictEqual({ apiVersion: "apps/v1", kind: "ReplicaSet", name: "api" });
    // The pod right before only: a reference equal to one seen earlier is the pod's own object.
    expect(d!.controllerRef).not.toBe(a!.controllerRef);
    expect(d!.controllerRef).toStrictEqual(a!.controllerRef);
    expect(e!.controllerRef).toBeUndefined();
  });

  it("does not share between pods whose raw fields differ", () => {
    const [a, b] = createCluster([template("a", "250m"), template("b", "500m")]).pendingPods;
    expect(a!.containers).not.toBe(b!.containers);
    expect(a!.labels).toBe(b!.labels);
  });

  for (const [name, seed] of SEEDS) {
    it(`parses every pod of a list as podFromKube parses it alone (${name})`, () => {
      assertProperty(
        `interned pods equal pods parsed alone (${name})`,
        fc.property(fc.array(podArbitrary(), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(5), { maxLength: 8 }), (drafts, repeats) => {
          // Replicas: the same raw pod again under another name, so hits and misses both happen.
          const raws = [...drafts, ...repeats.map((r) => drafts[r % drafts.length]!)].map((p, i) => {
            const o = structuredClone(p) as { metadata: { name: string } };
            o.metadata.name = `p-${i}`;
            return o;
          });
          let cluster;
          try {
            cluster = createCluster(raws);
          } catch (e) {
            // The first pod that fails alone is the one the list's error names.
            const alone = raws.findIndex((r, i) => {
              try {
                podFromKube(structuredClone(r), `[${i}]`, i);
                return false;
              } catch {
                return true;
              }
            });
            expect(alone).toBeGreaterThanOrEqual(0);
            expect((e as SchedkitError).path.startsWith(`[${alone}]`)).toBe(true);
            return;
          }
          cluster.pendingPods.forEach((p, i) => {
            expect(p).toStrictEqual(podFromKube(structuredClone(raws[i]), `[${i}]`, i, cluster.admission));
          });
        }),
        runParameters(150, seed),
      );
    });
  }
});

describe("replicas spread from one template object", () => {
  // `{ ...template, metadata: { ...template.metadata, name } }`: every replica holds the template's very spec
  // and labels objects, which the interner finds by reference (PodInterner.shared's `ref`).
  const t = template("web");
  const replicas = Array.from({ length: 5 }, (_, i) => ({ ...t, metadata: { ...t.metadata, name: `web-${i}` } }));

  it("share one parse of each field and parse to what each parses to alone", () => {
    const interner = new PodInterner();
    const pods = replicas.map((r, i) => podFromKube(r, `pods[${i}]`, i, undefined, interner));
    for (const [i, p] of pods.entries()) {
      expect(p).toEqual(podFromKube(replicas[i], `pods[${i}]`, i));
      expect(p.containers).toBe(pods[0]!.containers);
      expect(p.labels).toBe(pods[0]!.labels);
      expect(p.tolerations).toBe(pods[0]!.tolerations);
    }
  });

  it("share with a replica whose equal fields are other objects (found by their JSON instead)", () => {
    const interner = new PodInterner();
    const a = podFromKube(replicas[0], "pods[0]", 0, undefined, interner);
    const b = podFromKube(template("web-x"), "pods[1]", 1, undefined, interner);
    expect(b.containers).toBe(a.containers);
    expect(b.affinity).toBe(a.affinity);
  });

  it("name each replica in the error of a spec they share", () => {
    const bad = { ...t, spec: { ...t.spec, tolerations: [{ operator: "Sometimes" }] } };
    const interner = new PodInterner();
    for (const i of [0, 1]) {
      const r = { ...bad, metadata: { ...bad.metadata, name: `web-${i}` } };
      expect(() => podFromKube(r, `pods[${i}]`, i, undefined, interner)).toThrow(`pods[${i}].spec.tolerations[0].operator`);
    }
  });
});

describe("a replica's error names that replica", () => {
  it("reports the second bad replica under its own path when the first is fixed", () => {
    const bad = (name: string) => template(name, "12x");
    expect(() => createCluster([template("ok"), bad("b1")])).toThrow(/^\[1\]\.spec\.containers\[0\]\.resources\.requests\.cpu: "12x"/);
    expect(() => createCluster([template("ok"), template("ok2"), bad("b2")])).toThrow(/^\[2\]\./);
  });

  it("rejects NaN after accepting null in the same field (JSON.stringify writes both as null)", () => {
    const withCpu = (name: string, cpu: unknown) => ({ ...template(name), spec: { containers: [{ name: "app", image: "x", resources: { requests: { cpu } } }] } });
    const alone = () => podFromKube(withCpu("n", NaN), "[1]");
    expect(alone).toThrow(SchedkitError);
    expect(() => createCluster([withCpu("z", null), withCpu("n", NaN)])).toThrow(/^\[1\]\.spec\.containers\[0\]\.resources\.requests\.cpu/);
  });
});

describe("makePodInfo shares what it derives from a shared container list", () => {
  const features = resolveFeatureGates(parseKubeVersion(DEFAULT_KUBERNETES_VERSION), undefined);

  it("gives replicas one requests object and one host port list, each with its own pod and seq", () => {
    const [a, b] = createCluster([template("a"), template("b")]).pendingPods;
    const ia = makePodInfo(a!, features, "a", 0);
    const ib = makePodInfo(b!, features, "b", 1);
    expect(ib.requests).toBe(ia.requests);
    expect(ib.hostPorts).toBe(ia.hostPorts);
    expect(ib.pod).toBe(b);
    expect(ib.seq).toBe(1);
    expect(ib).toStrictEqual(makePodInfo(podFromKube(template("b"), "b", 1), features, "b", 1));
  });

  it("computes anew for a pod with container statuses (its requests read them)", () => {
    const withStatus = (name: string) => ({
      ...template(name),
      status: { containerStatuses: [{ name: "app", resources: { requests: { cpu: "2", memory: "256Mi" } } }] },
    });
    const [a, b] = createCluster([withStatus("a"), withStatus("b")]).pendingPods;
    const gates = { ...features, inPlacePodVerticalScaling: true };
    expect(makePodInfo(b!, gates, "b", 1).requests).not.toBe(makePodInfo(a!, gates, "a", 0).requests);
    expect(makePodInfo(b!, gates, "b", 1).requests.milliCPU).toBe(2000);
  });

  it("schedules replicas as pods parsed one by one do", () => {
    const nodes = [0, 1, 2].map((i) => ({ kind: "Node", metadata: { name: `n${i}`, labels: { zone: i === 0 ? "a" : "b" } }, status: { allocatable: { cpu: "1", memory: "4Gi", pods: "110" } } }));
    const pods = Array.from({ length: 9 }, (_, i) => template(`r${i}`));
    const shared = new Scheduler(createCluster(nodes), { seed: 3 }).scheduleAll(pods).results;
    const s = new Scheduler(createCluster(nodes), { seed: 3 });
    // One pass, nothing retried: pod i's result is the run's cycle i + 1.
    const alone = pods.map((p, i) => ({ ...s.scheduleOne(structuredClone(p), `pods[${i}]`), cycle: i + 1 }));
    expect(shared).toStrictEqual(alone);
  });
});

describe("PodInterner keeps at most MAX_SHARED_VALUES values per field", () => {
  it("shares the values seen first, and parses the ones past the cap alone, to the same pods", () => {
    const interner = new PodInterner();
    const labelled = (i: number) => ({ ...template(`p${i}`), metadata: { name: `p${i}`, namespace: "shop", labels: { app: `a${i}` } } });
    const first = Array.from({ length: MAX_SHARED_VALUES + 4 }, (_, i) => podFromKube(labelled(i), `pods[${i}]`, i, undefined, interner));
    // The MAX_SHARED_VALUES-th distinct label set is the last one kept; the next ones are not.
    const again = (i: number) => podFromKube(labelled(i), "again", i, undefined, interner);
    expect(again(0).labels).toBe(first[0]!.labels);
    expect(again(MAX_SHARED_VALUES - 1).labels).toBe(first[MAX_SHARED_VALUES - 1]!.labels);
    const past = again(MAX_SHARED_VALUES);
    expect(past.labels).not.toBe(first[MAX_SHARED_VALUES]!.labels);
    expect(past).toEqual(podFromKube(labelled(MAX_SHARED_VALUES), "again", MAX_SHARED_VALUES));
  });

  it("shares the last value parsed past the cap with the pods right after it (a template's replicas listed late)", () => {
    const interner = new PodInterner();
    const labelled = (i: number) => ({ ...template(`p${i}`), metadata: { name: `p${i}`, namespace: "shop", labels: { app: `a${i}` } } });
    for (let i = 0; i < MAX_SHARED_VALUES; i++) podFromKube(labelled(i), `pods[${i}]`, i, undefined, interner);
    // Three replicas of a new label set, each its own JSON object, then another label set.
    const late = (i: number, name: string) => podFromKube({ ...labelled(MAX_SHARED_VALUES), metadata: { name, namespace: "shop", labels: { app: "late" } } }, name, i, undefined, interner);
    const [a, b, c] = [late(1, "r0"), late(2, "r1"), late(3, "r2")];
    expect(b.labels).toBe(a.labels);
    expect(c.labels).toBe(a.labels);
    const other = podFromKube(labelled(MAX_SHARED_VALUES + 1), "other", 4, undefined, interner);
    expect(other.labels).not.toBe(a.labels);
    expect(other).toEqual(podFromKube(labelled(MAX_SHARED_VALUES + 1), "alone", 4));
    expect(late(5, "r3").labels).not.toBe(a.labels);
    expect(late(6, "r4")).toEqual(podFromKube({ ...labelled(MAX_SHARED_VALUES), metadata: { name: "r4", namespace: "shop", labels: { app: "late" } } }, "r4", 6));
  });
});
