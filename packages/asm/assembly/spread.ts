// PodTopologySpread over columns, bit-exact with core's plugins/podtopologyspread (which follows upstream's
// plugins/podtopologyspread/filtering.go and scoring.go). Domains are small integer ids per topology key (the
// host maps label values to them once per key); counts are integers held exactly in f64.
import {
  C_FEAS, C_N, C_STRIDE, MAX_NODE_SCORE, MAX_SPREAD_RAW, SP_CONS, SP_IGNORED, SP_INDEX, SP_LOG, SP_NCONS, SP_NORM, SP_OUT, SP_RAW,
  SP_REQUIRE_ALL, SP_RUN, SP_TSCOL, SP_WEIGHT, SP_ALL_KEYS, SPC_INC, SPC_COUNTED, SPC_COUNTS, SPC_DOM, SPC_HOSTNAME, SPC_MATCH, SPC_MAX_SKEW, SPC_MIN,
  SPC_NDOM, SPC_PRESENT, SPC_SELF, SPC_SLOTS, SPC_TABLE, TS_ERROR, TS_PASS,
} from "./abi";
import { ctxInt, ctxPtr, f64At, i32At, setF64 } from "./memory";
import { goRound } from "./score";

// @ts-ignore: decorator
@inline function ptrAt(sb: usize, slot: i32): usize {
  return <usize>(<u32>f64At(sb, slot));
}

// @ts-ignore: decorator
@inline function cons(c: i32, slot: i32): i32 {
  return SP_CONS + c * SPC_SLOTS + slot;
}

/**
 * filtering.go Filter for every node, merged into the u8 filter column: a node whose first rejecting filter so
 * far comes after PodTopologySpread (or none) gets PodTopologySpread's index when a hard constraint rejects it —
 * a missing topology key, or `count(domain) + selfMatch − minMatch > maxSkew` with PreFilter's counts.
 */
export function spreadFilter(ctx: usize, sb: usize): void {
  const n = ctxInt(ctx, C_N);
  const nc = <i32>f64At(sb, SP_NCONS);
  const tscol = ptrAt(sb, SP_TSCOL);
  const index = <i32>f64At(sb, SP_INDEX);
  const verdict = <u8>index;
  for (let c = 0; c < nc; c++) {
    const dom = ptrAt(sb, cons(c, SPC_DOM));
    const counts = ptrAt(sb, cons(c, SPC_COUNTS));
    const self = f64At(sb, cons(c, SPC_SELF));
    const min = f64At(sb, cons(c, SPC_MIN));
    const maxSkew = f64At(sb, cons(c, SPC_MAX_SKEW));
    for (let node = 0; node < n; node++) {
      const cur = <i32>load<u8>(tscol + <usize>node);
      // An earlier filter (or an earlier constraint) already rejects the node.
      if (cur != TS_PASS && (cur & (TS_ERROR - 1)) <= index) continue;
      const d = i32At(dom, node);
      if (d < 0 || f64At(counts, d) + self - min > maxSkew) store<u8>(tscol + <usize>node, verdict);
    }
  }
}

/** SP_ALL_KEYS: 1 for every node with every constraint's key (needed only when all keys are required). */
function markAllKeys(sb: usize, n: i32, nc: i32, requireAll: bool): void {
  if (!requireAll || nc <= 1) return;
  const allKeys = ptrAt(sb, SP_ALL_KEYS);
  memory.fill(allKeys, 1, <usize>n);
  for (let c = 0; c < nc; c++) {
    const dom = ptrAt(sb, cons(c, SPC_DOM));
    for (let node = 0; node < n; node++) if (i32At(dom, node) < 0) store<u8>(allKeys + <usize>node, 0);
  }
}

/**
 * The domain whose PreScore count `node`'s matching pods add to for constraint `c` (scoring.go PreScore's loop
 * over all nodes), or −1 when they count nowhere: a node lacking a key when every key is required (with the
 * system defaults, a node without the key counts in domain "" = 0), or one the inclusion policies leave out.
 */
