// Replicas that spread, in O(groups · log N) per pod instead of a scan (run.ts, run mode of spread.ts).
//
// scoring.go gives a node a raw score from its constraints' counts only: per hostname constraint the node's
// own matching pods, per other constraint its domain's count (Score); NormalizeScore then maps raw scores
// through the window's min and max, and TopologyNormalizingWeight reads how many nodes (hostname) or domains
// the scored nodes span. So nodes with the same key — per constraint, the hostname count or the domain id —
// get the same PodTopologySpread score for a pod, whatever the window, and a node's key changes only when a
// replica is assumed on it. The feasible nodes are kept in one tree per key (tree.ts layout, the node's total
// of the other score plugins at its leaf) and one tree of every feasible node (the window: rotation, rank and
// select as in tree.ts). Per pod, each group's feasible count and top total over the window are range
// queries; the group's spread score follows from the counts and weights exactly as spreadScore computes it
// per node; the winner is the group top plus that score, ties are counted per group, and the pick-th tie in
// examination order is a descent over the tied groups' trees at once.
//
// Eligible pods (spreadTreeEligible): at most two constraints, no candidate list, score plugins whose node
// totals are node-local (resource scorers, ImageLocality) or normalized static columns (TaintToleration,
// NodeAffinity: at most TREE_NORM_COLUMNS, with a fixed maximum as tree.ts does — a pod whose window reaches
// another maximum is scanned, counted in R_TREE_MISS) and no TypeScript filter error on any node. More
// distinct keys than the region holds stops the trees for the rest of the call (the pods are scanned, exactly).
import {
  C_N, MAX_NODE_SCORE, MAX_SPREAD_RAW, SP_CONS, SP_LOG, SP_NCONS, SP_OUT, SP_REQUIRE_ALL, SP_TREE, SP_TREE_GROUPS, SP_WEIGHT, SPC_COUNTS,
  SPC_DOM, SPC_HOSTNAME, SPC_MATCH, SPC_MAX_SKEW, SPC_NDOM, SPC_PRESENT, SPC_SLOTS, SPT_DOM_MARKS, SPT_HEADER_BYTES, SPT_MAX_GROUPS, TREE_GROUP_BYTES,
  TREE_LEAF_BYTES,
} from "./abi";
import { ctxInt, f64At, i32At, setI32 } from "./memory";
import { goRound } from "./score";
import {
  feasibleBefore, feasibleNode, nodeLocal, nodeMax, nodeTies, nodeTotal, normColumnOf, normMaxOf, normSetup, rangeCount, rangeRaw, rangeStats, rangeTies,
  rangeTop, selectFeasible, setNormMax, treeAt, treeBase, treeClear, treeFeasible, treePullAll, treeSet, treeSetLeaf, treeSetRaw, markTopLeaves,
} from "./tree";

// @ts-ignore: decorator
@inline function cons(c: i32, slot: i32): i32 {
  return SP_CONS + c * SPC_SLOTS + slot;
}

// @ts-ignore: decorator
@inline function ptrAt(sb: usize, slot: i32): usize {
  return <usize>(<u32>f64At(sb, slot));
}

// The region (SP_TREE): header — i32 init flag at 0, i32 at 4 the groups whose trees are laid out (below:
// cleared), then per group g at 16 + 12g: key A, key B, feasible members (0: free, its tree empty) — then `groups` group trees (TREE_GROUP_BYTES per leaf), the tree of
// every feasible node (TREE_LEAF_BYTES per leaf: the normalized columns' raw maxima), then an f64 per leaf:
// the node's total (its leaf in its group's tree, in node order: walks read it without touching the trees),
// then two i32 per leaf (treeFrom, the dirty list: below), a bit per leaf (topBits: below), then an i32 per
// node: its group (−1: infeasible, in no tree).
let region: usize = 0;
let groups: i32 = 0;
// Groups [0, span) are the only ones a key was given since the build (a free group is reused lowest first):
// the per-pod loops stop there instead of at the region's capacity.
let span: i32 = 0;
let treeBytes: usize = 0;
let nodeTotal_: usize = 0;
let nodeGroup: usize = 0;
// Groups with members (the range-query test weighs them against the window), listed densely in LIVE (LIVE_AT:
// a group's index there) so that a window of every node visits only them.
let liveGroups: i32 = 0;
const LIVE = memory.data(SPT_MAX_GROUPS * 4, 16);
const LIVE_AT = memory.data(SPT_MAX_GROUPS * 4, 16);
// Per domain constraint (SPC_HOSTNAME 0) of the block, the live groups per domain mark (the index markDomain
// writes: 0 for no key) and how many marks have one: TopologyNormalizingWeight's domain count over every node,
// kept instead of marked per pod. Blocks with more domain ids than DOM_MARKS count per pod (the old way).
const DOM_MARKS = SPT_DOM_MARKS;
const DOM_LIVE = memory.data(2 * DOM_MARKS * 4, 16);
let domCount0 = 0;
let domCount1 = 0;
let domKept = false;
let hostKey0 = false;
let hostKey1 = false;
// Live groups with a negative key: ignoredGroup's groups when every key is required.
let keyless = 0;
let nodes: i32 = 0;
let block: usize = 0; // the pod block the totals are for
let nc: i32 = 0;
let normCols: i32 = 0; // normalized static columns of the block (tree.ts normSetup)

// @ts-ignore: decorator
@inline function keyA(g: i32): i32 {
  return load<i32>(region + 16 + <usize>g * 12);
}
// @ts-ignore: decorator
@inline function keyB(g: i32): i32 {
  return load<i32>(region + 20 + <usize>g * 12);
}
// @ts-ignore: decorator
@inline function members(g: i32): i32 {
  return load<i32>(region + 24 + <usize>g * 12);
}
// @ts-ignore: decorator
@inline function setMembers(g: i32, m: i32): void {
  store<i32>(region + 24 + <usize>g * 12, m);
}
// @ts-ignore: decorator
@inline function groupTree(g: i32): usize {
  return region + SPT_HEADER_BYTES + <usize>g * treeBytes;
}

