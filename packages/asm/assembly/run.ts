// A run of pods in one call: for each pod the filter phase, the score phase, selectHost and the assume
// (framework NodeInfo.AddPod on the columns). The run stops before a pod whose cycle the host must do itself:
// no feasible node (FitError, PostFilter), a filter error, or an assume leaving the exact domain.
import {
  BW, C_BAL, C_FEAS, C_N, C_RUNOUT, MAX_RESOURCE_VALUE, NZ_CPU, NZ_MEM, P_ASSUME, P_START, P_TREE, P_TIE_FIRST, PODS,
  P_NUM_TO_FIND, P_SPREAD, SP_COUNTS_KEPT, SP_NCONS, SP_REQUIRE_ALL, R_CPU, R_EPH, R_MEM, R_NEXT_START, R_NFAILED, R_RNG, R_FUSED, R_FUSED_KEPT, R_FUSED_MISS, R_FUSED_WINDOW, R_FUSED_WINDOW_KEPT, R_STOP, R_TIE_WALK, R_TREE, R_WINDOW_WALK, R_TREE_MISS, STOP_DOMAIN, STOP_ERROR, STOP_INFEASIBLE, STOP_NONE, TREE_SLOTS,
} from "./abi";
import { filterPod } from "./filter";
import { fusedAssumed, fusedEligible, fusedPick, fusedPod, fusedReset, fusedTopTies, fusedWasKept, fusedWindow, fusedWindowEvaluated, fusedWindowKept } from "./vector";
import { treeBuild, treeEligible, treeExamined, treeNormalizationHolds, treePick, treeTies, treeUpdate, treeUse, treeWindow } from "./tree";
import { balancedScore, scorePod } from "./score";
import { spreadAssume, spreadScore, spreadTotals } from "./spread";
import { spreadTreeBuild, spreadTreeEligible, spreadTreeExamined, spreadTreeFlush, spreadTreePick, spreadTreeTies, spreadTreeUpdate, spreadTreeWalked, spreadTreeWindow, spreadTreeWindowWalked } from "./spreadtree";
import { below, choose, getRng, setRng } from "./select";
import { col, ctxInt, ctxPtr, f64At, i32At, res, setF64, setI32, setRes } from "./memory";

/** The BalancedAllocation score of `node` without any incoming pod, for the BW cache (C_BAL resources). */
export function refreshBalanced(ctx: usize, node: i32): void {
  const bal = ctxPtr(ctx, C_BAL);
  if (bal == 0) return;
  const n = <i32>f64At(bal, 0);
  if (n == 0) return;
  setF64(col(ctx, BW), node, balancedScore(ctx, bal, 1, n, 2, node, false));
}

/** Fills the BW cache for every node. */
export function initBalanced(ctx: usize): void {
  const n = ctxInt(ctx, C_N);
  for (let i = 0; i < n; i++) refreshBalanced(ctx, i);
}

// @ts-ignore: decorator
@inline function fitsDomain(ctx: usize, c: i32, node: i32, add: f64): bool {
  return f64At(col(ctx, c), node) + add <= MAX_RESOURCE_VALUE;
}

// @ts-ignore: decorator
@inline function addTo(ctx: usize, c: i32, node: i32, add: f64): void {
  const p = col(ctx, c);
  setF64(p, node, f64At(p, node) + add);
}

/** NodeInfo.AddPod on the columns; false (and nothing changed) when a sum would leave the exact domain. */
export function assumeOnColumns(ctx: usize, pb: usize, node: i32): bool {
  const a = P_ASSUME;
  const ns = <i32>f64At(pb, a + 5);
  if (!fitsDomain(ctx, R_CPU, node, f64At(pb, a))) return false;
  if (!fitsDomain(ctx, R_MEM, node, f64At(pb, a + 1))) return false;
  if (!fitsDomain(ctx, R_EPH, node, f64At(pb, a + 2))) return false;
  for (let j = 0; j < ns; j++) {
    if (!fitsDomain(ctx, <i32>f64At(pb, a + 6 + 2 * j) + 1, node, f64At(pb, a + 7 + 2 * j))) return false;
  }
  if (!fitsDomain(ctx, NZ_CPU, node, f64At(pb, a + 3))) return false;
  if (!fitsDomain(ctx, NZ_MEM, node, f64At(pb, a + 4))) return false;
  addTo(ctx, R_CPU, node, f64At(pb, a));
  addTo(ctx, R_MEM, node, f64At(pb, a + 1));
  addTo(ctx, R_EPH, node, f64At(pb, a + 2));
  for (let j = 0; j < ns; j++) addTo(ctx, <i32>f64At(pb, a + 6 + 2 * j) + 1, node, f64At(pb, a + 7 + 2 * j));
  addTo(ctx, NZ_CPU, node, f64At(pb, a + 3));
  addTo(ctx, NZ_MEM, node, f64At(pb, a + 4));
  addTo(ctx, PODS, node, 1);
  refreshBalanced(ctx, node);
  return true;
}