// @ts-ignore: decorator
@inline function countedDomain(dom: usize, allKeys: usize, counted: usize, node: i32, nc: i32, requireAll: bool): i32 {
  let d = i32At(dom, node);
  if (d < 0) {
    if (requireAll) return -1;
    d = 0;
  }
  if (requireAll && nc > 1 && load<u8>(allKeys + <usize>node) == 0) return -1;
  if (counted != 0 && load<u8>(counted + <usize>node) == 0) return -1;
  return d;
}

/**
 * Run mode: every domain's PreScore count over the current matching-pod columns, once per run (the counts of
 * hostname constraints are the match column itself, read per node).
 */
export function spreadTotals(ctx: usize, sb: usize): void {
  const n = ctxInt(ctx, C_N);
  const nc = <i32>f64At(sb, SP_NCONS);
  const requireAll = f64At(sb, SP_REQUIRE_ALL) != 0;
  markAllKeys(sb, n, nc, requireAll);
  for (let c = 0; c < nc; c++) {
    if (f64At(sb, cons(c, SPC_HOSTNAME)) != 0) continue;
    const counts = ptrAt(sb, cons(c, SPC_COUNTS));
    const match = ptrAt(sb, cons(c, SPC_MATCH));
    const dom = ptrAt(sb, cons(c, SPC_DOM));
    const allKeys = ptrAt(sb, SP_ALL_KEYS);
    const counted = ptrAt(sb, cons(c, SPC_COUNTED));
    memory.fill(counts, 0, <usize>(<i32>f64At(sb, cons(c, SPC_NDOM))) << 3);
    for (let node = 0; node < n; node++) {
      const d = countedDomain(dom, allKeys, counted, node, nc, requireAll);
      if (d >= 0) setF64(counts, d, f64At(counts, d) + f64At(match, node));
    }
  }
}

/**
 * Run mode: the pod just assumed on `node` (NodeInfo.AddPod) adds SPC_INC matching pods to the node's match
 * column of each constraint and, where the node's pods count, to its domain's count — the only counts the
 * assume changes, so the next pod's PreScore state is the kernel's without a recount.
 */
export function spreadAssume(sb: usize, node: i32): void {
  const nc = <i32>f64At(sb, SP_NCONS);
  const requireAll = f64At(sb, SP_REQUIRE_ALL) != 0;
  for (let c = 0; c < nc; c++) {
    const inc = f64At(sb, cons(c, SPC_INC));
    if (inc == 0) continue;
    const match = ptrAt(sb, cons(c, SPC_MATCH));
    setF64(match, node, f64At(match, node) + inc);
    if (f64At(sb, cons(c, SPC_HOSTNAME)) != 0) continue;
    const d = countedDomain(ptrAt(sb, cons(c, SPC_DOM)), ptrAt(sb, SP_ALL_KEYS), ptrAt(sb, cons(c, SPC_COUNTED)), node, nc, requireAll);
    if (d < 0) continue;
    const counts = ptrAt(sb, cons(c, SPC_COUNTS));
    setF64(counts, d, f64At(counts, d) + inc);
  }
}

/**
 * scoring.go PreScore, Score and NormalizeScore over the `nf` feasible nodes in C_FEAS: normalized × weight per
 * feasible position into SP_OUT (and raw / normalized into SP_RAW / SP_NORM when given). Returns 0, or −1 when a
 * raw score leaves NormalizeScore's exact domain (the reference then reports the error). Loops run constraint by
 * constraint over the nodes; each node's sum still adds its constraints' terms in constraint order.
 */