/** Whether pod block `pb` with spread block `sb` can be placed through the group trees. */
export function spreadTreeEligible(ctx: usize, pb: usize, sb: usize): bool {
  return ptrAt(sb, SP_TREE) != 0 && <i32>f64At(sb, SP_NCONS) <= 2 && nodeLocal(ctx, pb, ptrAt(sb, SP_OUT));
}

/** Per constraint, the node's key: the hostname count (−1 without the label) or the domain id (−1: none). */
// @ts-ignore: decorator
@inline function keyOf(sb: usize, c: i32, node: i32): i32 {
  const d = i32At(ptrAt(sb, cons(c, SPC_DOM)), node);
  if (f64At(sb, cons(c, SPC_HOSTNAME)) == 0 || d < 0) return d;
  return <i32>f64At(ptrAt(sb, cons(c, SPC_MATCH)), node);
}

// The live group of each key (a, b) with −1 ≤ a < KEYS_A − 1 and −1 ≤ b < KEYS_B − 1, plus one (0: none): an
// assume finds its node's new group without a scan of the groups (a Deployment's keys are small counts and
// domain ids). Keys outside it are found by the scan. Emptied at every build; a group's entry goes when its
// last member leaves.
const KEYS_A = 128;
const KEYS_B = 32;
const KEY_GROUP = memory.data(KEYS_A * KEYS_B * 4, 16);

/** The key's entry in KEY_GROUP, or 0 when the key is outside it. */
// @ts-ignore: decorator
@inline function keySlot(a: i32, b: i32): usize {
  return <u32>(a + 1) < <u32>KEYS_A && <u32>(b + 1) < <u32>KEYS_B ? KEY_GROUP + ((<usize>(a + 1) * KEYS_B + <usize>(b + 1)) << 2) : 0;
}

/** Group `g` lost its last member: its key no longer names it, and it leaves the live list and the counts. */
function groupEmptied(g: i32): void {
  const a = keyA(g);
  const b = keyB(g);
  const slot = keySlot(a, b);
  if (slot != 0) store<i32>(slot, 0);
  liveGroups--;
  const at = load<i32>(LIVE_AT + (<usize>g << 2));
  const last = load<i32>(LIVE + (<usize>liveGroups << 2));
  store<i32>(LIVE + (<usize>at << 2), last);
  store<i32>(LIVE_AT + (<usize>last << 2), at);
  if (a < 0 || (nc > 1 && b < 0)) keyless--;
  if (domKept) {
    if (!hostKey0) domCount0 -= domMark(0, a, -1);
    if (nc > 1 && !hostKey1) domCount1 -= domMark(1, b, -1);
  }
}

/** Group `g` got its first member. */
function groupLives(g: i32): void {
  store<i32>(LIVE + (<usize>liveGroups << 2), g);
  store<i32>(LIVE_AT + (<usize>g << 2), liveGroups);
  liveGroups++;
  const a = keyA(g);
  const b = keyB(g);
  if (a < 0 || (nc > 1 && b < 0)) keyless++;
  if (domKept) {
    if (!hostKey0) domCount0 += domMark(0, a, 1);
    if (nc > 1 && !hostKey1) domCount1 += domMark(1, b, 1);
  }
}

/** Adds `d` to constraint `c`'s live groups at key's mark; 1 when the mark's count left or reached 0. */
// @ts-ignore: decorator
@inline function domMark(c: i32, key: i32, d: i32): i32 {
  const p = DOM_LIVE + ((<usize>(c * DOM_MARKS) + <usize>(key < 0 ? 0 : key)) << 2);
  const before = load<i32>(p);
  store<i32>(p, before + d);
  return <i32>(before == 0 || before + d == 0);
}

/** The group of key (a, b), taking a free one when none has it; −1 when every group is taken. */
function groupOf(a: i32, b: i32): i32 {
  // A key has at most one live group: one in the table is the scan's answer.
  const slot = keySlot(a, b);
  if (slot != 0) {
    const known = load<i32>(slot) - 1;
    if (known >= 0) return known;
  }
  let free = -1;
  for (let g = 0; g < span; g++) {
    if (members(g) == 0) {
      if (free < 0) free = g;
    } else if (slot == 0 && keyA(g) == a && keyB(g) == b) return g;
  }
  if (free < 0 && span < groups) {
    free = span++;
    // New groups are taken in order: the first use of a group since the region was fresh empties its tree.
    const cleared = load<i32>(region, 4);
    if (free >= cleared) {
      treeBase(groupTree(free), 0);
      treeClear();
      store<i32>(region, free + 1, 4);
    }
  }
  if (free >= 0) {
    store<i32>(region + 16 + <usize>free * 12, a);
    store<i32>(region + 20 + <usize>free * 12, b);
    if (slot != 0) store<i32>(slot, free + 1);
  }
  return free;
}

// Per group, its tree's root (top total, leaves holding it, feasible leaves), kept beside the header: a window
// of every node reads only these, where reading each group's root from its own tree cost a cache miss per
// group per pod.
const ROOT_TOP: usize = memory.data(SPT_MAX_GROUPS * 8, 16);
const ROOT_TIES: usize = memory.data(SPT_MAX_GROUPS * 4, 16);
const ROOT_FEASIBLE: usize = memory.data(SPT_MAX_GROUPS * 4, 16);

/** Copies group `g`'s root (its tree in use) to the root arrays. */
function syncRoot(g: i32): void {
  store<f64>(ROOT_TOP + (<usize>g << 3), nodeMax(1));
  store<i32>(ROOT_TIES + (<usize>g << 2), nodeTies(1));
  store<i32>(ROOT_FEASIBLE + (<usize>g << 2), treeFeasible());
}

