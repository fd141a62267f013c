// The kernel module's ABI, the one definition both sides compile: the AssemblyScript kernel (assembly/*.ts)
// and the TypeScript host (src/*.ts) import this file. It holds only `export const NAME = <literal or constant
// expression>`, which is TypeScript and AssemblyScript alike: AssemblyScript types an integer literal i32 and a
// literal with a fraction point f64 and inlines the constants, so the kernel compiles to the same code as with
// annotated constants. No type annotations (TypeScript has no i32/f64) and no functions.
// Node columns are float64 arrays of `stride` entries each, in snapshot order: col(c) = cols + c·stride·8.

/** Checked by the host at load: a module generated from older sources than the host's is refused. */
export const ABI_VERSION = 7;

// --- node columns
export const A_CPU = 0; // allocatable milli-cpu
export const A_MEM = 1;
export const A_EPH = 2;
export const A_PODS = 3; // allocatable pods
export const R_CPU = 4; // requested (actual)
export const R_MEM = 5;
export const R_EPH = 6;
export const NZ_CPU = 7; // requested with the non-zero defaults
export const NZ_MEM = 8;
export const PODS = 9; // pods on the node
export const BW = 10; // BalancedAllocation score of the node without the incoming pod (cache)
export const SCALAR0 = 11; // scalar s: allocatable at SCALAR0 + 2s, requested at SCALAR0 + 2s + 1

// --- context table (i32 slots): where this scheduler's regions live
export const C_COLS = 0;
export const C_STRIDE = 1;
export const C_N = 2;
export const C_FEAS = 3; // i32[stride]: feasible node indices, examination order
export const C_TOT = 4; // f64[stride]: weighted totals per feasible position
export const C_EXIDX = 5; // i32[stride]: examined node indices (when recording)
export const C_EXCODE = 6; // i32[stride]: -1 feasible, else the index of the rejecting filter
export const C_EXBITS = 7; // i32[stride]: NodeResourcesFit reason bits of a Fit rejection
export const C_RAW = 8; // f64[jobs·stride]: raw score per job and feasible position (explain)
export const C_NORM = 9; // f64[jobs·stride]: normalized score (explain)
export const C_TOP = 10; // i32[stride]: feasible positions with the top total
export const C_RES = 11; // f64[RES_SLOTS]: results and carried state
export const C_BAL = 12; // f64[1 + 2n]: BalancedAllocation resources for the BW cache (n = 0: no cache)
export const C_MASK = 13; // i32[stride]: per-node scratch of the vector fit pass
export const C_RUNOUT = 14; // i32[3·pods]: per pod of a run: chosen node, evaluated, feasible
export const C_SCORE = 15; // f64[stride]: weighted resource score per node (vector.ts)
export const C_TREE = 17; // TREE_SLOTS segment trees for recurring pods of a run (tree.ts): TREE_LEAF_BYTES per leaf each; 0 = none
export const TREE_SLOTS = 4;
// Per-block node totals of the fused pass (vector.ts "recurring blocks"): C_FUSED_SLOTS columns of f64[stride]
// from C_FUSED_CACHE (0: none), one for each block the host marks with P_FUSED_SLOT.
export const C_FUSED_CACHE = C_TREE + TREE_SLOTS;
export const C_FUSED_SLOTS = C_FUSED_CACHE + 1;
/** Most blocks of one run call that keep their totals (the kernel's bookkeeping is sized for it). */
export const FUSED_CACHE_SLOTS = 64;
// With a window of the nodes examined (percentageOfNodesToScore below 100 %) a block's kept totals are current
// by blocks of FUSED_STAMP_NODES nodes (assembly/vector.ts "the window"). From C_FUSED_STAMPS:
// i32[FUSED_CACHE_SLOTS], the epoch each slot was given to its block, in FUSED_STAMPS_HEADER bytes;
// i32[C_FUSED_SLOTS · stride / FUSED_STAMP_NODES], the epoch each block of nodes' totals were computed at;
// i32[stride / FUSED_STAMP_NODES], the epoch of the last change to a node of the block. C_FUSED_EPOCH: the last
// epoch handed out.
export const C_FUSED_STAMPS = C_FUSED_SLOTS + 1;
export const C_FUSED_EPOCH = C_FUSED_STAMPS + 1;
export const FUSED_STAMPS_HEADER = FUSED_CACHE_SLOTS * 4;
export const FUSED_STAMP_NODES = 16;
/**
 * The epoch at which the host starts the epochs again (src/columns.ts restartEpochsIfDue, before a run call and
 * at each epoch it hands out), every stamp and change back to 0: a call's assumes stay far below 2³¹.
 */
