// kube-scheduler: schedule_one.go findNodesThatPassFilters, sequential: candidates in rotation from the start
// index, the first rejecting filter in profile order wins, stop once numToFind feasible nodes are found.
// Filters other than NodeResourcesFit arrive as one u8 column computed by the host: the index of the first
// rejecting one (TS_ERROR marks an error status), TS_PASS when all pass.
import {
  A_CPU, A_EPH, A_MEM, A_PODS, C_EXBITS, C_EXCODE, C_EXIDX, C_FEAS, P_CAND, P_CPU, P_EPH, P_FIT_EMPTY, P_FIT_POS, P_MEM,
  P_NCAND, P_NSCAL, P_NUM_TO_FIND, P_START, P_TSCOL, PODS, R_CPU, R_EPH, R_ERR_AT, R_ERR_CODE, R_MEM, R_NF, R_NFAILED,
  TS_ERROR, TS_PASS,
} from "./abi";
import { fitBits } from "./fit";
import { col, ctxPtr, f64At, i32At, setI32, setRes } from "./memory";

// The pod's request and the columns Fit reads, loaded once per pod (the loop below cannot hoist loads itself).
let cPods: usize = 0;
let cAPods: usize = 0;
let cACpu: usize = 0;
let cRCpu: usize = 0;
let cAMem: usize = 0;
let cRMem: usize = 0;
let cAEph: usize = 0;
let cREph: usize = 0;
let qCpu: f64 = 0;
let qMem: f64 = 0;
let qEph: f64 = 0;
let qEmpty: bool = true;
let qScalars: bool = false;

function loadFit(ctx: usize, pb: usize): void {
  cPods = col(ctx, PODS);
  cAPods = col(ctx, A_PODS);
  cACpu = col(ctx, A_CPU);
  cRCpu = col(ctx, R_CPU);
  cAMem = col(ctx, A_MEM);
  cRMem = col(ctx, R_MEM);
  cAEph = col(ctx, A_EPH);
  cREph = col(ctx, R_EPH);
  qEmpty = f64At(pb, P_FIT_EMPTY) != 0;
  qCpu = qEmpty ? 0 : f64At(pb, P_CPU);
  qMem = qEmpty ? 0 : f64At(pb, P_MEM);
  qEph = qEmpty ? 0 : f64At(pb, P_EPH);
  qScalars = !qEmpty && f64At(pb, P_NSCAL) > 0;
}

/** fit.ts fitsRequest's verdict for `node`: the reason bits (fit.ts fitBits) when it does not fit, else 0. */
// @ts-ignore: decorator
@inline function fitCheck(ctx: usize, pb: usize, node: i32): i32 {
  const off = <usize>node << 3;
  let bad = load<f64>(cPods + off) + 1 > load<f64>(cAPods + off);
  if (qCpu > 0 && qCpu > load<f64>(cACpu + off) - load<f64>(cRCpu + off)) bad = true;
  if (qMem > 0 && qMem > load<f64>(cAMem + off) - load<f64>(cRMem + off)) bad = true;
  if (qEph > 0 && qEph > load<f64>(cAEph + off) - load<f64>(cREph + off)) bad = true;
  return bad || qScalars ? fitBits(ctx, pb, node) : 0;
}

/**
 * The filter phase for pod block `pb`. Feasible node indices go to C_FEAS; with `record`, every examined node
 * goes to C_EXIDX / C_EXCODE (−1 feasible, else the rejecting filter's index) / C_EXBITS (Fit reasons).
 * Returns the feasible count, or −1 when a filter returned an error (R_ERR_AT: nodes processed before it).
 */