/**
 * Gives feasible `node` its group (and, `eager`, puts it in the group's tree); false when no group is left.
 * Not eager (an assume), the tree follows at the next flushTrees.
 */
function place(ctx: usize, sb: usize, node: i32, eager: bool): bool {
  const g = groupOf(keyOf(sb, 0, node), nc > 1 ? keyOf(sb, 1, node) : 0);
  if (g < 0) return false;
  const total = nodeTotal(ctx, block, node);
  if (eager) {
    treeBase(groupTree(g), 0);
    treeSet(node, total, 1);
    syncRoot(g);
  }
  if (members(g) == 0) groupLives(g);
  setMembers(g, members(g) + 1);
  store<f64>(nodeTotal_ + (<usize>node << 3), total);
  setI32(nodeGroup, node, g);
  return true;
}

// The group trees and their roots follow the assumes lazily: a walked window reads only the dense per-node
// arrays (nodeGroup, nodeTotal_), so the trees' path updates — two per replica, a sixth of an adaptive
// Deployment's run — wait until a window reads the trees (every node, range queries, the pick's descent) or the
// call ends, and a node assumed many times in between is moved once. Per node, treeFrom holds 0 (its tree leaf
// is where nodeGroup says) or 2 + the group whose tree holds its leaf (−1: none); the dirty list, the nodes
// whose treeFrom is not 0.
let treeFrom: usize = 0;
let dirty: usize = 0;
let logged = 0;

// A bit per node (u64 words) set for every node that holds its group's top total, and for some that no longer
// do: the tie pick's walk over a window of flushed trees reads only these nodes (176 a pick in the bench's
// every-node Deployment, against some 1,250 for a walk of every node), and clears the bits it finds stale. A node can come to hold its group's top only by an assume on it (its bit is
// set then) or by its group's top falling to its total (a flush sets the new top's leaves); a build sets every
// bit.
let topBits: usize = 0;

// @ts-ignore: decorator
@inline function topWord(node: i32): usize {
  return topBits + (<usize>(node >> 6) << 3);
}
// @ts-ignore: decorator
@inline function setTopBit(node: i32): void {
  store<u64>(topWord(node), load<u64>(topWord(node)) | (<u64>1 << <u64>(node & 63)));
}
// @ts-ignore: decorator
@inline function clearTopBit(node: i32): void {
  store<u64>(topWord(node), load<u64>(topWord(node)) & ~(<u64>1 << <u64>(node & 63)));
}

/** After a change to group `g`'s tree (in use) whose top was `before`: marks the leaves of a lower top. */
// @ts-ignore: decorator
@inline function topFell(g: i32, before: f64): void {
  if (load<f64>(ROOT_TOP + (<usize>g << 3)) < before) markTopLeaves(topBits);
}

/** Puts every dirty node's tree leaf where nodeGroup and nodeTotal_ say (the trees then hold them exactly). */
export function spreadTreeFlush(): void {
  for (let e = 0; e < logged; e++) {
    const node = i32At(dirty, e);
    const from = i32At(treeFrom, node) - 2;
    setI32(treeFrom, node, 0);
    const g = i32At(nodeGroup, node);
    if (from >= 0 && from != g) {
      const before = load<f64>(ROOT_TOP + (<usize>from << 3));
      treeBase(groupTree(from), 0);
      treeSet(node, -Infinity, 0);
      syncRoot(from);
      topFell(from, before);
    }
    if (g >= 0) {
      const before = load<f64>(ROOT_TOP + (<usize>g << 3));
      treeBase(groupTree(g), 0);
      treeSet(node, load<f64>(nodeTotal_ + (<usize>node << 3)), 1);
      syncRoot(g);
      topFell(g, before);
    }
  }
  logged = 0;
}

/**
 * Builds the trees for pod block `pb` over every node's current columns and counts (O(N + groups · N) once per
 * run call). False when the keys need more groups than the region holds (the region is then reset next time).
 */
