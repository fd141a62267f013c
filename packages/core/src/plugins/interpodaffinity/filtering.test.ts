import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertProperty, propertySeeds, runParameters } from "../../_test/long.js";
import { changeCases, changedWorld, codes, node, on, pod, runPlugin, runWithChange, sel, term, type PodSpec } from "../../_test/plugin-harness.js";
import { SUCCESS, type Status } from "../../framework/status.js";
import type { PodAffinityTerm } from "../../model/types.js";
import {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
} from "./filtering.js";
import { interPodAffinity } from "./plugin.js";

const HOST = "kubernetes.io/hostname";
const n = (name: string, zone: string | null) => node(name, { ...(zone === null ? {} : { zone }), [HOST]: name });
// a, b in z1; c in z2; d has no zone label.
const nodes = () => [n("a", "z1"), n("b", "z1"), n("c", "z2"), n("d", null)];
const affinity = (...required: PodAffinityTerm[]): PodSpec["affinity"] => ({ podAffinity: { required, preferred: [] } });
const anti = (...required: PodAffinityTerm[]): PodSpec["affinity"] => ({ podAntiAffinity: { required, preferred: [] } });
const DB = sel({ app: "db" });
const WEB = sel({ app: "web" });

describe("InterPodAffinity PreFilter", () => {
  it("skips a pod without required terms when no existing pod's anti-affinity matches it", () => {
    const pods = [on("a", { labels: { app: "db" }, affinity: anti(term("zone", WEB)) })];
    expect(runPlugin(interPodAffinity, pod({ labels: { app: "api" } }), { nodes: nodes(), pods }).preFilter?.code).toBe("Skip");
  });
});

