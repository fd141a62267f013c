// Register your own scheduler plugin next to the in-tree ones and enable it in a profile, as an out-of-tree
// plugin is built into kube-scheduler. The plugin below filters out nodes being drained (a label) and prefers
// nodes running fewer pods; it runs the same on the TypeScript engine and, with @schedkit/asm, on the
// WebAssembly engine (which runs the plugins it knows in its kernel and yours in TypeScript).
//   node examples/custom-plugin.mjs
import assert from "node:assert/strict";
import { createCluster, defaultNormalizeScore, scheduleAll, SUCCESS } from "@schedkit/core";
import { createWasmEngineSync } from "@schedkit/asm";

const DRAIN_LABEL = "example.com/draining";

/** A plugin factory: a name, and create(args, ctx, path) returning the plugin with its extension points. */
const drainAware = {
  name: "DrainAware",
  create(args, _ctx, path) {
    // pluginConfig args arrive as JSON; report bad ones naming the field, as the in-tree plugins do.
    const label = args?.label ?? DRAIN_LABEL;
    if (typeof label !== "string") throw new TypeError(`${path}.label: ${JSON.stringify(label)} is not a label key`);
    const rejected = { code: "UnschedulableAndUnresolvable", reasons: ["node(s) are being drained"], plugin: "DrainAware" };
    return {
      name: "DrainAware",
      // Filter: one node; SUCCESS or a rejection whose reasons join the FailedScheduling message.
      filter: (_state, _pod, node) => (node.node.labels.get(label) === "true" ? rejected : SUCCESS),
      // Score: the raw score of one feasible node; NormalizeScore maps the raw scores onto [0, 100].
      score: (_state, _pod, node) => node.pods.length,
      // NormalizeScore rewrites the scores in place (a Float64Array, one per node, same order).
      normalizeScore: (_state, _pod, _nodes, scores) => scores.set(defaultNormalizeScore(Array.from(scores), true)),
    };
  },
};

const node = (name, labels = {}) => ({
  kind: "Node",
  metadata: { name, labels: { "kubernetes.io/hostname": name, ...labels } },
  status: { allocatable: { cpu: "8", memory: "32Gi", pods: "110" } },
});
const pod = (name, nodeName) => ({
  kind: "Pod",
  metadata: { name, namespace: "default" },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: "app", resources: { requests: { cpu: "500m", memory: "1Gi" } } }] },
});

const cluster = createCluster([
  node("node-a"),
  node("node-b", { [DRAIN_LABEL]: "true" }),
  node("node-c"),
  pod("running-1", "node-a"),
  pod("running-2", "node-a"),
  pod("web-1"),
  pod("web-2"),
]);

const options = {
  plugins: [drainAware],
  // Enabled in every extension point it implements (multiPoint), with weight 5 at Score.
  profile: { plugins: { multiPoint: { enabled: [{ name: "DrainAware", weight: 5 }] } } },
  seed: 1,
};
const run = scheduleAll(undefined, cluster, options);
for (const r of run.results) {
  const e = r.explanation;
  console.log(`${r.pod} → ${r.nodeName}`);
  for (const n of e.nodes) {
    const mine = n.scores.find((s) => s.plugin === "DrainAware");
    const why = n.status.code === "Success" ? `DrainAware ${mine.raw} pods → ${mine.normalized}×5, total ${n.total}` : `${n.status.plugin}: ${n.status.reasons.join(", ")}`;
    console.log(`    ${n.node.padEnd(7)} ${why}`);
  }
}
// node-b is draining; node-c runs no pod yet, so both new pods avoid node-a's two.
assert.deepEqual(
  run.results.map((r) => r.nodeName),
  ["node-c", "node-c"],
);

// The WebAssembly engine: same results, explanations included.
assert.deepEqual(createWasmEngineSync().scheduleAll(undefined, cluster, options), run);
console.log("WebAssembly engine: identical results and explanations");