export function spreadTreeBuild(ctx: usize, pb: usize, sb: usize): bool {
  region = ptrAt(sb, SP_TREE);
  groups = <i32>f64At(sb, SP_TREE_GROUPS);
  nodes = ctxInt(ctx, C_N);
  nc = <i32>f64At(sb, SP_NCONS);
  block = pb;
  normCols = normSetup(pb);
  const size = treeAt(groupTree(0), nodes);
  treeBytes = <usize>size * TREE_GROUP_BYTES;
  nodeTotal_ = groupTree(groups) + <usize>size * TREE_LEAF_BYTES;
  treeFrom = nodeTotal_ + (<usize>size << 3);
  dirty = treeFrom + (<usize>size << 2);
  topBits = dirty + (<usize>size << 2);
  nodeGroup = topBits + ((<usize>(size + 63) >> 6) << 3);
  // Trees left by the last run: in a fresh region no tree is laid out yet (groupOf empties each at its first
  // use: a run reaches some 270 keys of the 382 groups at 5,000 nodes); otherwise each node the last run left
  // in a group leaves it along its path, which restores the empty tree exactly (pull is a function of the
  // children), in O(N log N) whatever the number of groups.
  const fresh = load<i32>(region) == 0;
  if (fresh) store<i32>(region, 0, 4);
  else {
    for (let i = 0; i < nodes; i++) {
      const g = i32At(nodeGroup, i);
      if (g < 0) continue;
      treeBase(groupTree(g), 0);
      treeSet(i, -Infinity, 0);
    }
  }
  // Every group empty: its root as an empty tree's (treeClear), whether or not its tree is laid out yet.
  for (let g = 0; g < groups; g++) {
    setMembers(g, 0);
    store<f64>(ROOT_TOP + (<usize>g << 3), -Infinity);
    store<i32>(ROOT_TIES + (<usize>g << 2), size);
    store<i32>(ROOT_FEASIBLE + (<usize>g << 2), 0);
  }
  span = 0;
  liveGroups = 0;
  keyless = 0;
  domCount0 = 0;
  domCount1 = 0;
  // Hostname keys are counts, not marks: their constraint counts no domains.
  hostKey0 = f64At(sb, cons(0, SPC_HOSTNAME)) != 0;
  hostKey1 = nc > 1 && f64At(sb, cons(1, SPC_HOSTNAME)) != 0;
  domKept = (hostKey0 || <i32>f64At(sb, cons(0, SPC_NDOM)) <= DOM_MARKS) && (nc < 2 || hostKey1 || <i32>f64At(sb, cons(1, SPC_NDOM)) <= DOM_MARKS);
  if (domKept) memory.fill(DOM_LIVE, 0, 2 * DOM_MARKS * 4);
  memory.fill(KEY_GROUP, 0, KEYS_A * KEYS_B * 4);
  logged = 0;
  memory.fill(treeFrom, 0, <usize>nodes << 2);
  memory.fill(topBits, 0xff, (<usize>(size + 63) >> 6) << 3);
  for (let g = 0; g <= SPT_MAX_GROUPS; g++) store<f64>(GROUP_TIE_TOP + (<usize>g << 3), NaN);
  tiedCount = 0;
  treeBase(groupTree(groups), normCols);
  treeClear();
  store<i32>(region, 1);
  // Feasibility, and the maximum M of each normalized column over the feasible nodes (DefaultNormalizeScore
  // from 0): the value the totals are computed with.
  for (let j = 0; j < normCols; j++) setNormMax(j, 0);
  for (let i = 0; i < nodes; i++) {
    const ok = feasibleNode(ctx, pb, i);
    // A failed build leaves a fresh region: the markers never survive into the clear above.
    setI32(nodeGroup, i, ok ? -2 : -1);
    if (!ok) continue;
    for (let j = 0; j < normCols; j++) {
      const v = f64At(normColumnOf(j), i);
      if (v > normMaxOf(j)) setNormMax(j, v);
    }
  }
  // Each feasible node enters its group's tree along its path (O(N log N) in all; pulling every group tree
  // whole would be O(groups · N), which at hundreds of groups was most of a run).
  for (let i = 0; i < nodes; i++) {
    if (i32At(nodeGroup, i) == -1) continue;
    if (!place(ctx, sb, i, true)) {
      store<i32>(region, 0);
      return false;
    }
    treeBase(groupTree(groups), normCols);
    treeSetLeaf(i, 0, 1);
    for (let j = 0; j < normCols; j++) treeSetRaw(i, j, f64At(normColumnOf(j), i));
  }
  treeBase(groupTree(groups), normCols);
  treePullAll();
  return true;
}

/** After the assume on `node` (columns and counts updated): moves it to its new group. False: out of groups. */
export function spreadTreeUpdate(ctx: usize, sb: usize, node: i32): bool {
  const g0 = i32At(nodeGroup, node);
  setTopBit(node);
  if (i32At(treeFrom, node) == 0) {
    setI32(treeFrom, node, g0 + 2);
    setI32(dirty, logged, node);
    logged++;
  }
  if (g0 >= 0) {
    setMembers(g0, members(g0) - 1);
    if (members(g0) == 0) groupEmptied(g0);
    setI32(nodeGroup, node, -1);
  }
  const ok = feasibleNode(ctx, block, node);
  if (ok && !place(ctx, sb, node, false)) {
    store<i32>(region, 0);
    logged = 0;
    return false;
  }
  // Still feasible: its leaf in the tree of feasible nodes (0, and the static normalized columns' raw values)
  // is what it was.
  if (ok && g0 >= 0) return true;
  treeBase(groupTree(groups), normCols);
  for (let j = 0; j < normCols; j++) treeSetRaw(node, j, ok ? f64At(normColumnOf(j), node) : -Infinity);
  treeSet(node, ok ? 0 : -Infinity, ok ? 1 : 0);
  return true;
}

// --- one pod
const WIN_COUNT = memory.data(SPT_MAX_GROUPS * 4, 16);
const WIN_TOP = memory.data(SPT_MAX_GROUPS * 8, 16);
// Per group: its window nodes holding its top (walked windows only).
const WIN_TIES = memory.data(SPT_MAX_GROUPS * 4, 16);
// The groups with feasible nodes in the window, in no particular order (every later step is a max, a min or a
// per-group value, so the order changes nothing).
const ACTIVE = memory.data(SPT_MAX_GROUPS * 4, 16);
let active = 0;
const SCORE = memory.data(SPT_MAX_GROUPS * 8, 16);
const TIED = memory.data(SPT_MAX_GROUPS * 4, 16);
const TIED_TOP = memory.data(SPT_MAX_GROUPS * 8, 16);
// Per group g at slot g + 1: its top total when it is tied for the best in the last window, NaN otherwise
// (equal to no total). Slot 0, NaN always, is an infeasible node's (group −1): the tie walks read it instead
// of branching on the node's feasibility.
const GROUP_TIE_TOP = memory.data((SPT_MAX_GROUPS + 1) * 8, 16);
let tiedCount = 0;
let lo1 = 0;
let hi1 = 0;
let lo2 = 0;
let hi2 = 0;
let examined = 0;
let chosen = -1;
let ties = 0;
// Whether the last window's groups were counted by walking its nodes (spreadTreeWindowWalked).
let windowWalked = false;
// Whether the last window was every node: its tied nodes hold their group's top (in a window of some of the
// nodes, their group's top within the window), which the top bits follow.
let windowAll = false;

/**
 * Window nodes a walk may read per live group before two range queries per group are cheaper: a walked node
 * is three sequential reads (its group, its total, its group's running top), a range query some 2·log₂ N
 * scattered tree reads, twice per group (the window is up to two ranges).
 */
const WALK_PER_GROUP = 16;

