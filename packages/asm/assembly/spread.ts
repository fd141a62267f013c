// PodTopologySpread over columns, bit-exact with core's plugins/podtopologyspread (which follows upstream's
// plugins/podtopologyspread/filtering.go and scoring.go). Domains are small integer ids per topology key (the
// host maps label values to them once per key); counts are integers held exactly in f64.
import {
  C_FEAS, C_N, MAX_NODE_SCORE, MAX_SPREAD_RAW, SP_CONS, SP_IGNORED, SP_INDEX, SP_LOG, SP_NCONS, SP_NORM, SP_OUT, SP_RAW,
  SP_REQUIRE_ALL, SP_TSCOL, SP_WEIGHT, SPC_COUNTED, SPC_COUNTS, SPC_DOM, SPC_HOSTNAME, SPC_MATCH, SPC_MAX_SKEW, SPC_MIN,
  SPC_NDOM, SPC_PRESENT, SPC_SELF, SPC_SLOTS, TS_ERROR, TS_PASS,
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

/** Whether the node has every constraint's topology key (nodeLabelsMatchSpreadConstraints). */
function hasAllKeys(sb: usize, nc: i32, node: i32): bool {
  for (let c = 0; c < nc; c++) if (i32At(ptrAt(sb, cons(c, SPC_DOM)), node) < 0) return false;
  return true;
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
  for (let node = 0; node < n; node++) {
    const cur = <i32>load<u8>(tscol + <usize>node);
    const limit = cur == TS_PASS ? 1000 : cur & (TS_ERROR - 1);
    if (index >= limit) continue;
    let reject = false;
    for (let c = 0; c < nc && !reject; c++) {
      const d = i32At(ptrAt(sb, cons(c, SPC_DOM)), node);
      if (d < 0) {
        reject = true;
        break;
      }
      const skew = f64At(ptrAt(sb, cons(c, SPC_COUNTS)), d) + f64At(sb, cons(c, SPC_SELF)) - f64At(sb, cons(c, SPC_MIN));
      if (skew > f64At(sb, cons(c, SPC_MAX_SKEW))) reject = true;
    }
    if (reject) store<u8>(tscol + <usize>node, <u8>index);
  }
}

/**
 * scoring.go PreScore, Score and NormalizeScore over the `nf` feasible nodes in C_FEAS: normalized × weight per
 * feasible position into SP_OUT (and raw / normalized into SP_RAW / SP_NORM when given). Returns 0, or −1 when a
 * raw score leaves NormalizeScore's exact domain (the reference then reports the error).
 */
export function spreadScore(ctx: usize, sb: usize, nf: i32): i32 {
  const n = ctxInt(ctx, C_N);
  const feas = ctxPtr(ctx, C_FEAS);
  const nc = <i32>f64At(sb, SP_NCONS);
  const requireAll = f64At(sb, SP_REQUIRE_ALL) != 0;
  const ignored = ptrAt(sb, SP_IGNORED);
  const logs = ptrAt(sb, SP_LOG);
  // initPreScoreState: the domains of the scored nodes (a node without the key is in domain "", id 0, unless
  // every key is required, when it is ignored and scores 0).
  for (let c = 0; c < nc; c++) {
    if (f64At(sb, cons(c, SPC_HOSTNAME)) != 0) continue;
    memory.fill(ptrAt(sb, cons(c, SPC_PRESENT)), 0, <usize>(<i32>f64At(sb, cons(c, SPC_NDOM))));
  }
  let ignoredCount = 0;
  for (let k = 0; k < nf; k++) {
    const node = i32At(feas, k);
    if (requireAll && !hasAllKeys(sb, nc, node)) {
      store<u8>(ignored + <usize>k, 1);
      ignoredCount++;
      continue;
    }
    store<u8>(ignored + <usize>k, 0);
    for (let c = 0; c < nc; c++) {
      if (f64At(sb, cons(c, SPC_HOSTNAME)) != 0) continue;
      const d = i32At(ptrAt(sb, cons(c, SPC_DOM)), node);
      store<u8>(ptrAt(sb, cons(c, SPC_PRESENT)) + <usize>(d < 0 ? 0 : d), 1);
    }
  }
  // TopologyNormalizingWeight: ln(domains + 2), Go's math.Log from the host's table. SPC_MIN holds it here.
  for (let c = 0; c < nc; c++) {
    let size = 0;
    if (f64At(sb, cons(c, SPC_HOSTNAME)) != 0) size = nf - ignoredCount;
    else {
      const present = ptrAt(sb, cons(c, SPC_PRESENT));
      const nd = <i32>f64At(sb, cons(c, SPC_NDOM));
      for (let d = 0; d < nd; d++) size += <i32>load<u8>(present + <usize>d);
      memory.fill(ptrAt(sb, cons(c, SPC_COUNTS)), 0, <usize>nd << 3);
    }
    setF64(sb, cons(c, SPC_MIN), f64At(logs, size + 2));
  }
  // PreScore's counting: every node whose pods count (inclusion policies; every key when required), into the
  // domains of scored nodes only.
  for (let node = 0; node < n; node++) {
    if (requireAll && !hasAllKeys(sb, nc, node)) continue;
    for (let c = 0; c < nc; c++) {
      if (f64At(sb, cons(c, SPC_HOSTNAME)) != 0) continue;
      const counted = ptrAt(sb, cons(c, SPC_COUNTED));
      if (counted != 0 && load<u8>(counted + <usize>node) == 0) continue;
      let d = i32At(ptrAt(sb, cons(c, SPC_DOM)), node);
      if (d < 0) d = 0;
      if (load<u8>(ptrAt(sb, cons(c, SPC_PRESENT)) + <usize>d) == 0) continue;
      const counts = ptrAt(sb, cons(c, SPC_COUNTS));
      setF64(counts, d, f64At(counts, d) + f64At(ptrAt(sb, cons(c, SPC_MATCH)), node));
    }
  }
  // Score: round(Σ cnt·w + (maxSkew − 1)) over the constraints whose key the node has, in constraint order.
  const out = ptrAt(sb, SP_OUT);
  const rawOut = ptrAt(sb, SP_RAW);
  const normOut = ptrAt(sb, SP_NORM);
  let min = Infinity;
  let max: f64 = 0;
  for (let k = 0; k < nf; k++) {
    if (load<u8>(ignored + <usize>k) != 0) {
      setF64(out, k, 0);
      continue;
    }
    const node = i32At(feas, k);
    let sum: f64 = 0;
    for (let c = 0; c < nc; c++) {
      const d = i32At(ptrAt(sb, cons(c, SPC_DOM)), node);
      if (d < 0) continue;
      const cnt = f64At(sb, cons(c, SPC_HOSTNAME)) != 0 ? f64At(ptrAt(sb, cons(c, SPC_MATCH)), node) : f64At(ptrAt(sb, cons(c, SPC_COUNTS)), d);
      sum += cnt * f64At(sb, cons(c, SPC_MIN)) + (f64At(sb, cons(c, SPC_MAX_SKEW)) - 1);
    }
    const raw = goRound(sum);
    if (raw > MAX_SPREAD_RAW) return -1;
    setF64(out, k, raw);
    if (raw < min) min = raw;
    if (raw > max) max = raw;
  }
  // NormalizeScore: ignored nodes 0; max 0 gives every node 100; else 100·(max + min − s)/max in int64.
  const w = f64At(sb, SP_WEIGHT);
  for (let k = 0; k < nf; k++) {
    const raw = f64At(out, k);
    let s: f64 = 0;
    if (load<u8>(ignored + <usize>k) != 0) s = 0;
    else if (max == 0) s = MAX_NODE_SCORE;
    else s = trunc<f64>((MAX_NODE_SCORE * (max + min - raw)) / max);
    if (rawOut != 0) setF64(rawOut, k, raw);
    if (normOut != 0) setF64(normOut, k, s);
    setF64(out, k, s * w);
  }
  return 0;
}