export function spreadScore(ctx: usize, sb: usize, nf: i32): i32 {
  const n = ctxInt(ctx, C_N);
  const feas = ctxPtr(ctx, C_FEAS);
  const nc = <i32>f64At(sb, SP_NCONS);
  const requireAll = f64At(sb, SP_REQUIRE_ALL) != 0;
  if (nc == 1) return spreadScoreOne(sb, n, feas, nf, requireAll);
  if (nc == 2 && ptrAt(sb, SP_RAW) == 0 && ptrAt(sb, SP_NORM) == 0) {
    const r = spreadScorePair(ctx, sb, feas, nf, requireAll);
    if (r != -2) return r;
  }
  const ignored = ptrAt(sb, SP_IGNORED);
  const logs = ptrAt(sb, SP_LOG);
  const out = ptrAt(sb, SP_OUT);
  // Scored nodes lacking a key are ignored (score 0) when every key is required; with the system defaults a
  // node without the key is in domain "" (id 0) instead (initPreScoreState).
  memory.fill(ignored, 0, <usize>nf);
  if (requireAll) {
    for (let c = 0; c < nc; c++) {
      const dom = ptrAt(sb, cons(c, SPC_DOM));
      for (let k = 0; k < nf; k++) if (i32At(dom, i32At(feas, k)) < 0) store<u8>(ignored + <usize>k, 1);
    }
  }
  let ignoredCount = 0;
  for (let k = 0; k < nf; k++) ignoredCount += <i32>load<u8>(ignored + <usize>k);
  const run = f64At(sb, SP_RUN) != 0;
  if (!run) markAllKeys(sb, n, nc, requireAll);
  for (let k = 0; k < nf; k++) setF64(out, k, 0);
  for (let c = 0; c < nc; c++) {
    const dom = ptrAt(sb, cons(c, SPC_DOM));
    const match = ptrAt(sb, cons(c, SPC_MATCH));
    const counts = ptrAt(sb, cons(c, SPC_COUNTS));
    const hostname = f64At(sb, cons(c, SPC_HOSTNAME)) != 0;
    const base = f64At(sb, cons(c, SPC_MAX_SKEW)) - 1;
    let size = nf - ignoredCount;
    if (!hostname) {
      // The domains of the scored nodes.
      const present = ptrAt(sb, cons(c, SPC_PRESENT));
      const nd = <i32>f64At(sb, cons(c, SPC_NDOM));
      memory.fill(present, 0, <usize>nd);
      for (let k = 0; k < nf; k++) {
        if (load<u8>(ignored + <usize>k) != 0) continue;
        const d = i32At(dom, i32At(feas, k));
        store<u8>(present + <usize>(d < 0 ? 0 : d), 1);
      }
      size = 0;
      for (let d = 0; d < nd; d++) size += <i32>load<u8>(present + <usize>d);
      // PreScore's counting: every node whose pods count (inclusion policies; every key when required), into
      // the domains of scored nodes only. In run mode every domain's count is kept (spreadTotals): the
      // scored nodes read only their own domains', which are the same sums.
      if (!run) {
        const allKeys = ptrAt(sb, SP_ALL_KEYS);
        const counted = ptrAt(sb, cons(c, SPC_COUNTED));
        memory.fill(counts, 0, <usize>nd << 3);
        for (let node = 0; node < n; node++) {
          const d = countedDomain(dom, allKeys, counted, node, nc, requireAll);
          if (d < 0 || load<u8>(present + <usize>d) == 0) continue;
          setF64(counts, d, f64At(counts, d) + f64At(match, node));
        }
      }
    }
    // TopologyNormalizingWeight: ln(domains + 2), Go's math.Log from the host's table; then scoreForCount
    // float64(cnt)·weight + float64(maxSkew − 1), added to the node's running sum.
    const weight = f64At(logs, size + 2);
    for (let k = 0; k < nf; k++) {
      if (load<u8>(ignored + <usize>k) != 0) continue;
      const node = i32At(feas, k);
      const d = i32At(dom, node);
      if (d < 0) continue;
      const cnt = hostname ? f64At(match, node) : f64At(counts, d);
      setF64(out, k, f64At(out, k) + (cnt * weight + base));
    }
  }
  // Score's rounding, then NormalizeScore: ignored nodes 0; a zero maximum gives every node 100; else
  // 100·(max + min − s)/max in int64 (min and max over the nodes not ignored, max from 0).
  let min = Infinity;
  let max: f64 = 0;
  for (let k = 0; k < nf; k++) {
    if (load<u8>(ignored + <usize>k) != 0) {
      setF64(out, k, -1);
      continue;
    }
    const raw = goRound(f64At(out, k));
    if (raw > MAX_SPREAD_RAW) return -1;
    setF64(out, k, raw);
    if (raw < min) min = raw;
    if (raw > max) max = raw;
  }
  normalizeSpread(sb, out, nf, min, max);
  return 0;
}

