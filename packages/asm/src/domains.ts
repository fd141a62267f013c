// Topology domains as small integers: per topology key, an i32 column of the domain id of each node's value of
// the key (the value "" is 0, other values from 1 in snapshot order, −1 when the node has no such label).
// Node labels never change within a snapshot, so a key's column is built once; PodTopologySpread and
// InterPodAffinity read the same columns.
import type { Snapshot } from "@schedkit/core/engine";
import type { NodeColumns } from "./columns.js";
import type { Kernel } from "./kernel.js";

/** A topology key's domain ids. */
export interface Domains {
  /** The i32 column. */
  readonly ptr: number;
  readonly ids: ReadonlyMap<string, number>;
}

export class TopologyDomains {
  private readonly keys = new Map<string, Domains>();

  constructor(
    private readonly kernel: Kernel,
    private readonly columns: NodeColumns,
    private readonly snap: Snapshot,
  ) {}

  of(key: string): Domains {
    let d = this.keys.get(key);
    if (d !== undefined) return d;
    const ids = new Map<string, number>([["", 0]]);
    const ptr = this.columns.allocate(this.columns.stride * 4);
    const i32 = this.kernel.i32;
    for (const ni of this.snap.nodes) {
      const v = ni.node.labels.get(key);
      let id = -1;
      if (v !== undefined) {
        id = ids.get(v) ?? ids.size;
        if (id === ids.size) ids.set(v, id);
      }
      i32[(ptr >> 2) + ni.index] = id;
    }
    d = { ptr, ids };
    this.keys.set(key, d);
    return d;
  }

  /**
   * Writes `values` (topology value → number) into the f64 array at byte `ptr` by domain id, zero elsewhere.
   * Every value is some node's label value, so it has an id; a value no node carries could not be looked up.
   */
  spell(d: Domains, values: ReadonlyMap<string, number> | undefined, ptr: number): void {
    const f = this.kernel.f64;
    const b = ptr >> 3;
    f.fill(0, b, b + d.ids.size);
    if (values === undefined) return;
    for (const [v, x] of values) {
      const id = d.ids.get(v);
      if (id !== undefined) f[b + id] = x;
    }
  }
}