export const FUSED_EPOCH_LIMIT = 0x3fffffff;
export const C_SLOTS = C_FUSED_EPOCH + 1;
/** Normalized static columns the node tree follows (tree.ts), and the bytes it takes per leaf (2 tree nodes). */
export const TREE_NORM_COLUMNS = 2;
export const TREE_LEAF_BYTES = 2 * (8 + 4 + 4 + 8 * TREE_NORM_COLUMNS);
/** Bytes per leaf of a tree without normalized columns (the spread run's group trees, spreadtree.ts). */
export const TREE_GROUP_BYTES = 2 * (8 + 4 + 4);

// --- results (f64 slots of C_RES)
export const R_NF = 0;
export const R_NFAILED = 1;
export const R_ERR_AT = 2; // nodes processed before a filter error, -1 when none
export const R_ERR_CODE = 3; // the erroring filter index
export const R_MAX = 4;
export const R_TIES = 5;
export const R_NEXT_START = 6; // run: rotation start carried across pods
export const R_RNG = 7; // run: mulberry32 state (uint32) carried across pods
export const R_STOP = 8; // run: why it stopped early (see STOP_*)
export const R_FIRST = 9; // position of the first top total
export const R_TREE = 14; // run: pods placed through the node tree (tree.ts), cumulative
export const R_FUSED = 13; // run: pods filtered and scored in one pass (vector.ts fusedPod), cumulative
export const R_TREE_MISS = 15; // run: pods of a tree run scanned because a normalization maximum differed, cumulative
export const R_ZERO = 10; // + allocatable column (A_CPU, A_MEM, A_EPH): 1 when some node has 0 there
// run: pods whose fused pass found the normalized static column's feasible maximum below its maximum over every
// node (they were filtered and scored in two passes), cumulative
export const R_FUSED_MISS = 16;
export const R_FUSED_KEPT = 17; // run: fused pods whose block's totals were kept from its previous pod of the call, cumulative
export const R_TIE_WALK = 18; // run: spreading pods whose tie-break walked the window (spreadtree.ts walkTied), cumulative
// run: spreading pods whose window's per-group counts came from a walk of its nodes (spreadtree.ts walkWindow), cumulative
export const R_WINDOW_WALK = 19;
// run: pods of a window (percentageOfNodesToScore below 100 %) filtered and scored in one pass (vector.ts
// fusedWindow), cumulative; R_FUSED counts them too
export const R_FUSED_WINDOW = 20;
// run: node pairs of those windows whose totals were current (kept from an earlier pass), cumulative
export const R_FUSED_WINDOW_KEPT = 21;
export const RES_SLOTS = 22;

export const STOP_NONE = 0;
export const STOP_INFEASIBLE = 1;
export const STOP_ERROR = 2;
export const STOP_DOMAIN = 3;

// --- pod block (f64 slots)
export const P_NUM_TO_FIND = 0;
export const P_START = 1;
export const P_NCAND = 2;
export const P_CAND = 3; // i32[ncand] candidate node indices; 0 = every node in order
export const P_TSCOL = 4; // u8[n]: first rejecting TS-evaluated filter (bit 7: an error), 255 = none; 0 = no column
export const P_FIT_POS = 5; // index of NodeResourcesFit among the filters, -1 when it does not run
export const P_FIT_EMPTY = 6;
export const P_CPU = 7;
export const P_MEM = 8;
export const P_EPH = 9;
export const P_NSCAL = 10;
export const P_SCAL = 11; // (column of allocatable or -1, request) pairs, in check order
export const MAX_FIT_SCALARS = 27; // reason bits 4..30
export const P_ASSUME = P_SCAL + 2 * MAX_FIT_SCALARS; // cpu, mem, eph, nz cpu, nz mem, nscal, (column, value)×
export const MAX_ASSUME_SCALARS = 16;
// The node tree (tree.ts) this pod's block shares with other pods of the run (1 + its index < TREE_SLOTS; 0: none):
// pods of a run with the same slot have equal blocks.
export const P_TREE = P_ASSUME + 6 + 2 * MAX_ASSUME_SCALARS;
export const P_TIE_FIRST = P_TREE + 1; // 1: tieBreak "first"
// A run's PodTopologySpread block (assembly/spread.ts, run mode) whose SP_OUT is one of the program's OP_EXTRA
// columns: the kernel scores the plugin per pod and updates its counts on every assume. 0: none.
export const P_SPREAD = P_TIE_FIRST + 1;
// 1 + the block's column of kept totals (C_FUSED_CACHE) when the pods of a run call with this block are placed by
// the fused pass (every node examined): the next pod of the block recomputes only the nodes assumed since. 0: none.
export const P_FUSED_SLOT = P_SPREAD + 1;
export const P_PROG = P_FUSED_SLOT + 1; // the score program, to the end of the block