export function filterPod(ctx: usize, pb: usize, record: i32): i32 {
  const n = <i32>f64At(pb, P_NCAND);
  const numToFind = <i32>f64At(pb, P_NUM_TO_FIND);
  const start = <i32>f64At(pb, P_START);
  const cand = <usize>(<u32>f64At(pb, P_CAND));
  const tscol = <usize>(<u32>f64At(pb, P_TSCOL));
  const fitPos = <i32>f64At(pb, P_FIT_POS);
  const feas = ctxPtr(ctx, C_FEAS);
  const exIdx = ctxPtr(ctx, C_EXIDX);
  const exCode = ctxPtr(ctx, C_EXCODE);
  const exBits = ctxPtr(ctx, C_EXBITS);
  if (fitPos >= 0) loadFit(ctx, pb);
  if (ASC_FEATURE_SIMD && !record && cand == 0 && !qScalars) {
    // Counting only (no per-node record): sixteen nodes at a time, rotation as two contiguous ranges.
    const s0 = n > 0 ? start % n : 0;
    let nf = 0;
    let nfailed = 0;
    let done = false;
    if (s0 < n) {
      const r = blocks(ctx, pb, s0, n, tscol, fitPos >= 0, numToFind, 0, 0, feas);
      if (r < 0) {
        nf = -1;
        nfailed = -1;
        done = true;
      } else {
        nf = <i32>(r & 0xffffffff);
        nfailed = <i32>(r >>> 32);
        done = nf >= numToFind;
      }
    }
    if (!done && s0 > 0) {
      const r = blocks(ctx, pb, 0, s0, tscol, fitPos >= 0, numToFind, nf, nfailed, feas);
      if (r < 0) {
        nf = -1;
        nfailed = -1;
      } else {
        nf = <i32>(r & 0xffffffff);
        nfailed = <i32>(r >>> 32);
      }
    }
    if (nf >= 0 && nfailed >= 0) {
      setRes(ctx, R_ERR_AT, -1);
      setRes(ctx, R_NF, <f64>nf);
      setRes(ctx, R_NFAILED, <f64>nfailed);
      return nf;
    }
    // A filter error somewhere: redo the pod exactly, node by node.
  }
  let nf = 0;
  let nfailed = 0;
  let k = n > 0 ? start % n : 0;
  for (let i = 0; i < n && nf < numToFind; i++) {
    const node = cand != 0 ? i32At(cand, k) : k;
    if (++k == n) k = 0;
    let code = -1;
    let bits = 0;
    const tc: i32 = tscol != 0 ? <i32>load<u8>(tscol + <usize>node) : TS_PASS;
    const ti: i32 = tc == TS_PASS ? 1000 : tc & (TS_ERROR - 1);
    if (fitPos >= 0 && fitPos < ti) {
      bits = fitCheck(ctx, pb, node);
      if (bits != 0) code = fitPos;
    }
    if (code < 0 && tc != TS_PASS) {
      if (tc & TS_ERROR) {
        setRes(ctx, R_ERR_AT, <f64>(nf + nfailed));
        setRes(ctx, R_ERR_CODE, <f64>ti);
        setRes(ctx, R_NF, 0);
        setRes(ctx, R_NFAILED, 0);
        return -1;
      }
      code = ti;
    }
    if (record) {
      const e = nf + nfailed;
      setI32(exIdx, e, node);
      setI32(exCode, e, code);
      setI32(exBits, e, bits);
    }
    if (code < 0) {
      setI32(feas, nf, node);
      nf++;
    } else nfailed++;
  }
  setRes(ctx, R_ERR_AT, -1);
  setRes(ctx, R_NF, <f64>nf);
  setRes(ctx, R_NFAILED, <f64>nfailed);
  return nf;
}

// Left-packing shuffles: for a 4-bit mask, the i8x16.swizzle indices moving the selected i32 lanes to the front.
const PACK: usize = memory.data<u8>([
  0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, // 0000
  0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, // 0001
  4, 5, 6, 7, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, // 0010
  0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 0, 1, 2, 3, // 0011
  8, 9, 10, 11, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, // 0100
  0, 1, 2, 3, 8, 9, 10, 11, 0, 1, 2, 3, 0, 1, 2, 3, // 0101
  4, 5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3, 0, 1, 2, 3, // 0110
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3, // 0111
  12, 13, 14, 15, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, // 1000
  0, 1, 2, 3, 12, 13, 14, 15, 0, 1, 2, 3, 0, 1, 2, 3, // 1001
  4, 5, 6, 7, 12, 13, 14, 15, 0, 1, 2, 3, 0, 1, 2, 3, // 1010
  0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 0, 1, 2, 3, // 1011
  8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 0, 1, 2, 3, // 1100
  0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, // 1101
  4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, // 1110
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, // 1111
], 16);

