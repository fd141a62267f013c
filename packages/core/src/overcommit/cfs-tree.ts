// Hierarchical CFS share (docs/cgroup-overcommit.md §3.2–§3.4): a group's cap is the least of its own bandwidth limit
// (cpu.max, docs/cgroup-overcommit.md §3.3: throttling applies to the group and everything under it), its runnable
// thread count (one thread never runs on two CPUs at once, docs/cgroup-overcommit.md §3.4 caveats) and what its subtree can
// use (leaf demand, or the sum of its children's caps). CPU is then handed out top-down: each
// sibling set water-fills the CPU its parent obtained (water-fill.ts).
import { SchedkitError } from "../errors.js";
import { waterFill } from "./water-fill.js";

/** One cgroup of a CFS tree: a leaf with a CPU demand, or a parent of other groups (`children` present). */
export interface CfsGroup {
  readonly name: string;
  /** Weight among siblings in kernel ratio units: cgroup v1 cpu.shares, or v2 internal shares (kernelWeightToInternalShares). */
  readonly weight: number;
  /** cpu.max quota/period in CPUs; absent or Infinity for "max". */
  readonly maxCpus?: number;
  /** Runnable threads; caps the group at that many CPUs. Absent for no thread limit. */
  readonly threads?: number;
  /** Leaf only: CPUs the tasks would use if nothing held them back. */
  readonly demandCpus?: number;
  /** Child groups; absent for a leaf. A parent with no children (an empty QoS slice) uses nothing. */
  readonly children?: readonly CfsGroup[];
}

/** A group's outcome: its effective cap and the CPUs it obtains, with its children's outcomes. */
export interface CfsShare {
  readonly name: string;
  readonly weight: number;
  /** min(maxCpus, threads, demand or Σ children caps). */
  readonly capCpus: number;
  readonly cpus: number;
  readonly children: readonly CfsShare[];
}

interface Node {
  readonly group: CfsGroup;
  readonly cap: number;
  readonly children: Node[];
}

function capOf(group: CfsGroup, path: string): Node {
  if (!Number.isInteger(group.weight) || group.weight < 1) throw new SchedkitError(`${path}.weight`, group.weight, "is not an integer >= 1");
  const kids = group.children;
  let use: number;
  const children: Node[] = [];
  if (kids !== undefined) {
    if (group.demandCpus !== undefined) {
      throw new SchedkitError(`${path}.demandCpus`, group.demandCpus, "is set on a group with children (demand belongs to leaves)");
    }
    use = 0;
    for (let i = 0; i < kids.length; i++) {
      const child = capOf(kids[i]!, `${path}.children[${i}]`);
      children.push(child);
      use += child.cap;
    }
  } else {
    const d = group.demandCpus;
    if (d === undefined || !(d >= 0) || d === Infinity) throw new SchedkitError(`${path}.demandCpus`, d, "is not a finite number >= 0");
    use = d;
  }
  const max = group.maxCpus ?? Infinity;
  if (!(max >= 0)) throw new SchedkitError(`${path}.maxCpus`, max, "is not a number >= 0");
  const threads = group.threads ?? Infinity;
  if (!(threads >= 0) || (threads !== Infinity && !Number.isInteger(threads))) {
    throw new SchedkitError(`${path}.threads`, threads, "is not an integer >= 0");
  }
  let cap = use;
  if (max < cap) cap = max;
  if (threads < cap) cap = threads;
  return { group, cap, children };
}

function distribute(nodes: readonly Node[], capacity: number): CfsShare[] {
  const n = nodes.length;
  const weights = new Float64Array(n);
  const caps = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    weights[i] = nodes[i]!.group.weight;
    caps[i] = nodes[i]!.cap;
  }
  const alloc = waterFill(capacity, weights, caps);
  const out: CfsShare[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const node = nodes[i]!;
    const cpus = alloc[i]!;
    out[i] = {
      name: node.group.name,
      weight: node.group.weight,
      capCpus: node.cap,
      cpus,
      children: node.children.length > 0 ? distribute(node.children, cpus) : [],
    };
  }
  return out;
}

/** CPUs each group of a cgroup forest obtains when the siblings at the top share `capacityCpus`. */
export function allocateCfsTree(capacityCpus: number, groups: readonly CfsGroup[]): CfsShare[] {
  const nodes = groups.map((g, i) => capOf(g, `groups[${i}]`));
  return distribute(nodes, capacityCpus);
}
