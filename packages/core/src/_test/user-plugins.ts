// Test-only: user plugins at every extension point, written against the public plugin interface only (what a
// library user imports from @schedkit/core), for the registration tests and the two-engine parity test.
import { SKIP, stateKey, SUCCESS, type PluginFactory, type ProfileConfig, type Status } from "../index.js";

const ZONE = "topology.kubernetes.io/zone";
const reject = (plugin: string, reason: string): Status => ({ code: "Unschedulable", reasons: [reason], plugin });

/** Node label a pod asks to avoid (annotation-free: a pod label `avoid=<value>` rejects nodes labelled `pool=<value>`). */
export const avoidPool: PluginFactory = {
  name: "AvoidPool",
  create: () => ({
    name: "AvoidPool",
    filter: (_s, pod, node) => {
      const avoid = pod.pod.labels.get("avoid");
      return avoid !== undefined && node.node.labels.get("pool") === avoid ? reject("AvoidPool", "node(s) are in an avoided pool") : SUCCESS;
    },
  }),
};

const ZONE_STATE = stateKey<string>("PreFilterZonePin");

/** PreFilter restricting a pod labelled `zone=<z>` to that zone's nodes (a PreFilterResult), Skip otherwise. */
const zonePin: PluginFactory = {
  name: "ZonePin",
  create: () => ({
    name: "ZonePin",
    preFilter: (state, pod, snap) => {
      const zone = pod.pod.labels.get("zone");
      if (zone === undefined) return { status: SKIP };
      state.write(ZONE_STATE, zone);
      return { status: SUCCESS, nodeNames: new Set(snap.nodes.filter((n) => n.node.labels.get(ZONE) === zone).map((n) => n.node.name)) };
    },
    filter: (state, _pod, node) => (node.node.labels.get(ZONE) === state.read(ZONE_STATE) ? SUCCESS : reject("ZonePin", "node(s) are in another zone")),
  }),
};

/** Prefers emptier nodes (fewer pods), normalized in reverse; PreScore skips pods labelled `spread=off`. */
export const fewestPods: PluginFactory = {
  name: "FewestPods",
  create: (args) => {
    const scale = (args as { scale?: number } | undefined)?.scale ?? 1;
    return {
      name: "FewestPods",
      preScore: (_s, pod) => (pod.pod.labels.get("spread") === "off" ? SKIP : SUCCESS),
      score: (_s, _pod, node) => node.pods.length * scale,
      normalizeScore: (_s, _pod, _nodes, scores) => {
        let max = 0;
        for (const v of scores) max = Math.max(max, v);
        for (let i = 0; i < scores.length; i++) scores[i] = max === 0 ? 100 : 100 - Math.trunc((100 * scores[i]!) / max);
      },
    };
  },
};

/** A final score without NormalizeScore: the node name's length (to vary ties). */
const nameLength: PluginFactory = {
  name: "NameLength",
  create: () => ({ name: "NameLength", score: (_s, _pod, node) => Math.min(100, node.node.name.length) }),
};

/** PostFilter adding a hint to FailedScheduling (a rejection with a reason: joined, DefaultPreemption still runs). */
const hint: PluginFactory = {
  name: "Hint",
  create: () => ({
    name: "Hint",
    postFilter: (_s, pod, h) => {
      const failed = h.snapshot.nodes.filter((n) => h.nodeStatus(n).code !== "Success").length;
      return { status: reject("Hint", `hint: ${failed} node(s) rejected ${pod.pod.name}`) };
    },
  }),
};

export const USER_PLUGINS: readonly PluginFactory[] = [avoidPool, zonePin, fewestPods, nameLength, hint];

/** The default profile with the user plugins enabled through multiPoint, and Hint at PostFilter (after DefaultPreemption: point-specific plugins follow MultiPoint's). */
export const USER_PROFILE: ProfileConfig = {
  plugins: {
    multiPoint: { enabled: [{ name: "AvoidPool" }, { name: "ZonePin" }, { name: "FewestPods", weight: 3 }, { name: "NameLength", weight: 1 }] },
    postFilter: { enabled: [{ name: "Hint" }] },
  },
  pluginConfig: [{ name: "FewestPods", args: { scale: 2 } }],
};