// --- score program (f64 slots from P_PROG): PROG_NJOBS, then the jobs back to back from PROG_JOBS. The host
// writes it (src/evaluator.ts program), sizes it (blockSlots) and the kernel reads it (assembly/score.ts
// jobSize and the scorers); every offset below is relative to the job's first slot.
export const PROG_NJOBS = 0;
export const PROG_JOBS = 1;
export const JOB_OP = 0; // one of OP_*
export const JOB_WEIGHT = 1; // the plugin's weight in the profile

// NodeResourcesFit's strategy: JOB_NRES resources of FIT_RES_SLOTS from JOB_RES; OP_RTCR then the shape:
// its point count, then RTCR_POINT_SLOTS per point (utilization, score × 10).
export const OP_LEAST = 1;
export const OP_MOST = 2;
export const OP_RTCR = 3;
// NodeResourcesBalancedAllocation: JOB_NRES resources of BAL_RES_SLOTS from JOB_RES, then BAL_CHANGE (v1.36+
// change in balance, 0/1) and BAL_USE_BW (read the without-pod score from the BW column, 0/1).
export const OP_BALANCED = 4;
// A static scorer's raw column (f64 per node), its normalization and what the host knows of the column.
export const OP_STATIC = 5;
// A TypeScript-scored plugin's column: f64 per feasible position, already normalized and weighted.
export const OP_EXTRA = 6;

export const JOB_NRES = 2;
export const JOB_RES = 3;
export const RES_ALLOC = 0; // node column of the allocatable amount, -1: the resource is skipped for this pod
export const RES_USED = 1; // node column of the requested amount
export const RES_POD = 2; // the pod's request
export const RES_WEIGHT = 3; // the resource's weight (Fit only)
export const FIT_RES_SLOTS = 4;
export const RTCR_POINT_SLOTS = 2;
export const BAL_RES_SLOTS = 3;
export const BAL_CHANGE = 0; // after the resources
export const BAL_USE_BW = 1;
export const BAL_TAIL_SLOTS = 2;
export const STATIC_COLUMN = 2; // pointer to the raw column
export const STATIC_MODE = 3; // NORM_*
export const STATIC_ALL_ZERO = 4; // 1: every node's raw score is 0
export const STATIC_MAX = 5; // maximum over every node
export const STATIC_SLOTS = 6;
export const EXTRA_COLUMN = 2;
export const EXTRA_SLOTS = 3;

// OP_STATIC normalization: none (ImageLocality), DefaultNormalizeScore, DefaultNormalizeScore reversed.
export const NORM_NONE = 0;
export const NORM_PLAIN = 1;
export const NORM_REVERSE = 2;

// --- the TypeScript filter column (u8 per node, P_TSCOL): the index of the first rejecting TypeScript-evaluated
// filter, TS_ERROR set when its status is an error rather than a rejection; TS_PASS when none rejects.
export const TS_PASS = 255;
export const TS_ERROR = 128;