/**
 * Schedules and assumes `count` pods whose blocks are listed (i32 pointers) at `list`, carrying the rotation
 * start (R_NEXT_START) and the tie-break state (R_RNG). Per pod, C_RUNOUT gets (chosen node, evaluated
 * nodes, feasible nodes). Without `assume` every pod sees the same columns (Scheduler.schedule). Returns how
 * many pods were done; R_STOP says why it stopped before `count`.
 */
export function runPods(ctx: usize, list: usize, count: i32, assume: i32): i32 {
  const numAll = ctxInt(ctx, C_N);
  const out = ctxPtr(ctx, C_RUNOUT);
  const feas = ctxPtr(ctx, C_FEAS);
  setRng(<u32>res(ctx, R_RNG));
  let nextStart = <i32>res(ctx, R_NEXT_START);
  let stop = STOP_NONE;
  // Trees built in this call (bit per slot): each holds every node's total for its block, after every assume.
  let built: u32 = 0;
  // Slots whose block cannot use a tree (treeEligible), not asked again.
  let refused: u32 = 0;
  // The PodTopologySpread block whose counts this call keeps (the host gives a run at most one: its pods are
  // all of one shape, so every assume adds the same matching pods to the counts).
  let spreadKept: usize = 0;
  // Whether its group trees (spreadtree.ts) hold the nodes for the pods marked P_TREE = 1.
  let spreadTree = false;
  let spreadAsked = false;
  fusedReset(ctx);
  let i = 0;
  for (; i < count; i++) {
    const pb = <usize>i32At(list, i);
    setF64(pb, P_START, <f64>nextStart);
    const saved = getRng();
    const sb = <usize>(<u32>f64At(pb, P_SPREAD));
    // A spreading pod's P_TREE says whether the group trees are for its block; the node trees are not for it.
    const slot = sb != 0 ? -1 : <i32>f64At(pb, P_TREE) - 1;
    if (sb != 0 && sb != spreadKept) {
      // Kept counts (the host's, per shape) only where a node's domain does not depend on the other keys; with
      // every key required and more than one constraint, spreadTotals also marks the nodes having them all.
      if (f64At(sb, SP_COUNTS_KEPT) == 0 || (f64At(sb, SP_NCONS) > 1 && f64At(sb, SP_REQUIRE_ALL) != 0)) {
        spreadTotals(ctx, sb);
        setF64(sb, SP_COUNTS_KEPT, 1);
      }
      spreadKept = sb;
    }
    // Spreading pods with the block the host marked (P_TREE 1: equal to the run's first such block) go through
    // the group trees, built by the first of them.
    const spreadPod = sb != 0 && f64At(pb, P_TREE) == 1;
    if (spreadPod && !spreadAsked) {
      // Built or not, not asked again in this call.
      spreadAsked = true;
      spreadTree = spreadTreeEligible(ctx, pb, sb) && spreadTreeBuild(ctx, pb, sb);
    }
    let nf: i32 = 0;
    let evaluated: i32 = 0;
    let node: i32 = -1;
    if (slot >= 0 && (built & (<u32>1 << slot)) != 0) {
      treeUse(ctx, slot);
      nf = treeWindow(numAll, nextStart % numAll, <i32>f64At(pb, P_NUM_TO_FIND));
      if (nf == 0) {
        stop = STOP_INFEASIBLE;
        break;
      }
      // One feasible node is chosen without scoring (schedulePod); otherwise the scores must be the tree's.
      if (nf == 1 || treeNormalizationHolds()) {
        evaluated = treeExamined();
        const ties = treeTies();
        const pick = nf == 1 || f64At(pb, P_TIE_FIRST) != 0 || ties == 1 ? 0 : below(ties);
        node = treePick(pick);
        setRes(ctx, R_TREE, res(ctx, R_TREE) + 1);
      } else setRes(ctx, R_TREE_MISS, res(ctx, R_TREE_MISS) + 1);
    }
    if (spreadPod && spreadTree) {
      const found = spreadTreeWindow(sb, nextStart % numAll, <i32>f64At(pb, P_NUM_TO_FIND));
      if (found == 0) {
        stop = STOP_INFEASIBLE;
        break;
      }
      if (found == -1) {
        stop = STOP_ERROR;
        break;
      }
      if (found == -2) setRes(ctx, R_TREE_MISS, res(ctx, R_TREE_MISS) + 1);
      else if (found > 0) {
        nf = found;
        evaluated = spreadTreeExamined();
        const ties = spreadTreeTies();
        const pick = nf == 1 || f64At(pb, P_TIE_FIRST) != 0 || ties == 1 ? 0 : below(ties);
        node = spreadTreePick(pick);
        setRes(ctx, R_TREE, res(ctx, R_TREE) + 1);
        if (spreadTreeWalked()) setRes(ctx, R_TIE_WALK, res(ctx, R_TIE_WALK) + 1);
        if (spreadTreeWindowWalked()) setRes(ctx, R_WINDOW_WALK, res(ctx, R_WINDOW_WALK) + 1);
      }
    }
    // Resource and static score plugins only: filter and score in one pass (vector.ts), over every node or the
    // window; −1 when its speculated normalization maximum was not the feasible one (then the two phases below).
    const windowed = <i32>f64At(pb, P_NUM_TO_FIND) < numAll;
    const fused = node < 0 && fusedEligible(ctx, pb, numAll) ? (windowed ? fusedWindow(ctx, pb, numAll, nextStart % numAll) : fusedPod(ctx, pb, numAll)) : -2;
    if (fused == -1) setRes(ctx, R_FUSED_MISS, res(ctx, R_FUSED_MISS) + 1);
    if (fused >= 0) {
      nf = fused;
      if (nf == 0) {
        stop = STOP_INFEASIBLE;
        break;
      }
      evaluated = windowed ? fusedWindowEvaluated() : numAll;
      if (windowed) {
        setRes(ctx, R_FUSED_WINDOW, res(ctx, R_FUSED_WINDOW) + 1);
        setRes(ctx, R_FUSED_WINDOW_KEPT, res(ctx, R_FUSED_WINDOW_KEPT) + fusedWindowKept());
      }
      const ties = nf == 1 || f64At(pb, P_TIE_FIRST) != 0 ? 1 : fusedTopTies(ctx);
      const pick = ties == 1 ? 0 : below(ties);
      node = fusedPick(ctx, nextStart % numAll, pick);
      setRes(ctx, R_FUSED, res(ctx, R_FUSED) + 1);
      if (fusedWasKept()) setRes(ctx, R_FUSED_KEPT, res(ctx, R_FUSED_KEPT) + 1);
    } else if (node < 0) {
      nf = filterPod(ctx, pb, 0);
      if (nf < 0) {
        stop = STOP_ERROR;
        break;
      }
      if (nf == 0) {
        stop = STOP_INFEASIBLE;
        break;
      }
      evaluated = nf + <i32>res(ctx, R_NFAILED);
      let pos = 0;
      if (nf > 1) {
        // PodTopologySpread's Score and NormalizeScore into its OP_EXTRA column; a raw score outside the
        // exact domain leaves the pod to the host's cycle, which reports the error.
        if (sb != 0 && spreadScore(ctx, sb, nf) < 0) {
          stop = STOP_ERROR;
          break;
        }
        const ties = scorePod(ctx, pb, nf, 0);
        const pick = f64At(pb, P_TIE_FIRST) != 0 || ties == 1 ? 0 : below(ties);
        pos = choose(ctx, nf, pick);
      }
      node = i32At(feas, pos);
    }
    // A scanned pod whose block recurs in the run (the host gives a slot only to such) builds its tree.
    if (slot >= 0 && ((built | refused) & (<u32>1 << slot)) == 0) {
      if (treeEligible(ctx, pb, slot)) {
        treeBuild(ctx, pb, slot);
        built |= <u32>1 << slot;
      } else refused |= <u32>1 << slot;
    }
    if (assume) {
      if (!assumeOnColumns(ctx, pb, node)) {
        setRng(saved);
        stop = STOP_DOMAIN;
        break;
      }
      for (let t = 0; t < TREE_SLOTS; t++) if ((built & (<u32>1 << t)) != 0) treeUpdate(ctx, t, node);
      fusedAssumed(node);
      if (spreadKept != 0) {
        spreadAssume(spreadKept, node);
        // Out of groups: the rest of the call scans.
        if (spreadTree && !spreadTreeUpdate(ctx, spreadKept, node)) spreadTree = false;
      }
    }
    nextStart = (nextStart + evaluated) % numAll;
    setI32(out, 3 * i, node);
    setI32(out, 3 * i + 1, evaluated);
    setI32(out, 3 * i + 2, nf);
  }
  // The group trees follow the assumes lazily (spreadtree.ts): brought up to date before another call or
  // another spread block's build finds them.
  if (spreadTree) spreadTreeFlush();
  setRes(ctx, R_RNG, <f64>getRng());
  setRes(ctx, R_NEXT_START, <f64>nextStart);
  setRes(ctx, R_STOP, <f64>stop);
  return i;
}