/** Nodes the last pod's window examined, and the node it chose. */
export function spreadTreeExamined(): i32 {
  return examined;
}
export function spreadTreeNode(): i32 {
  return chosen;
}

/** Whether the last window's per-group counts and tops came from a walk of its nodes (not range queries). */
export function spreadTreeWindowWalked(): bool {
  return windowWalked;
}

// @ts-ignore: decorator
@inline function ignoredGroup(requireAll: bool, g: i32): bool {
  return requireAll && (keyA(g) < 0 || (nc > 1 && keyB(g) < 0));
}

// A walked window's domain marks (spreadTreeWindow's present arrays, 0: a hostname constraint) and the
// domains marked, counted as each group is first seen.
let walkPresent0: usize = 0;
let walkPresent1: usize = 0;
let walkDomains0 = 0;
let walkDomains1 = 0;
let walkRequireAll = false;

/**
 * Counts the feasible nodes of [a, b) into their groups' window count, top and ties; a group first seen marks
 * its domains unless it is ignored.
 */
function walkWindow(a: i32, b: i32): void {
  for (let x = a; x < b; x++) {
    const g = i32At(nodeGroup, x);
    if (g < 0) continue;
    const t = load<f64>(nodeTotal_ + (<usize>x << 3));
    const c = load<i32>(WIN_COUNT + (<usize>g << 2));
    if (c == 0) {
      store<i32>(ACTIVE + (<usize>active << 2), g);
      active++;
      store<f64>(WIN_TOP + (<usize>g << 3), t);
      store<i32>(WIN_TIES + (<usize>g << 2), 1);
      if (!ignoredGroup(walkRequireAll, g)) {
        if (walkPresent0 != 0) walkDomains0 += markDomain(walkPresent0, keyA(g));
        if (walkPresent1 != 0) walkDomains1 += markDomain(walkPresent1, keyB(g));
      }
    } else {
      const top = load<f64>(WIN_TOP + (<usize>g << 3));
      if (t > top) {
        store<f64>(WIN_TOP + (<usize>g << 3), t);
        store<i32>(WIN_TIES + (<usize>g << 2), 1);
      } else if (t == top) store<i32>(WIN_TIES + (<usize>g << 2), load<i32>(WIN_TIES + (<usize>g << 2)) + 1);
    }
    store<i32>(WIN_COUNT + (<usize>g << 2), c + 1);
  }
}

/**
 * The window, scores and top of a pod starting at `start` that looks for `numToFind` feasible nodes: returns
 * the window's feasible count (0: none anywhere), −1 when a raw score leaves NormalizeScore's exact domain, or
 * −2 when a normalized column's maximum over the window is not the totals' (the pod is scanned instead).
 * With more than one feasible node, spreadTreeTies() top-scoring nodes are left for spreadTreePick.
 *
 * Each group's feasible count and top total over the window: the roots when the window is every node; else a
 * walk of the window's nodes (the adaptive window: ~500 nodes against hundreds of live groups, where a scan
 * of it was most of a run) or, for a wide window over few groups, two range queries per group.
 */
export function spreadTreeWindow(sb: usize, start: i32, numToFind: i32): i32 {
  // The last window's ties no longer hold.
  for (let t = 0; t < tiedCount; t++) store<f64>(GROUP_TIE_TOP + (<usize>(load<i32>(TIED + (<usize>t << 2)) + 1) << 3), NaN);
  tiedCount = 0;
  windowWalked = false;
  const n = nodes;
  treeBase(groupTree(groups), normCols);
  const total = treeFeasible();
  if (total == 0) return 0;
  lo1 = start;
  lo2 = 0;
  hi2 = 0;
  let nf = 0;
  let before = 0;
  if (total < numToFind) {
    hi1 = n;
    hi2 = start;
    nf = total;
    examined = n;
  } else {
    before = feasibleBefore(start);
    const fromStart = total - before;
    if (numToFind <= fromStart) hi1 = selectFeasible(before + numToFind) + 1;
    else {
      hi1 = n;
      hi2 = selectFeasible(numToFind - fromStart) + 1;
    }
    nf = numToFind;
    examined = hi1 - lo1 + hi2 - lo2;
  }
  if (nf == 1) {
    // schedulePod: one feasible node is chosen without scoring.
    before = feasibleBefore(start);
    chosen = selectFeasible(before < total ? before + 1 : 1);
    ties = 1;
    return 1;
  }
  // The window is every node (every node examined, or a rotation that came round to its start).
  const all = hi1 == n && (lo1 == 0 || hi2 == lo1);
  windowAll = all;
  const walk = !all && examined < liveGroups * WALK_PER_GROUP;
  // The normalized columns' maxima over the window's feasible nodes must be the totals' (else: scan).
  for (let j = 0; j < normCols; j++) {
    const a = rangeRaw(j, lo1, hi1);
    const b = rangeRaw(j, lo2, hi2);
    let m = a > b ? a : b;
    if (m < 0) m = 0;
    if (m != normMaxOf(j)) return -2;
  }
  const requireAll = f64At(sb, SP_REQUIRE_ALL) != 0;
  if (all && domKept && (!requireAll || keyless == 0)) return everyNode(sb, nf, total);
  // The domain marks are scratch shared with a scanned pod's spreadScore (spread.ts), which leaves the domains
  // of its window marked: cleared here, or the first pod after a scan would miss the domains the scan saw (a
  // smaller weight, other scores: fce55a7's divergence at replica 551 of the bench's 500-node Deployment).
  const host0 = f64At(sb, cons(0, SPC_HOSTNAME)) != 0;
  const host1 = nc > 1 && f64At(sb, cons(1, SPC_HOSTNAME)) != 0;
  const present0 = host0 ? 0 : ptrAt(sb, cons(0, SPC_PRESENT));
  const present1 = nc < 2 || host1 ? 0 : ptrAt(sb, cons(1, SPC_PRESENT));
  if (present0 != 0) memory.fill(present0, 0, <usize><i32>f64At(sb, cons(0, SPC_NDOM)));
  if (present1 != 0) memory.fill(present1, 0, <usize><i32>f64At(sb, cons(1, SPC_NDOM)));
  // Per group: its feasible nodes in the window and their top total; with them, in the same pass, the scored
  // nodes and the domains they span (TopologyNormalizingWeight's inputs, below).
  active = 0;
  let scored = 0;
  let domains0 = 0;
  let domains1 = 0;
  // Windows that read the group trees (roots, range queries, the pick's descent) read them up to date.
  if (!walk) spreadTreeFlush();
  if (walk) {
    windowWalked = true;
    memory.fill(WIN_COUNT, 0, <usize>span << 2);
    walkPresent0 = present0;
    walkPresent1 = present1;
    walkDomains0 = 0;
    walkDomains1 = 0;
    walkRequireAll = requireAll;
    walkWindow(lo1, hi1);
    walkWindow(lo2, hi2);
    domains0 = walkDomains0;
    domains1 = walkDomains1;
    // The window's nf feasible nodes, less the ignored groups'.
    scored = nf;
    if (requireAll && keyless > 0) {
      for (let k = 0; k < active; k++) {
        const g = load<i32>(ACTIVE + (<usize>k << 2));
        if (ignoredGroup(requireAll, g)) scored -= load<i32>(WIN_COUNT + (<usize>g << 2));
      }
    }
  } else {
    for (let g = 0; g < span; g++) {
      if (members(g) == 0) continue;
      let c = 0;
      let top = -Infinity;
      if (all) {
        c = load<i32>(ROOT_FEASIBLE + (<usize>g << 2));
        top = load<f64>(ROOT_TOP + (<usize>g << 3));
      } else {
        treeBase(groupTree(g), 0);
        rangeStats(lo1, hi1);
        c = rangeCount();
        top = rangeTop();
        if (hi2 > lo2) {
          rangeStats(lo2, hi2);
          c += rangeCount();
          if (rangeTop() > top) top = rangeTop();
        }
      }
      if (c == 0) continue;
      store<i32>(WIN_COUNT + (<usize>g << 2), c);
      store<f64>(WIN_TOP + (<usize>g << 3), top);
      store<i32>(ACTIVE + (<usize>active << 2), g);
      active++;
      if (ignoredGroup(requireAll, g)) continue;
      scored += c;
      if (present0 != 0) domains0 += markDomain(present0, keyA(g));
      if (present1 != 0) domains1 += markDomain(present1, keyB(g));
    }
  }
  return scoreGroups(sb, nf, ACTIVE, active, WIN_TOP, false, requireAll, host0, host1, scored, domains0, domains1, all, walk);
}

