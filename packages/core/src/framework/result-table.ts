// A run's results as columns (keepResults: "table"): at 10⁶ pods a ScheduleResult object per pod is a few
// hundred MB, while the common result — scheduled, nothing to explain — is a node index and two counts. Those
// are kept in typed arrays; any other result (unschedulable, an error, a nomination, an explanation) is kept
// as the object it was. Objects are made again on demand, equal to the ones the run produced.
import { podKey, scheduledResult } from "./explanation.js";
import type { ScheduleResult, ScheduleStatus } from "./result.js";
import type { PodInfo } from "./types.js";

const SCHEDULED = 1;
const OTHER = 2;

// How many fields scheduledResult gives a result: one with exactly these (and the run's `cycle`), scheduled and
// with nothing to explain, is one the table can make again.
const PLAIN_FIELDS = 8;

/** scheduleAll's results in queue order, kept as columns (RunOutput.keepResults "table"). */
export class ResultTable implements Iterable<ScheduleResult> {
  /** Number of results (the run's pods). */
  readonly length: number;
  private readonly kind: Uint8Array;
  private readonly node: Int32Array;
  private readonly evaluated: Int32Array;
  private readonly feasible: Int32Array;
  // The run's cycle of each plain result (ScheduleResult.cycle); 0: the result had none.
  private readonly cycle: Uint32Array;
  private readonly others = new Map<number, ScheduleResult>();

  private readonly nodeIndex = new Map<string, number>();

  /** @internal `pods[i]` is the pod of result i; `nodes` the names of the cluster's nodes, in snapshot order. */
  constructor(
    private readonly pods: readonly PodInfo[],
    private readonly nodes: readonly string[],
  ) {
    const n = pods.length;
    this.length = n;
    this.kind = new Uint8Array(n);
    this.node = new Int32Array(n);
    this.evaluated = new Int32Array(n);
    this.feasible = new Int32Array(n);
    this.cycle = new Uint32Array(n);
    nodes.forEach((name, i) => this.nodeIndex.set(name, i));
  }

  /** @internal records (or replaces) result `i`. */
  set(i: number, r: ScheduleResult): void {
    const node = r.nodeName === null ? undefined : this.nodeIndex.get(r.nodeName);
    if (node !== undefined && this.plain(i, r)) {
      this.kind[i] = SCHEDULED;
      this.node[i] = node;
      this.evaluated[i] = r.evaluatedNodes;
      this.feasible[i] = r.feasibleNodes;
      this.cycle[i] = r.cycle ?? 0;
      this.others.delete(i);
    } else {
      this.kind[i] = OTHER;
      this.others.set(i, r);
    }
  }

  // What scheduledResult builds for pod i, nothing more (the pod key compared without building it).
  private plain(i: number, r: ScheduleResult): boolean {
    if (r.status !== "Scheduled" || r.message !== "" || r.reasons.length !== 0 || r.explanation !== null) return false;
    if (r.nomination !== undefined || r.unschedulablePlugins !== undefined) return false;
    const { namespace, name } = this.pods[i]!.pod;
    const key = r.pod;
    if (key.length !== namespace.length + 1 + name.length || !key.startsWith(namespace) || key[namespace.length] !== "/" || !key.endsWith(name)) return false;
    if (!Number.isInteger(r.evaluatedNodes) || !Number.isInteger(r.feasibleNodes) || r.evaluatedNodes < 0 || r.evaluatedNodes > 0x7fffffff || r.feasibleNodes < 0 || r.feasibleNodes > 0x7fffffff) return false;
    const cycle = r.cycle;
    if (cycle !== undefined && (!Number.isInteger(cycle) || cycle < 1 || cycle > 0xffffffff)) return false;
    let fields = 0;
    for (const k in r) if (Object.prototype.hasOwnProperty.call(r, k)) fields++;
    return fields === PLAIN_FIELDS + (cycle === undefined ? 0 : 1);
  }

  private check(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new RangeError(`result ${i} is not in 0..${this.length - 1}`);
    if (this.kind[i] === 0) throw new Error(`schedkit internal: result ${i} was never recorded`);
  }

  /** Result `i`, made again (equal to the object the run produced). */
  at(i: number): ScheduleResult {
    this.check(i);
    const other = this.others.get(i);
    if (other !== undefined) return other;
    const r = scheduledResult(this.pods[i]!, this.nodes[this.node[i]!]!, this.evaluated[i]!, this.feasible[i]!);
    const cycle = this.cycle[i]!;
    if (cycle !== 0) (r as { cycle?: number }).cycle = cycle;
    return r;
  }

  /** Result `i`'s status, without making the result. */
  status(i: number): ScheduleStatus {
    this.check(i);
    return this.kind[i] === SCHEDULED ? "Scheduled" : this.others.get(i)!.status;
  }

  /** The node result `i` chose (null when none), without making the result. */
  nodeName(i: number): string | null {
    this.check(i);
    return this.kind[i] === SCHEDULED ? this.nodes[this.node[i]!]! : this.others.get(i)!.nodeName;
  }

  /** Result `i`'s pod, "namespace/name". */
  pod(i: number): string {
    this.check(i);
    return podKey(this.pods[i]!);
  }

  *[Symbol.iterator](): Iterator<ScheduleResult> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }
}