/**
 * Examines nodes [from, to) in order, sixteen per step, for a pod block without per-node records. Appends
 * feasible nodes to `feas` until `numToFind` are found (the node after that is not examined). Returns
 * nf | nfailed << 32, or −1 when a TS-evaluated filter reported an error for a node of the range (the caller
 * then reruns the pod node by node, which reports it exactly).
 */
function blocks(ctx: usize, pb: usize, from: i32, to: i32, tscol: usize, fit: bool, numToFind: i32, nf0: i32, nfailed0: i32, feas: usize): i64 {
  let nf = nf0;
  let nfailed = nfailed0;
  const all255 = i8x16.splat(-1);
  const high = i8x16.splat(-128);
  const one = f64x2.splat(1);
  const zero = f64x2.splat(0);
  const qcpu = f64x2.splat(qCpu);
  const qmem = f64x2.splat(qMem);
  const qeph = f64x2.splat(qEph);
  const useCpu = qCpu > 0;
  const useMem = qMem > 0;
  const useEph = qEph > 0;
  for (let base = from; base < to; base += 16) {
    const len = min(16, to - base);
    let ok: u32 = len == 16 ? 0xffff : (<u32>1 << len) - 1;
    if (tscol != 0) {
      const t = v128.load(tscol + <usize>base);
      // A node whose column byte has bit 7 (TS_ERROR) set but is not TS_PASS carries an error status.
      const err = i8x16.bitmask(v128.andnot(v128.and(t, high), i8x16.eq(t, all255))) & ok;
      if (err != 0) return -1;
      ok &= i8x16.bitmask(i8x16.eq(t, all255));
    }
    if (fit && ok != 0) {
      let fits: u32 = 0;
      for (let j = 0; j < 16; j += 2) {
        const off = <usize>(base + j) << 3;
        let bad = f64x2.gt(f64x2.add(v128.load(cPods + off), one), v128.load(cAPods + off));
        if (useCpu) bad = v128.or(bad, f64x2.gt(qcpu, f64x2.sub(v128.load(cACpu + off), v128.load(cRCpu + off))));
        if (useMem) bad = v128.or(bad, f64x2.gt(qmem, f64x2.sub(v128.load(cAMem + off), v128.load(cRMem + off))));
        if (useEph) bad = v128.or(bad, f64x2.gt(qeph, f64x2.sub(v128.load(cAEph + off), v128.load(cREph + off))));
        fits |= (<u32>i64x2.bitmask(v128.not(bad))) << j;
      }
      ok &= fits;
    }
    const count = <i32>popcnt(ok);
    if (nf + count < numToFind) {
      // Four nodes at a time: shuffle the feasible indices to the front, store all four, advance by how many
      // were feasible (the region has slack for the stray lanes).
      const step = i32x4.splat(4);
      let idx = i32x4.add(i32x4.splat(base), i32x4(0, 1, 2, 3));
      for (let g = 0; g < 16; g += 4) {
        const m = (ok >> g) & 15;
        v128.store(feas + (<usize>nf << 2), i8x16.swizzle(idx, v128.load(PACK + (<usize>m << 4))));
        nf += <i32>popcnt(m);
        idx = i32x4.add(idx, step);
      }
      nfailed += len - count;
    } else {
      // The numToFind-th feasible node is in this block: nothing after it is examined.
      let m = ok;
      let last = 0;
      while (nf < numToFind) {
        last = <i32>ctz(m);
        setI32(feas, nf++, base + last);
        m &= m - 1;
      }
      const examined = last + 1;
      const feasibleHere = <i32>popcnt(ok & ((<u32>2 << last) - 1));
      nfailed += examined - feasibleHere;
      break;
    }
  }
  return <i64>nf | (<i64>nfailed << 32);
}