/** scoring.go NormalizeScore of one raw score (`raw` ≥ 0), with the minimum and maximum of the scored nodes'. */
// @ts-ignore: decorator
@inline function normalizedSpread(raw: f64, min: f64, max: f64): f64 {
  return max == 0 ? MAX_NODE_SCORE : trunc<f64>((MAX_NODE_SCORE * (max + min - raw)) / max);
}

/**
 * spreadScore for a hostname and a domain constraint (the system defaults) in a kernel run, without an
 * explanation. A node's raw score depends only on its hostname count (a small integer: its matching pods) and
 * its domain, so the passes of spreadScore reduce to two over the feasible nodes: mark the (count, domain) pairs
 * the scored nodes have, and, after Score's rounding and NormalizeScore once per pair present, give each node
 * its pair's score. The pairs are marked in SP_IGNORED's bytes (a row of `cap + 2` per domain id, then one for
 * nodes without the key; in a row, counts 0..cap, then a node without the hostname label) and scored in the
 * hostname constraint's SPC_TABLE (rows of `top + 2`, `top` the largest count seen). Returns −2, having written
 * only scratch, where those do not fit (then spreadScore's passes run).
 */
function spreadScorePair(ctx: usize, sb: usize, feas: usize, nf: i32, requireAll: bool): i32 {
  // Run mode only: there every domain's count is kept (spreadTotals, spreadAssume); a cycle's block has them
  // counted per pod into the scored nodes' domains, which spreadScore's passes do.
  if (f64At(sb, SP_RUN) == 0) return -2;
  const h = f64At(sb, cons(0, SPC_HOSTNAME)) != 0 ? 0 : 1;
  const z = 1 - h;
  if (f64At(sb, cons(h, SPC_HOSTNAME)) == 0 || f64At(sb, cons(z, SPC_HOSTNAME)) != 0) return -2;
  const domH = ptrAt(sb, cons(h, SPC_DOM));
  const domZ = ptrAt(sb, cons(z, SPC_DOM));
  const match = ptrAt(sb, cons(h, SPC_MATCH));
  const nz = <i32>f64At(sb, cons(z, SPC_NDOM));
  const marks = ptrAt(sb, SP_IGNORED);
  const cap = ctxInt(ctx, C_STRIDE) / (nz + 1) - 2;
  if (cap < 0) return -2;
  const row = cap + 2;
  memory.fill(marks, 0, <usize>(row * (nz + 1)));
  const present = ptrAt(sb, cons(z, SPC_PRESENT));
  memory.fill(present, 0, <usize>nz);
  let ignoredCount = 0;
  let top = 0;
  for (let k = 0; k < nf; k++) {
    const node = i32At(feas, k);
    const dh = i32At(domH, node);
    const dz = i32At(domZ, node);
    if (dh < 0 || dz < 0) {
      if (requireAll) {
        ignoredCount++;
        continue;
      }
    }
    let m = cap + 1;
    if (dh >= 0) {
      const v = f64At(match, node);
      if (!(v >= 0 && v <= <f64>cap)) return -2;
      m = <i32>v;
      if (<f64>m != v) return -2;
      if (m > top) top = m;
    }
    store<u8>(present + <usize>(dz < 0 ? 0 : dz), 1);
    store<u8>(marks + <usize>((dz < 0 ? nz : dz) * row + m), 1);
  }
  const stride = top + 2;
  const table = ptrAt(sb, cons(h, SPC_TABLE));
  if (stride * (nz + 1) > <i32>f64At(sb, cons(h, SPC_NDOM))) return -2;
  let size = 0;
  for (let d = 0; d < nz; d++) size += <i32>load<u8>(present + <usize>d);
  const logs = ptrAt(sb, SP_LOG);
  const weightH = f64At(logs, nf - ignoredCount + 2);
  const weightZ = f64At(logs, size + 2);
  const baseH = f64At(sb, cons(h, SPC_MAX_SKEW)) - 1;
  const baseZ = f64At(sb, cons(z, SPC_MAX_SKEW)) - 1;
  const counts = ptrAt(sb, cons(z, SPC_COUNTS));
  // Score per pair present.
  let min = Infinity;
  let max: f64 = 0;
  for (let r = 0; r <= nz; r++) {
    for (let j = 0; j < stride; j++) {
      const m = j == stride - 1 ? cap + 1 : j;
      if (load<u8>(marks + <usize>(r * row + m)) == 0) continue;
      // spreadScore adds a node's terms to 0 in constraint order; with two non-negative terms (an absent one 0)
      // that sum is the same float whatever the order.
      const termH: f64 = m <= cap ? <f64>m * weightH + baseH : 0;
      const termZ: f64 = r < nz ? f64At(counts, r) * weightZ + baseZ : 0;
      const raw = goRound(termH + termZ);
      if (raw > MAX_SPREAD_RAW) return -1;
      setF64(table, r * stride + j, raw);
      if (raw < min) min = raw;
      if (raw > max) max = raw;
    }
  }
  const w = f64At(sb, SP_WEIGHT);
  for (let r = 0; r <= nz; r++) {
    for (let j = 0; j < stride; j++) {
      const m = j == stride - 1 ? cap + 1 : j;
      if (load<u8>(marks + <usize>(r * row + m)) == 0) continue;
      setF64(table, r * stride + j, normalizedSpread(f64At(table, r * stride + j), min, max) * w);
    }
  }
  const out = ptrAt(sb, SP_OUT);
  for (let k = 0; k < nf; k++) {
    const node = i32At(feas, k);
    const dh = i32At(domH, node);
    const dz = i32At(domZ, node);
    if (requireAll && (dh < 0 || dz < 0)) {
      // Ignored: NormalizeScore gives it 0.
      setF64(out, k, 0);
      continue;
    }
    const j = dh < 0 ? stride - 1 : <i32>f64At(match, node);
    setF64(out, k, f64At(table, (dz < 0 ? nz : dz) * stride + j));
  }
  return 0;
}