/**
 * The listed groups' scores, the best total's groups and the window's nodes holding it (ties) — each group's
 * feasible count and top total in the window (`tops`) known, with the scored nodes and the domains they span —
 * and returns `nf` (−1: a raw score left the exact domain). Inlined: each caller's constant arguments fold.
 */
// @ts-ignore: decorator
@inline function scoreGroups(
  sb: usize, nf: i32, list: usize, n: i32, tops: usize, byIndex: bool, requireAll: bool, host0: bool, host1: bool, scored: i32, domains0: i32, domains1: i32,
  all: bool, walk: bool,
): i32 {
  // TopologyNormalizingWeight per constraint: the scored nodes (hostname) or the domains they span, where a
  // node without the key is in domain "" unless every key is required (initPreScoreState).
  const logs = ptrAt(sb, SP_LOG);
  const w0 = f64At(logs, (host0 ? scored : domains0) + 2);
  const w1 = nc > 1 ? f64At(logs, (host1 ? scored : domains1) + 2) : 0;
  if (!listRaw(sb, list, n, byIndex, requireAll, host0, host1, w0, w1)) return -1;
  listTied(list, n, tops, byIndex, requireAll, rawMin, rawMax, f64At(sb, SP_WEIGHT));
  ties = 0;
  for (let t = 0; t < tiedCount; t++) {
    const g = load<i32>(TIED + (<usize>t << 2));
    const top = load<f64>(tops + (<usize>g << 3));
    markTied(t, g, top);
    if (all) ties += load<i32>(ROOT_TIES + (<usize>g << 2));
    else if (walk) ties += load<i32>(WIN_TIES + (<usize>g << 2));
    else {
      treeBase(groupTree(g), 0);
      ties += rangeTies(top, lo1, hi1) + rangeTies(top, lo2, hi2);
    }
  }
  return nf;
}

/**
 * spreadTreeWindow over every node when no group is ignored and the domain counts are kept: the live groups'
 * roots, in two passes over the live list (raw scores with their min and max, then totals and ties) where the
 * general path first makes one over every group taken. The same values: the scored nodes are every feasible node
 * (each is in exactly one live group once the trees are flushed), the domains are the marks with a live group.
 */
function everyNode(sb: usize, nf: i32, feasible: i32): i32 {
  // The build's hostname flags stand for this block's (a run marks only pods of the block it built from): a
  // block that disagrees would be scored with the wrong weights, so it traps (the host turns a trap into an
  // error) instead of answering.
  if ((f64At(sb, cons(0, SPC_HOSTNAME)) != 0) != hostKey0 || (nc > 1 && f64At(sb, cons(1, SPC_HOSTNAME)) != 0) != hostKey1) unreachable();
  spreadTreeFlush();
  return scoreGroups(sb, nf, LIVE, liveGroups, ROOT_TOP, true, false, hostKey0, hostKey1, feasible, domCount0, domCount1, true, false);
}

let rawMin: f64 = 0;
let rawMax: f64 = 0;

