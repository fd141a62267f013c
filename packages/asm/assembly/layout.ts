// The ABI shared with src/layout.ts (keep both in step; a test compares them through `abiVersion`).
// Node columns are float64 arrays of `stride` entries each, in snapshot order: col(c) = cols + c·stride·8.

export const ABI_VERSION: i32 = 1;

// --- node columns
export const A_CPU: i32 = 0; // allocatable milli-cpu
export const A_MEM: i32 = 1;
export const A_EPH: i32 = 2;
export const A_PODS: i32 = 3; // allocatable pods
export const R_CPU: i32 = 4; // requested (actual)
export const R_MEM: i32 = 5;
export const R_EPH: i32 = 6;
export const NZ_CPU: i32 = 7; // requested with the non-zero defaults
export const NZ_MEM: i32 = 8;
export const PODS: i32 = 9; // pods on the node
export const BW: i32 = 10; // BalancedAllocation score of the node without the incoming pod (cache)
export const SCALAR0: i32 = 11; // scalar s: allocatable at SCALAR0 + 2s, requested at SCALAR0 + 2s + 1

// --- context table (i32 slots): where this scheduler's regions live
export const C_COLS: i32 = 0;
export const C_STRIDE: i32 = 1;
export const C_N: i32 = 2;
export const C_FEAS: i32 = 3; // i32[stride]: feasible node indices, examination order
export const C_TOT: i32 = 4; // f64[stride]: weighted totals per feasible position
export const C_EXIDX: i32 = 5; // i32[stride]: examined node indices (when recording)
export const C_EXCODE: i32 = 6; // i32[stride]: -1 feasible, else the index of the rejecting filter
export const C_EXBITS: i32 = 7; // i32[stride]: NodeResourcesFit reason bits of a Fit rejection
export const C_RAW: i32 = 8; // f64[jobs·stride]: raw score per job and feasible position (explain)
export const C_NORM: i32 = 9; // f64[jobs·stride]: normalized score (explain)
export const C_TOP: i32 = 10; // i32[stride]: feasible positions with the top total
export const C_RES: i32 = 11; // f64[16]: results and carried state
export const C_BAL: i32 = 12; // f64[1 + 2n]: BalancedAllocation resources for the BW cache (n = 0: no cache)
export const C_MASK: i32 = 13; // i32[stride]: per-node scratch of the vector fit pass
export const C_RUNOUT: i32 = 14; // i32[3·pods]: per pod of a run: chosen node, evaluated, feasible
export const C_SCORE: i32 = 15; // f64[stride]: weighted resource score per node (vector.ts)
export const C_TREE: i32 = 17; // max tree for runs of identical pods (tree.ts): f64[2·leaves] + i32[2·leaves]; 0 = none
export const C_SLOTS: i32 = 18;

// --- results (f64 slots of C_RES)
export const R_NF: i32 = 0;
export const R_NFAILED: i32 = 1;
export const R_ERR_AT: i32 = 2; // nodes processed before a filter error, -1 when none
export const R_ERR_CODE: i32 = 3; // the erroring filter index
export const R_MAX: i32 = 4;
export const R_TIES: i32 = 5;
export const R_NEXT_START: i32 = 6; // run: rotation start carried across pods
export const R_RNG: i32 = 7; // run: mulberry32 state (uint32) carried across pods
export const R_STOP: i32 = 8; // run: why it stopped early (see STOP_*)
export const R_FIRST: i32 = 9; // position of the first top total
export const R_TREE: i32 = 14; // run: pods placed through the node tree (tree.ts), cumulative
export const R_ZERO: i32 = 10; // + allocatable column (A_CPU, A_MEM, A_EPH): 1 when some node has 0 there

export const STOP_NONE: i32 = 0;
export const STOP_INFEASIBLE: i32 = 1;
export const STOP_ERROR: i32 = 2;
export const STOP_DOMAIN: i32 = 3;

// --- pod block (f64 slots)
export const P_NUM_TO_FIND: i32 = 0;
export const P_START: i32 = 1;
export const P_NCAND: i32 = 2;
export const P_CAND: i32 = 3; // i32[ncand] candidate node indices; 0 = every node in order
export const P_TSCOL: i32 = 4; // u8[n]: first rejecting TS-evaluated filter (bit 7: an error), 255 = none; 0 = no column
export const P_FIT_POS: i32 = 5; // index of NodeResourcesFit among the filters, -1 when it does not run
export const P_FIT_EMPTY: i32 = 6;
export const P_CPU: i32 = 7;
export const P_MEM: i32 = 8;
export const P_EPH: i32 = 9;
export const P_NSCAL: i32 = 10;
export const P_SCAL: i32 = 11; // (column of allocatable or -1, request) pairs, in check order
export const MAX_FIT_SCALARS: i32 = 27; // reason bits 4..30
export const P_ASSUME: i32 = 65; // cpu, mem, eph, nz cpu, nz mem, nscal, (column, value)×
export const MAX_ASSUME_SCALARS: i32 = 16;
export const P_TIE_FIRST: i32 = 104;
export const P_SAME: i32 = 103; // 1: this pod's block equals the previous pod's of the run (tree.ts)
export const P_PROG: i32 = 105; // score program: njobs, then jobs

// --- score program opcodes: [op, weight, ...]
export const OP_LEAST: i32 = 1; // nres, (colA, colU, podReq, w)×
export const OP_MOST: i32 = 2; // same
export const OP_RTCR: i32 = 3; // same, then npts, (utilization, score×10)×
export const OP_BALANCED: i32 = 4; // nres, (colA, colU, podReq)×, change, useBW
export const OP_STATIC: i32 = 5; // ptr (f64 per node), normalize mode (0 none, 1 plain, 2 reverse), all zero (0/1), max over all nodes
export const OP_EXTRA: i32 = 6; // ptr (f64 per feasible position, already normalized and weighted)

export const MAX_NODE_SCORE: f64 = 100;
export const MAX_RESOURCE_VALUE: f64 = 90071992547409; // ⌊(2^53 − 1)/100⌋