/**
 * NormalizeScore over the raw scores in SP_OUT (−1: an ignored node, which scores 0 and reports raw 0), then
 * × weight in place; raw and normalized scores into SP_RAW / SP_NORM when given.
 */
function normalizeSpread(sb: usize, out: usize, nf: i32, min: f64, max: f64): void {
  const rawOut = ptrAt(sb, SP_RAW);
  const normOut = ptrAt(sb, SP_NORM);
  const w = f64At(sb, SP_WEIGHT);
  for (let k = 0; k < nf; k++) {
    let raw = f64At(out, k);
    let s: f64 = 0;
    if (raw < 0) raw = 0;
    else s = normalizedSpread(raw, min, max);
    if (rawOut != 0) setF64(rawOut, k, raw);
    if (normOut != 0) setF64(normOut, k, s);
    setF64(out, k, s * w);
  }
}

/**
 * spreadScore for a pod with one constraint (most pods), the same steps in fewer passes over the feasible nodes:
 * the scored nodes and their domains; then, for a domain key, each present domain's raw score and normalized
 * score once (a node's raw score is its domain's: every node of a domain reads the same count), and one pass
 * that gives each node its domain's; for the hostname key, each node's raw score, rounded, with the minimum
 * and maximum, then NormalizeScore. An ignored node (lacking the key when every key is required) is kept as raw
 * −1 in SP_OUT between the passes (a raw score is never negative), as in spreadScore.
 */
