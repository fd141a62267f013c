// kube-scheduler: schedule_one.go findNodesThatPassFilters, sequential: candidates in rotation from the start
// index, the first rejecting filter in profile order wins, stop once numToFind feasible nodes are found.
// Filters other than NodeResourcesFit arrive as one u8 column computed by the host: the index of the first
// rejecting one (bit 7 marks an error status), 255 when all pass.
import {
  C_EXBITS, C_EXCODE, C_EXIDX, C_FEAS, P_CAND, P_FIT_POS, P_NCAND, P_NUM_TO_FIND, P_START, P_TSCOL,
  R_ERR_AT, R_ERR_CODE, R_NF, R_NFAILED,
} from "./layout";
import { fitBits } from "./fit";
import { ctxPtr, f64At, i32At, setI32, setRes } from "./memory";

const NONE: i32 = 255;

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
  let nf = 0;
  let nfailed = 0;
  let k = n > 0 ? start % n : 0;
  for (let i = 0; i < n && nf < numToFind; i++) {
    const node = cand != 0 ? i32At(cand, k) : k;
    if (++k == n) k = 0;
    let code = -1;
    let bits = 0;
    const tc: i32 = tscol != 0 ? <i32>load<u8>(tscol + <usize>node) : NONE;
    const ti: i32 = tc == NONE ? 1000 : tc & 127;
    if (fitPos >= 0 && fitPos < ti) {
      bits = fitBits(ctx, pb, node);
      if (bits != 0) code = fitPos;
    }
    if (code < 0 && tc != NONE) {
      if (tc & 128) {
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
