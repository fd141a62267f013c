// InterPodAffinity's Filter and Score over columns, bit-exact with core's plugins/interpodaffinity (upstream
// plugins/interpodaffinity/filtering.go and scoring.go). The counting (existing pods matching terms, per
// topology domain) is the plugin's own PreFilter / PreScore; the host hands it over as values per domain id.
import {
  AF_INDEX, AF_NORM, AF_NTERMS, AF_OUT, AF_PASS_EMPTY, AF_RAW, AF_TERMS, AF_TSCOL, AF_WEIGHT, AFK_AFFINITY, AFT_DOM, AFT_KIND,
  AFT_SLOTS, AFT_VALUES, C_FEAS, C_N, MAX_AFFINITY_RAW, MAX_NODE_SCORE, TS_ERROR, TS_PASS,
} from "./abi";
import { ctxInt, ctxPtr, f64At, i32At, setF64 } from "./memory";

// @ts-ignore: decorator
@inline function term(ab: usize, t: i32, slot: i32): f64 {
  return f64At(ab, AF_TERMS + t * AFT_SLOTS + slot);
}

/**
 * filtering.go Filter for every node, merged into the u8 filter column (see spread.ts spreadFilter): the pod's
 * affinity terms (every key on the node; a matching pod in each term's domain, unless no pod matches anywhere
 * and the pod matches its own terms), then the anti-affinity terms (the pod's and existing pods'): no
 * matching pod in the node's domain.
 */
export function affinityFilter(ctx: usize, ab: usize): void {
  const n = ctxInt(ctx, C_N);
  const nt = <i32>f64At(ab, AF_NTERMS);
  const passEmpty = f64At(ab, AF_PASS_EMPTY) != 0;
  const tscol = <usize>(<u32>f64At(ab, AF_TSCOL));
  const index = <i32>f64At(ab, AF_INDEX);
  for (let node = 0; node < n; node++) {
    const cur = <i32>load<u8>(tscol + <usize>node);
    if (cur != TS_PASS && (cur & (TS_ERROR - 1)) <= index) continue;
    let reject = false;
    let podsExist = true;
    let hasAffinity = false;
    for (let t = 0; t < nt && !reject; t++) {
      const d = i32At(<usize>(<u32>term(ab, t, AFT_DOM)), node);
      const v: f64 = d < 0 ? 0 : f64At(<usize>(<u32>term(ab, t, AFT_VALUES)), d);
      if (<i32>term(ab, t, AFT_KIND) == AFK_AFFINITY) {
        hasAffinity = true;
        if (d < 0) reject = true;
        else if (v <= 0) podsExist = false;
      } else if (d >= 0 && v > 0) reject = true;
    }
    if (!reject && hasAffinity && !podsExist && !passEmpty) reject = true;
    if (reject) store<u8>(tscol + <usize>node, <u8>index);
  }
}

/**
 * scoring.go Score and NormalizeScore over the `nf` feasible nodes in C_FEAS: Σ topologyScore[key][value] over
 * the keys the node has, then `int64(100 · (s − min) / (max − min))` with the true min and max (0 when equal);
 * normalized × weight into AF_OUT. Returns 0, or −1 when a |raw score| leaves the exact domain.
 */
export function affinityScore(ctx: usize, ab: usize, nf: i32): i32 {
  const feas = ctxPtr(ctx, C_FEAS);
  const nt = <i32>f64At(ab, AF_NTERMS);
  const out = <usize>(<u32>f64At(ab, AF_OUT));
  for (let k = 0; k < nf; k++) setF64(out, k, 0);
  for (let t = 0; t < nt; t++) {
    const dom = <usize>(<u32>term(ab, t, AFT_DOM));
    const values = <usize>(<u32>term(ab, t, AFT_VALUES));
    for (let k = 0; k < nf; k++) {
      const d = i32At(dom, i32At(feas, k));
      if (d >= 0) setF64(out, k, f64At(out, k) + f64At(values, d));
    }
  }
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < nf; k++) {
    const v = f64At(out, k);
    if (abs<f64>(v) > MAX_AFFINITY_RAW) return -1;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const diff = max - min;
  const rawOut = <usize>(<u32>f64At(ab, AF_RAW));
  const normOut = <usize>(<u32>f64At(ab, AF_NORM));
  const w = f64At(ab, AF_WEIGHT);
  for (let k = 0; k < nf; k++) {
    const raw = f64At(out, k);
    const s: f64 = diff > 0 ? trunc<f64>(MAX_NODE_SCORE * ((raw - min) / diff)) : 0;
    if (rawOut != 0) setF64(rawOut, k, raw);
    if (normOut != 0) setF64(normOut, k, s);
    setF64(out, k, s * w);
  }
  return 0;
}