describe("InterPodAffinity Filter", () => {
  it.each([
    {
      name: "required zone affinity to app=db: z1 (db on a) passes, z2 fails, a node without zone fails",
      incoming: pod({ labels: { app: "web" }, affinity: affinity(term("zone", DB)) }),
      pods: [on("a", { labels: { app: "db" } })],
      want: { a: "Success", b: "Success", c: "UnschedulableAndUnresolvable", d: "UnschedulableAndUnresolvable" },
    },
    {
      name: "first pod of a self-affine group: no pod matches anywhere and the pod matches its own term → every node with the key",
      incoming: pod({ labels: { app: "db" }, affinity: affinity(term("zone", DB)) }),
      pods: [on("a", { labels: { app: "web" } })],
      want: { a: "Success", b: "Success", c: "Success", d: "UnschedulableAndUnresolvable" },
    },
    {
      name: "no self-affinity exception when the pod does not match its own term",
      incoming: pod({ labels: { app: "web" }, affinity: affinity(term("zone", DB)) }),
      pods: [],
      want: { a: "UnschedulableAndUnresolvable", b: "UnschedulableAndUnresolvable", c: "UnschedulableAndUnresolvable", d: "UnschedulableAndUnresolvable" },
    },
    {
      name: "several terms need one pod matching all of them, counted in each term's domain: zone z1 and host a",
      incoming: pod({ labels: { app: "web" }, affinity: affinity(term("zone", DB), term(HOST, sel({ tier: "x" }))) }),
      pods: [on("a", { labels: { app: "db", tier: "x" } }), on("c", { labels: { app: "db" } })],
      want: { a: "Success", b: "UnschedulableAndUnresolvable", c: "UnschedulableAndUnresolvable", d: "UnschedulableAndUnresolvable" },
    },
    {
      name: "own required anti-affinity (hostname) to app=web: a hosts web → a Unschedulable",
      incoming: pod({ labels: { app: "web" }, affinity: anti(term(HOST, WEB)) }),
      pods: [on("a", { labels: { app: "web" } })],
      want: { a: "Unschedulable", b: "Success", c: "Success", d: "Success" },
    },
    {
      name: "an existing pod's anti-affinity (zone) to app=web rejects its whole zone",
      incoming: pod({ labels: { app: "web" } }),
      pods: [on("b", { labels: { app: "db" }, affinity: anti(term("zone", WEB)) })],
      want: { a: "Unschedulable", b: "Unschedulable", c: "Success", d: "Success" },
    },
    {
      name: "terms match only the pod's own namespace by default: a db pod in another namespace does not count",
      incoming: pod({ labels: { app: "web" }, affinity: affinity(term("zone", DB)) }),
      pods: [on("a", { labels: { app: "db" }, namespace: "other" })],
      want: { a: "UnschedulableAndUnresolvable", b: "UnschedulableAndUnresolvable", c: "UnschedulableAndUnresolvable", d: "UnschedulableAndUnresolvable" },
    },
    {
      name: "namespaceSelector {} matches every namespace",
      incoming: pod({ labels: { app: "web" }, affinity: affinity(term("zone", DB, { namespaceSelector: sel({}) })) }),
      pods: [on("c", { labels: { app: "db" }, namespace: "other" })],
      want: { a: "UnschedulableAndUnresolvable", b: "UnschedulableAndUnresolvable", c: "Success", d: "UnschedulableAndUnresolvable" },
    },
    {
      name: "listed namespaces replace the pod's own",
      incoming: pod({ labels: { app: "web" }, affinity: affinity(term("zone", DB, { namespaces: ["other"] })) }),
      pods: [on("a", { labels: { app: "db" } }), on("c", { labels: { app: "db" }, namespace: "other" })],
      want: { a: "UnschedulableAndUnresolvable", b: "UnschedulableAndUnresolvable", c: "Success", d: "UnschedulableAndUnresolvable" },
    },
  ])("$name", ({ incoming, pods, want }) => {
    expect(codes(runPlugin(interPodAffinity, incoming, { nodes: nodes(), pods }))).toEqual(want);
  });

  it("resolves the incoming pod's namespaceSelector against Namespace objects: a namespace without an object is never selected", () => {
    // team NotIn (red): "blue" (object, team=blue) is selected; "ghost" has no object and is not, although its empty labels would match.
    const nsSel = sel({}, [{ key: "team", operator: "NotIn", values: ["red"] }]);
    const incoming = pod({ labels: { app: "web" }, affinity: anti(term("zone", DB, { namespaceSelector: nsSel })) });
    const pods = [on("a", { labels: { app: "db" }, namespace: "ghost" }), on("c", { labels: { app: "db" }, namespace: "blue" })];
    const run = runPlugin(interPodAffinity, incoming, { nodes: nodes(), pods, namespaces: { blue: { team: "blue" } } });
    expect(codes(run)).toEqual({ a: "Success", b: "Success", c: "Unschedulable", d: "Success" });
  });

  it("matches an existing pod's namespaceSelector against the incoming pod's namespace labels (none when it has no object)", () => {
    const incoming = pod({ labels: { app: "web" }, namespace: "ghost" });
    const noTeam = sel({}, [{ key: "team", operator: "DoesNotExist", values: [] }]);
    const red = sel({ team: "red" });
    const pods = [
      on("a", { labels: { app: "db" }, affinity: anti(term("zone", WEB, { namespaceSelector: noTeam })) }),
      on("c", { labels: { app: "db" }, affinity: anti(term("zone", WEB, { namespaceSelector: red })) }),
    ];
    expect(codes(runPlugin(interPodAffinity, incoming, { nodes: nodes(), pods }))).toEqual({ a: "Unschedulable", b: "Unschedulable", c: "Success", d: "Success" });
    const inRed = pod({ labels: { app: "web" }, namespace: "r" });
    const run = runPlugin(interPodAffinity, inRed, { nodes: nodes(), pods, namespaces: { r: { team: "red" } } });
    expect(codes(run)).toEqual({ a: "Success", b: "Success", c: "Unschedulable", d: "Success" });
  });

  it("checks affinity, then own anti-affinity, then existing pods' anti-affinity, with upstream reasons", () => {
    const incoming = pod({ labels: { app: "web" }, affinity: { ...affinity(term("zone", DB)), ...anti(term(HOST, DB)) } });
    const pods = [on("a", { labels: { app: "db" } }), on("b", { labels: { app: "x" }, affinity: anti(term(HOST, WEB)) })];
    const run = runPlugin(interPodAffinity, incoming, { nodes: nodes(), pods });
    expect(run.filter.get("c")).toMatchObject({ code: "UnschedulableAndUnresolvable", reasons: [ERR_REASON_AFFINITY_RULES_NOT_MATCH], plugin: "InterPodAffinity" });
    expect(run.filter.get("a")).toMatchObject({ code: "Unschedulable", reasons: [ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH] });
    expect(run.filter.get("b")).toMatchObject({ code: "Unschedulable", reasons: [ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH] });
  });
});

