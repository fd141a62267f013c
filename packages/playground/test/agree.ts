// The same snapshot through the TypeScript reference and the WebAssembly engine: results (explanations
// included) must be identical, as they are in Node (packages/asm's parity tests).
import { createCluster, syntheticCluster, syntheticPods, tsEngine, type Engine } from "@schedkit/core";
import demo from "../../cli/src/commands/demo-cluster.json";

/** One comparison: which engine flavor, how many pods, whether every result is the same. */
export interface Agreement {
  readonly case: string;
  readonly flavor: string;
  readonly pods: number;
  readonly same: boolean;
  /** The first differing pod, when they differ. */
  readonly firstDifference: string | null;
}

/** Runs each snapshot through `tsEngine` and `wasm` and compares the results pod by pod. */
export function agree(wasm: Engine & { readonly flavor: string }): Agreement[] {
  const cases = [
    { name: "demo cluster (schedkit demo)", cluster: createCluster(demo), pods: undefined },
    { name: "synthetic, 200 nodes × 100 pods, seed 7", cluster: createCluster(syntheticCluster({ nodes: 200, seed: 7 })), pods: syntheticPods({ count: 100, seed: 8 }) },
  ];
  return cases.map(({ name, cluster, pods }) => {
    const a = tsEngine.scheduleAll(pods, cluster, { seed: 3, explain: true }).results;
    const b = wasm.scheduleAll(pods, cluster, { seed: 3, explain: true }).results;
    const i = a.findIndex((r, k) => JSON.stringify(r) !== JSON.stringify(b[k]));
    const same = a.length === b.length && i === -1;
    return { case: name, flavor: wasm.flavor, pods: a.length, same, firstDifference: same ? null : (a[i]?.pod ?? `${a.length} vs ${b.length} results`) };
  });
}
