// The host side of InterPodAffinity in the kernel (assembly/affinity.ts): the plugin's own PreFilter and PreScore
// count existing pods matching terms per topology value; those counts become values per domain id (domains.ts),
// and the kernel checks and scores every node from them.
import { AFFINITY_PREFILTER_STATE, AFFINITY_PRESCORE_STATE, type CycleState, type NodeInfo } from "@schedkit/core/engine";
import type { NodeColumns } from "./columns.js";
import type { Kernel } from "./kernel.js";
import type { Domains, TopologyDomains } from "./domains.js";
import type { PodKernelPlugin } from "./plan.js";
import {
  AF_INDEX, AF_NORM, AF_NTERMS, AF_OUT, AF_PASS_EMPTY, AF_RAW, AF_TERMS, AF_TSCOL, AF_WEIGHT, AFK_AFFINITY, AFK_ANTI, AFK_SCORE,
  AFT_DOM, AFT_KIND, AFT_SLOTS, AFT_VALUES,
} from "../assembly/abi.js";

interface Term {
  readonly kind: number;
  readonly domains: Domains;
  readonly values: ReadonlyMap<string, number> | undefined;
}

export class AffinityKernel implements PodKernelPlugin {
  private block = 0;
  private blockTerms = 0;
  /** Per term position: values per domain id (f64) for `cap` ids. */
  private readonly scratch: { ptr: number; cap: number }[] = [];
  private rawNorm = 0;

  constructor(
    private readonly kernel: Kernel,
    private readonly columns: NodeColumns,
    private readonly domains: TopologyDomains,
  ) {}

  private write(terms: readonly Term[]): number {
    const cols = this.columns;
    const ptrs = terms.map((t, i) => {
      const s = this.scratch[i];
      if (s !== undefined && s.cap >= t.domains.ids.size) return s.ptr;
      if (s !== undefined) cols.free(s.ptr);
      const cap = Math.max(16, t.domains.ids.size);
      const ptr = cols.allocate(cap * 8);
      this.scratch[i] = { ptr, cap };
      return ptr;
    });
    if (terms.length > this.blockTerms) {
      if (this.block !== 0) cols.free(this.block);
      this.blockTerms = Math.max(8, terms.length);
      this.block = cols.allocate((AF_TERMS + AFT_SLOTS * this.blockTerms) * 8);
    }
    terms.forEach((t, i) => this.domains.spell(t.domains, t.values, ptrs[i]!));
    const f = this.kernel.f64;
    const b = this.block >> 3;
    f[b + AF_NTERMS] = terms.length;
    terms.forEach((t, i) => {
      const q = b + AF_TERMS + i * AFT_SLOTS;
      f[q + AFT_KIND] = t.kind;
      f[q + AFT_DOM] = t.domains.ptr;
      f[q + AFT_VALUES] = ptrs[i]!;
    });
    return this.block;
  }

  filter(state: CycleState, tscol: number, index: number): boolean {
    const s = state.read(AFFINITY_PREFILTER_STATE);
    if (s === undefined) return false;
    const terms: Term[] = [];
    s.pod.requiredAffinityTerms.forEach((t, i) => terms.push({ kind: AFK_AFFINITY, domains: this.domains.of(t.topologyKey), values: s.affinityByTerm[i] }));
    s.pod.requiredAntiAffinityTerms.forEach((t, i) => terms.push({ kind: AFK_ANTI, domains: this.domains.of(t.topologyKey), values: s.antiAffinityByTerm[i] }));
    s.existingAntiKeys.forEach((key, i) => terms.push({ kind: AFK_ANTI, domains: this.domains.of(key), values: s.existingAntiCounts[i] }));
    const ab = this.write(terms);
    const f = this.kernel.f64;
    const b = ab >> 3;
    f[b + AF_PASS_EMPTY] = s.affinityEmpty && s.selfAffine ? 1 : 0;
    f[b + AF_TSCOL] = tscol;
    f[b + AF_INDEX] = index;
    this.kernel.affinityFilter(this.columns.ctx, ab);
    return true;
  }

  score(state: CycleState, feasible: readonly NodeInfo[], weight: number, column: number, explain: boolean): { raw: Float64Array | null; norm: Float64Array | null } | null {
    const s = state.read(AFFINITY_PRESCORE_STATE);
    if (s === undefined) return null;
    const cols = this.columns;
    const terms = s.keys.map((key, i) => ({ kind: AFK_SCORE, domains: this.domains.of(key), values: s.scores[i] }));
    if (explain && this.rawNorm === 0) this.rawNorm = cols.allocate(cols.stride * 16);
    const ab = this.write(terms);
    const f = this.kernel.f64;
    const b = ab >> 3;
    f[b + AF_OUT] = column;
    f[b + AF_RAW] = explain ? this.rawNorm : 0;
    f[b + AF_NORM] = explain ? this.rawNorm + cols.stride * 8 : 0;
    f[b + AF_WEIGHT] = weight;
    if (this.kernel.affinityScore(cols.ctx, ab, feasible.length) < 0) return null;
    if (!explain) return { raw: null, norm: null };
    const o = this.kernel.f64;
    const r = this.rawNorm >> 3;
    const nf = feasible.length;
    return { raw: o.slice(r, r + nf), norm: o.slice(r + cols.stride, r + cols.stride + nf) };
  }
}