// PreFilterExtensions (filtering.go AddPod / RemovePod → preFilterState.updateWithPod): the three counts PreFilter
// keeps, brought up to date for a nominated pod joining a node or a victim leaving it.
describe("InterPodAffinity AddPod / RemovePod", () => {
  const filterCodes = (m: Map<string, Status> | null) => (m === null ? null : Object.fromEntries([...m].map(([k, v]) => [k, v.code])));

  it("AddPod of a pod whose required anti-affinity matches the incoming pod rejects its domain (existing anti-affinity)", () => {
    const incoming = pod({ labels: { app: "web" }, affinity: anti(term("zone", DB)) });
    const w = { nodes: nodes(), pods: [] };
    expect(filterCodes(runWithChange(interPodAffinity, incoming, w, { add: on("c", { affinity: anti(term("zone", WEB)) }) }))).toEqual({
      a: "Success",
      b: "Success",
      c: "Unschedulable",
      d: "Success",
    });
  });

  it("RemovePod of the only pod the incoming pod is affine to empties the counts: a self-affine pod then fits anywhere with the key", () => {
    const incoming = pod({ labels: { app: "db" }, affinity: affinity(term("zone", DB)) });
    const w = { nodes: nodes(), pods: [on("c", { labels: { app: "db" } })] };
    expect(codes(runPlugin(interPodAffinity, incoming, w))).toEqual({ a: "UnschedulableAndUnresolvable", b: "UnschedulableAndUnresolvable", c: "Success", d: "UnschedulableAndUnresolvable" });
    expect(filterCodes(runWithChange(interPodAffinity, incoming, w, { remove: 0 }))).toEqual({ a: "Success", b: "Success", c: "Success", d: "UnschedulableAndUnresolvable" });
  });

  it("a terminating pod counts both ways: InterPodAffinity never skips terminating pods", () => {
    const incoming = pod({ labels: { app: "web" }, affinity: anti(term("zone", DB)) });
    const w = { nodes: nodes(), pods: [on("a", { labels: { app: "db" }, terminating: true })] };
    expect(filterCodes(runWithChange(interPodAffinity, incoming, w, { remove: 0 }))).toEqual({ a: "Success", b: "Success", c: "Success", d: "Success" });
  });

  // The updates use the matching PreFilter uses, so the changed state filters exactly as PreFilter on the changed
  // cluster — but for Skip: AddPod never runs when PreFilter skipped, and a RemovePod that leaves nothing to
  // count passes every node, as a skipped Filter would.
  const arbitraries = () => {
    const names = ["n0", "n1", "n2", "n3"];
    const app = fc.constantFrom("db", "web", null);
    const labels = app.map((v): Record<string, string> => (v === null ? {} : { app: v }));
    const terms = fc.array(
      fc.record({ key: fc.constantFrom("zone", HOST), app: fc.constantFrom("db", "web"), allNamespaces: fc.boolean() }).map((t) => term(t.key, sel({ app: t.app }), t.allNamespaces ? { namespaceSelector: sel({}) } : {})),
      { maxLength: 2 },
    );
    const nodeArb = fc.integer({ min: 1, max: 4 }).chain((count) => fc.tuple(...names.slice(0, count).map((name) => fc.option(fc.constantFrom("z1", "z2"), { freq: 4 }).map((zone) => n(name, zone)))));
    const podOn = (count: number) =>
      fc
        .record({ node: fc.nat(count - 1), ns: fc.constantFrom("default", "default", "other"), labels, anti: terms, terminating: fc.boolean() })
        .map((p) => on(`n${p.node}`, { namespace: p.ns, labels: p.labels, affinity: p.anti.length === 0 ? {} : anti(...p.anti), terminating: p.terminating }));
    return changeCases(nodeArb, podOn, fc.record({ labels, affinity: terms, anti: terms }));
  };
  for (const [name, seed] of propertySeeds(20261205)) {
    it(`agrees with PreFilter counting the changed cluster from scratch (${name})`, () => {
      assertProperty(
        `InterPodAffinity AddPod / RemovePod = PreFilter from scratch (${name})`,
        fc.property(arbitraries(), (c) => {
          const incoming = pod({
            labels: c.incoming.labels,
            affinity: { podAffinity: { required: c.incoming.affinity, preferred: [] }, podAntiAffinity: { required: c.incoming.anti, preferred: [] } },
          });
          const got = runWithChange(interPodAffinity, incoming, c.world, c.change);
          if (got === null) return;
          const scratch = runPlugin(interPodAffinity, incoming, changedWorld(c.world, c.change));
          const want = scratch.preFilter?.code === "Skip" ? new Map(c.world.nodes.map((x) => [x.name, SUCCESS])) : scratch.filter;
          expect(got).toEqual(want);
        }),
        runParameters(1000, seed),
      );
    });
  }
});