/**
 * Each listed group's raw score into SCORE (by group or, `byIndex`, by list index) — Score: Σ cnt·weight +
 * (maxSkew − 1) over the constraints whose key the node has, in constraint order, then math.Round; a hostname
 * key is the count, a domain key indexes the domains' counts — and NormalizeScore's min and max over them
 * (rawMin, rawMax). False when a raw score leaves the exact domain.
 */
// @ts-ignore: decorator
@inline function listRaw(sb: usize, list: usize, n: i32, byIndex: bool, requireAll: bool, host0: bool, host1: bool, w0: f64, w1: f64): bool {
  const counts0 = ptrAt(sb, cons(0, SPC_COUNTS));
  const base0 = f64At(sb, cons(0, SPC_MAX_SKEW)) - 1;
  const counts1 = nc > 1 ? ptrAt(sb, cons(1, SPC_COUNTS)) : 0;
  const base1 = nc > 1 ? f64At(sb, cons(1, SPC_MAX_SKEW)) - 1 : 0;
  let min = Infinity;
  let max: f64 = 0;
  for (let k = 0; k < n; k++) {
    const g = load<i32>(list + (<usize>k << 2));
    if (ignoredGroup(requireAll, g)) continue;
    let sum: f64 = 0;
    const a = keyA(g);
    if (a >= 0) sum = sum + ((host0 ? <f64>a : f64At(counts0, a)) * w0 + base0);
    if (nc > 1) {
      const b = keyB(g);
      if (b >= 0) sum = sum + ((host1 ? <f64>b : f64At(counts1, b)) * w1 + base1);
    }
    const raw = goRound(sum);
    if (raw > MAX_SPREAD_RAW) return false;
    store<f64>(SCORE + (<usize>(byIndex ? k : g) << 3), raw);
    min = raw < min ? raw : min;
    max = raw > max ? raw : max;
  }
  rawMin = min;
  rawMax = max;
  return true;
}

/**
 * Each listed group's total — its top node's other plugins (`tops`) plus PodTopologySpread's normalized score
 * of its raw score (SCORE, by group or, `byIndex`, by list index) times the weight: scorePod adds the OP_EXTRA
 * column after the other jobs, and every term is an integer, so the sums are exact in any order — and the best
 * total's groups into TIED / tiedCount (a better total restarts the list). Without a branch per group: most
 * groups tie, a coin toss.
 */
// @ts-ignore: decorator
@inline function listTied(list: usize, n: i32, tops: usize, byIndex: bool, requireAll: bool, min: f64, max: f64, weight: f64): void {
  let best = -Infinity;
  let count = 0;
  for (let k = 0; k < n; k++) {
    const g = load<i32>(list + (<usize>k << 2));
    let s: f64 = 0;
    if (!ignoredGroup(requireAll, g)) {
      const raw = load<f64>(SCORE + (<usize>(byIndex ? k : g) << 3));
      s = max == 0 ? MAX_NODE_SCORE : trunc<f64>((MAX_NODE_SCORE * (max + min - raw)) / max);
    }
    const t = load<f64>(tops + (<usize>g << 3)) + s * weight;
    const above = t > best;
    store<i32>(TIED + (<usize>(above ? 0 : count) << 2), g);
    count = above ? 1 : count + <i32>(t == best);
    best = above ? t : best;
  }
  tiedCount = count;
}

/** The `t`-th tied group is `g`, its top total `top`: for the pick's walks and descent. */
// @ts-ignore: decorator
@inline function markTied(t: i32, g: i32, top: f64): void {
  store<f64>(GROUP_TIE_TOP + (<usize>(g + 1) << 3), top);
  store<f64>(TIED_TOP + (<usize>t << 3), top);
}

/** Marks domain `key` (−1: the domain "", index 0) in `present`; 1 when it was not marked yet. */
// @ts-ignore: decorator
@inline function markDomain(present: usize, key: i32): i32 {
  const p = present + <usize>(key < 0 ? 0 : key);
  const seen = load<u8>(p);
  store<u8>(p, 1);
  return 1 - <i32>seen;
}

/** Top-scoring nodes of the last window. */
export function spreadTreeTies(): i32 {
  return ties;
}

/** Leaves below tree node `i` holding their group's top, over the tied groups. */
function tiesBelow(i: i32): i32 {
  let c = 0;
  for (let t = 0; t < tiedCount; t++) {
    treeBase(groupTree(load<i32>(TIED + (<usize>t << 2))), 0);
    if (nodeMax(i) == load<f64>(TIED_TOP + (<usize>t << 3))) c += nodeTies(i);
  }
  return c;
}

let remaining = 0;
let leaves = 0;

/** The `remaining`-th tied leaf among leaves [a, b) ∩ tree node `i` (covering [lo, hi)), or −1 (remaining reduced). */
function findTied(i: i32, lo: i32, hi: i32, a: i32, b: i32): i32 {
  if (hi <= a || b <= lo) return -1;
  if (a <= lo && hi <= b) {
    const c = tiesBelow(i);
    if (remaining >= c) {
      remaining -= c;
      return -1;
    }
    while (i < leaves) {
      const l = 2 * i;
      const cl = tiesBelow(l);
      if (remaining < cl) i = l;
      else {
        remaining -= cl;
        i = l + 1;
      }
    }
    return i - leaves;
  }
  const mid = (lo + hi) >> 1;
  const r = findTied(2 * i, lo, mid, a, b);
  return r >= 0 ? r : findTied(2 * i + 1, mid, hi, a, b);
}

/**
 * Most tied groups the pick descends together; past it the pick walks the window in examination order. The
 * descent reads every tied group's tree at each of its ~4 log N steps: with a Deployment's replicas on
 * thousands of nodes, PodTopologySpread's normalized score is flat over most groups (one count more moves the
 * raw score by a few units out of tens of thousands), a hundred groups tie, and the descent's scattered reads
 * cost more than a walk of the window reading each node's group and leaf.
 */
const DESCENT_GROUPS = 4;