function spreadScoreOne(sb: usize, n: i32, feas: usize, nf: i32, requireAll: bool): i32 {
  const logs = ptrAt(sb, SP_LOG);
  const out = ptrAt(sb, SP_OUT);
  const dom = ptrAt(sb, cons(0, SPC_DOM));
  const match = ptrAt(sb, cons(0, SPC_MATCH));
  const counts = ptrAt(sb, cons(0, SPC_COUNTS));
  const hostname = f64At(sb, cons(0, SPC_HOSTNAME)) != 0;
  const base = f64At(sb, cons(0, SPC_MAX_SKEW)) - 1;
  let size = 0;
  if (hostname) {
    for (let k = 0; k < nf; k++) if (!requireAll || i32At(dom, i32At(feas, k)) >= 0) size++;
  } else {
    // The domains of the scored nodes (a node without the key is in domain "" = 0 unless it is ignored).
    const present = ptrAt(sb, cons(0, SPC_PRESENT));
    const nd = <i32>f64At(sb, cons(0, SPC_NDOM));
    memory.fill(present, 0, <usize>nd);
    for (let k = 0; k < nf; k++) {
      const d = i32At(dom, i32At(feas, k));
      if (d < 0 && requireAll) continue;
      store<u8>(present + <usize>(d < 0 ? 0 : d), 1);
    }
    for (let d = 0; d < nd; d++) size += <i32>load<u8>(present + <usize>d);
    // PreScore's counting into the scored nodes' domains (run mode keeps every domain's: spreadTotals).
    if (f64At(sb, SP_RUN) == 0) {
      const counted = ptrAt(sb, cons(0, SPC_COUNTED));
      memory.fill(counts, 0, <usize>nd << 3);
      for (let node = 0; node < n; node++) {
        const d = countedDomain(dom, 0, counted, node, 1, requireAll);
        if (d < 0 || load<u8>(present + <usize>d) == 0) continue;
        setF64(counts, d, f64At(counts, d) + f64At(match, node));
      }
    }
    // A pod's own constraint (every key required: a node without it is ignored, so every domain present is one
    // a scored node is in); the system defaults are two constraints.
    if (requireAll && ptrAt(sb, SP_RAW) == 0 && ptrAt(sb, SP_NORM) == 0) return spreadScoreDomains(sb, out, dom, feas, nf, counts, present, nd, f64At(logs, size + 2), base);
  }
  // TopologyNormalizingWeight and scoreForCount as in spreadScore; a node without the key (not ignored) scores 0.
  const weight = f64At(logs, size + 2);
  let min = Infinity;
  let max: f64 = 0;
  for (let k = 0; k < nf; k++) {
    const node = i32At(feas, k);
    const d = i32At(dom, node);
    let sum: f64 = 0;
    if (d < 0) {
      if (requireAll) {
        setF64(out, k, -1);
        continue;
      }
    } else sum += (hostname ? f64At(match, node) : f64At(counts, d)) * weight + base;
    const raw = goRound(sum);
    if (raw > MAX_SPREAD_RAW) return -1;
    setF64(out, k, raw);
    if (raw < min) min = raw;
    if (raw > max) max = raw;
  }
  normalizeSpread(sb, out, nf, min, max);
  return 0;
}


/**
 * spreadScoreOne's domain-key steps from the domains present, every key required and no explanation wanted:
 * Score's rounded raw score per present domain (the same float64(cnt)·weight + float64(maxSkew − 1) every node
 * of the domain computes), the minimum and maximum over them, NormalizeScore × weight per domain into SPC_TABLE,
 * then each feasible node's from its domain (0 for a node without the key, which is ignored) — the values the
 * per-node passes give, with one division per domain instead of per node.
 */
function spreadScoreDomains(sb: usize, out: usize, dom: usize, feas: usize, nf: i32, counts: usize, present: usize, nd: i32, weight: f64, base: f64): i32 {
  const table = ptrAt(sb, cons(0, SPC_TABLE));
  const w = f64At(sb, SP_WEIGHT);
  let min = Infinity;
  let max: f64 = 0;
  for (let d = 0; d < nd; d++) {
    if (load<u8>(present + <usize>d) == 0) continue;
    const raw = goRound(f64At(counts, d) * weight + base);
    if (raw > MAX_SPREAD_RAW) return -1;
    if (raw < min) min = raw;
    if (raw > max) max = raw;
    setF64(table, d, raw);
  }
  for (let d = 0; d < nd; d++) if (load<u8>(present + <usize>d) != 0) setF64(table, d, normalizedSpread(f64At(table, d), min, max) * w);
  for (let k = 0; k < nf; k++) {
    const d = i32At(dom, i32At(feas, k));
    setF64(out, k, d >= 0 ? f64At(table, d) : 0);
  }
  return 0;
}
