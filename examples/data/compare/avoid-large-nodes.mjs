// A scheduler plugin module for `schedkit compare --plugin` (the shape of examples/custom-plugin.mjs): a
// Filter that keeps pods off nodes with more than `maxCpus` allocatable CPUs, say to keep large nodes for the
// jobs that need them. Enable it in a profile (avoid-large-nodes.yaml) and compare against the default:
//   schedkit compare --cluster cluster.json --workload workload.yaml --plugin avoid-large-nodes.mjs \
//     --profile least-allocated.yaml --profile avoid-large-nodes.yaml
// A plugin is { name, create(args, ctx, path) }; create returns its extension points (here `filter`).
const OK = { code: "Success", reasons: [], plugin: "" };

export const avoidLargeNodes = {
  name: "AvoidLargeNodes",
  create(args, _ctx, path) {
    const maxCpus = args?.maxCpus ?? 16;
    if (typeof maxCpus !== "number" || !(maxCpus > 0)) throw new TypeError(`${path}.maxCpus: ${JSON.stringify(maxCpus)} is not a number of CPUs > 0`);
    const rejected = { code: "UnschedulableAndUnresolvable", reasons: [`node(s) have more than ${maxCpus} CPUs`], plugin: "AvoidLargeNodes" };
    return {
      name: "AvoidLargeNodes",
      filter: (_state, _pod, node) => (node.allocatable.milliCPU > maxCpus * 1000 ? rejected : OK),
    };
  },
};