/**
 * The `remaining`-th node of [a, b) in order whose leaf holds its tied group's top (−1: `remaining` reduced by
 * the range's tied nodes). Ties are counted without a branch on each (a hundred tied groups make it a coin toss
 * per node), four nodes at a time: only reaching the pick leaves the loop.
 */
function walkTied(a: i32, b: i32): i32 {
  let r = remaining;
  let x = a;
  for (; x + 4 <= b; x += 4) {
    const c = tiedAt(x) + tiedAt(x + 1) + tiedAt(x + 2) + tiedAt(x + 3);
    if (r < c) break;
    r -= c;
  }
  for (; x < b; x++) {
    r -= tiedAt(x);
    if (r < 0) return x;
  }
  remaining = r;
  return -1;
}

/** walkTied from the end: the `remaining`-th such node of [a, b) counted from b − 1 down. */
function walkTiedBack(a: i32, b: i32): i32 {
  let r = remaining;
  let x = b - 1;
  for (; x - 3 >= a; x -= 4) {
    const c = tiedAt(x) + tiedAt(x - 1) + tiedAt(x - 2) + tiedAt(x - 3);
    if (r < c) break;
    r -= c;
  }
  for (; x >= a; x--) {
    r -= tiedAt(x);
    if (r < 0) return x;
  }
  remaining = r;
  return -1;
}

/**
 * walkTied over the nodes whose top bit is set, for windows whose trees are flushed: a node without the bit
 * holds no group's top, so it is not tied. A set bit whose node holds no top is cleared on the way.
 */
function walkTopBits(a: i32, b: i32): i32 {
  let r = remaining;
  const last = (b - 1) >> 6;
  for (let w = a >> 6; w <= last; w++) {
    let bits = topBitsIn(w, a, b);
    while (bits != 0) {
      const x = (w << 6) + <i32>ctz(bits);
      bits &= bits - 1;
      if (tiedAt(x) != 0) {
        if (r == 0) return x;
        r--;
      } else if (staleTop(x)) clearTopBit(x);
    }
  }
  remaining = r;
  return -1;
}

/** Word `w` of the top bits, those of nodes outside [a, b) cleared. */
// @ts-ignore: decorator
@inline function topBitsIn(w: i32, a: i32, b: i32): u64 {
  let bits = load<u64>(topBits + (<usize>w << 3));
  const from = a - (w << 6);
  const to = b - (w << 6);
  if (from > 0) bits &= ~<u64>0 << <u64>from;
  if (to < 64) bits &= (<u64>1 << <u64>to) - 1;
  return bits;
}

/** walkTopBits from the end: the `remaining`-th such node of [a, b) counted from b − 1 down. */
function walkTopBitsBack(a: i32, b: i32): i32 {
  let r = remaining;
  const first = a >> 6;
  for (let w = (b - 1) >> 6; w >= first; w--) {
    let bits = topBitsIn(w, a, b);
    while (bits != 0) {
      const bit = 63 - <i32>clz(bits);
      const x = (w << 6) + bit;
      bits &= ~(<u64>1 << <u64>bit);
      if (tiedAt(x) != 0) {
        if (r == 0) return x;
        r--;
      } else if (staleTop(x)) clearTopBit(x);
    }
  }
  remaining = r;
  return -1;
}

/** Whether node `x` (trees flushed) holds no group's top. */
// @ts-ignore: decorator
@inline function staleTop(x: i32): bool {
  const g = i32At(nodeGroup, x);
  return g < 0 || load<f64>(nodeTotal_ + (<usize>x << 3)) != load<f64>(ROOT_TOP + (<usize>g << 3));
}

/** 1 when node `x` holds its group's top and the group is tied for the best (NaN, no group's, equals nothing). */
// @ts-ignore: decorator
@inline function tiedAt(x: i32): i32 {
  const g = i32At(nodeGroup, x);
  return <i32>(load<f64>(nodeTotal_ + (<usize>x << 3)) == load<f64>(GROUP_TIE_TOP + (<usize>(g + 1) << 3)));
}

let walked = false;

/** Whether the last spreadTreePick walked the window (a walked window, or more than DESCENT_GROUPS groups tied). */
export function spreadTreeWalked(): bool {
  return walked;
}

/** The node of the `pick`-th (0-based) top-scoring node of the window, in examination order. */
export function spreadTreePick(pick: i32): i32 {
  walked = false;
  if (tiedCount == 0) return chosen;
  leaves = <i32>(treeBytes / TREE_GROUP_BYTES);
  remaining = pick;
  // A walked window is walked again (up to the pick), its nodes' totals read in order.
  walked = windowWalked || tiedCount > DESCENT_GROUPS;
  if (walked) {
    // The window holds `ties` tied nodes: a pick in the second half is the (ties − 1 − pick)-th from the
    // window's end, walked backwards (half the nodes read, on average, of a walk from the start).
    if (pick * 2 >= ties) {
      remaining = ties - 1 - pick;
      if (!windowAll) {
        const w = walkTiedBack(lo2, hi2);
        chosen = w >= 0 ? w : walkTiedBack(lo1, hi1);
      } else {
        const w = hi2 > lo2 ? walkTopBitsBack(lo2, hi2) : -1;
        chosen = w >= 0 ? w : walkTopBitsBack(lo1, hi1);
      }
      return chosen;
    }
    if (!windowAll) {
      const w = walkTied(lo1, hi1);
      chosen = w >= 0 ? w : walkTied(lo2, hi2);
    } else {
      const w = walkTopBits(lo1, hi1);
      chosen = w >= 0 ? w : hi2 > lo2 ? walkTopBits(lo2, hi2) : -1;
    }
    return chosen;
  }
  const r = findTied(1, 0, leaves, lo1, hi1);
  chosen = r >= 0 ? r : findTied(1, 0, leaves, lo2, hi2);
  return chosen;
}
