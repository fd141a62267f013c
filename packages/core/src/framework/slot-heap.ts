// scheduleAll's backoff queue (schedule.ts runPasses): Pop takes the least slot many times per run.

/** A binary min-heap of queue slots under `less`; of equal slots the one pushed first pops first. */
export class SlotHeap {
  private readonly slots: number[] = [];
  private readonly seqs: number[] = [];
  private next = 0;

  constructor(private readonly less: (a: number, b: number) => boolean) {}

  get size(): number {
    return this.slots.length;
  }

  push(slot: number): void {
    this.slots.push(slot);
    this.seqs.push(this.next++);
    let i = this.slots.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!this.before(i, up)) break;
      this.swap(i, up);
      i = up;
    }
  }

  pop(): number {
    const top = this.slots[0]!;
    const last = this.slots.length - 1;
    this.swap(0, last);
    this.slots.pop();
    this.seqs.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const c = l + 1 < last && this.before(l + 1, l) ? l + 1 : l;
      if (!this.before(c, i)) break;
      this.swap(i, c);
      i = c;
    }
    return top;
  }

  private before(i: number, j: number): boolean {
    const a = this.slots[i]!;
    const b = this.slots[j]!;
    if (this.less(a, b)) return true;
    if (this.less(b, a)) return false;
    return this.seqs[i]! < this.seqs[j]!;
  }

  private swap(i: number, j: number): void {
    const s = this.slots[i]!;
    this.slots[i] = this.slots[j]!;
    this.slots[j] = s;
    const q = this.seqs[i]!;
    this.seqs[i] = this.seqs[j]!;
    this.seqs[j] = q;
  }
}