// --- PodTopologySpread (assembly/spread.ts): a spread block of f64 slots, the header then SPC_SLOTS per
// constraint from SP_CONS. The host (src/spread.ts) writes it; per-node inputs are columns the host keeps per
// topology key (domain ids) and per pod shape (counted nodes, matching pods).
export const SP_NCONS = 0;
export const SP_LOG = 1; // f64[n + 3]: Go's math.Log(k) at k (TopologyNormalizingWeight reads k = domains + 2)
export const SP_OUT = 2; // score: f64 per feasible position, normalized × weight (an OP_EXTRA column)
export const SP_RAW = 3; // score: f64 per feasible position, raw score (0: not wanted)
export const SP_NORM = 4; // score: f64 per feasible position, normalized score (0: not wanted)
export const SP_WEIGHT = 5; // score: the plugin's weight
export const SP_REQUIRE_ALL = 6; // score: 1 unless system-default constraints (a node must have every key)
export const SP_IGNORED = 7; // score: u8 per feasible position, scratch
export const SP_TSCOL = 8; // filter: the u8 column (abi TS_*) the verdicts are merged into
export const SP_INDEX = 9; // filter: PodTopologySpread's index among the pod's filters
export const SP_ALL_KEYS = 10; // score: u8 per node, scratch (the node has every key)
// Run mode (1): SPC_COUNTS holds every domain's count, set once per run (spreadTotals) and kept by every assume
// (spreadAssume), instead of being recounted over every node per pod. 0: counts recounted by spreadScore.
export const SP_RUN = 11;
// Run mode: the group trees (spreadtree.ts) — a region of SP_TREE_GROUPS + 1 trees of TREE_GROUP_BYTES per
// leaf, then 16 bytes per leaf and an i32 per node; 0: the run scans every pod.
export const SP_TREE = 12;
/** The group trees' header (spreadtree.ts: an init flag, then per group its key and feasible members). */
export const SPT_HEADER_BYTES = 8192;
export const SPT_MAX_GROUPS = 384;
// Domain ids per domain constraint up to which a group-tree run keeps each domain's live groups (spreadtree.ts
// DOM_LIVE); a block with more counts its domains per pod.
export const SPT_DOM_MARKS = 256;
export const SP_TREE_GROUPS = 13;
// Run mode: 1 when the domain constraints' SPC_COUNTS already hold every domain's count (the host keeps them per
// pod shape, adding the changes of match counts it sees; only with one constraint or keys not all required);
// the kernel then skips spreadTotals, and sets it to 1 once spreadTotals has run.
export const SP_COUNTS_KEPT = 14;
export const SP_CONS = 15;
export const SPC_DOM = 0; // i32 per node: domain id of the node's value of the key (0 is the value ""), −1: no such label
export const SPC_NDOM = 1; // domain ids of the key
export const SPC_MATCH = 2; // f64 per node: countMatchingPods (score)
export const SPC_COUNTED = 3; // u8 per node: 1 when the node's pods count for the constraint (score); 0 = every node
export const SPC_MAX_SKEW = 4;
export const SPC_HOSTNAME = 5; // score: 1 when the key is kubernetes.io/hostname (counted per node)
export const SPC_COUNTS = 6; // f64 per domain id: filter, PreFilter's counts (host); score, scratch
export const SPC_PRESENT = 7; // u8 per domain id, scratch (score)
export const SPC_SELF = 8; // filter: 1 when the pod matches its own selector
export const SPC_MIN = 9; // filter: the global minimum with minDomains applied
export const SPC_INC = 10; // run mode: matching pods the assumed pod adds (countPodsMatchSelector on itself, 0 or 1)
export const SPC_TABLE = 11; // f64 per domain id, scratch (score: a domain constraint's score per domain)
export const SPC_SLOTS = 12;
/** NormalizeScore's domain (helper MAX_NORMALIZE_INPUT): a larger raw score is the reference's error. */
export const MAX_SPREAD_RAW = 1099511627776.0;

// --- InterPodAffinity (assembly/affinity.ts): an affinity block of f64 slots, the header then AFT_SLOTS per
// term from AF_TERMS. Each term reads a topology key's domain ids (SPC_DOM's columns) and a count or score per
// domain id that the host takes from the plugin's PreFilter / PreScore state.
export const AF_NTERMS = 0;
export const AF_PASS_EMPTY = 1; // filter: 1 when no pod matches the affinity terms and the pod matches its own
export const AF_TSCOL = 2; // filter: the u8 column the verdicts are merged into
export const AF_INDEX = 3; // filter: InterPodAffinity's index among the pod's filters
export const AF_OUT = 4; // score: f64 per feasible position, normalized × weight
export const AF_RAW = 5; // score: raw score per feasible position (0: not wanted)
export const AF_NORM = 6; // score: normalized score per feasible position (0: not wanted)
export const AF_WEIGHT = 7;
export const AF_TERMS = 8;
export const AFT_KIND = 0; // AFK_*
export const AFT_DOM = 1; // i32 per node: domain id, −1 when the node lacks the key
export const AFT_VALUES = 2; // f64 per domain id: matching pods (filter) or topology score (score)
export const AFT_SLOTS = 3;
export const AFK_AFFINITY = 0; // a required affinity term of the pod: the domain must hold a matching pod
export const AFK_ANTI = 1; // a required anti-affinity term (the pod's or an existing pod's): no matching pod there
export const AFK_SCORE = 2; // a topology key of PreScore's topologyScore
/** InterPodAffinity's exact domain (MAX_EXACT_SCORE): a larger |raw score| is the reference's error. */
export const MAX_AFFINITY_RAW = 4503599627370496.0;

// Written as float literals: the kernel computes with them in f64.
export const MAX_NODE_SCORE = 100.0;
/** ⌊(2^53 − 1)/100⌋: core's MAX_RESOURCE_VALUE (quantity.ts), the exact domain of every resource amount. */
export const MAX_RESOURCE_VALUE = 90071992547409.0;
