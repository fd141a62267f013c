// The ABI of the kernel module: mirrors assembly/layout.ts (abiVersion() guards the pairing).

export const ABI_VERSION = 1;

// Node columns (float64, `stride` entries each).
export const A_CPU = 0;
export const A_MEM = 1;
export const A_EPH = 2;
export const A_PODS = 3;
export const R_CPU = 4;
export const R_MEM = 5;
export const R_EPH = 6;
export const NZ_CPU = 7;
export const NZ_MEM = 8;
export const PODS = 9;
export const BW = 10;
export const SCALAR0 = 11;

// Context table (i32 slots).
export const C_COLS = 0;
export const C_STRIDE = 1;
export const C_N = 2;
export const C_FEAS = 3;
export const C_TOT = 4;
export const C_EXIDX = 5;
export const C_EXCODE = 6;
export const C_EXBITS = 7;
export const C_RAW = 8;
export const C_NORM = 9;
export const C_TOP = 10;
export const C_RES = 11;
export const C_BAL = 12;
export const C_MASK = 13;
export const C_RUNOUT = 14;
export const C_SCORE = 15;
export const C_TREE = 17;
export const C_SLOTS = 18;

// Results (f64 slots).
export const R_NF = 0;
export const R_NFAILED = 1;
export const R_ERR_AT = 2;
export const R_ERR_CODE = 3;
export const R_MAX = 4;
export const R_TIES = 5;
export const R_NEXT_START = 6;
export const R_RNG = 7;
export const R_STOP = 8;
export const R_FIRST = 9;
export const R_ZERO = 10;
export const R_TREE = 14;
export const RES_SLOTS = 16;

export const STOP_NONE = 0;
export const STOP_INFEASIBLE = 1;
export const STOP_ERROR = 2;
export const STOP_DOMAIN = 3;

// Pod block (f64 slots).
export const P_NUM_TO_FIND = 0;
export const P_START = 1;
export const P_NCAND = 2;
export const P_CAND = 3;
export const P_TSCOL = 4;
export const P_FIT_POS = 5;
export const P_FIT_EMPTY = 6;
export const P_CPU = 7;
export const P_MEM = 8;
export const P_EPH = 9;
export const P_NSCAL = 10;
export const P_SCAL = 11;
export const MAX_FIT_SCALARS = 27;
export const P_ASSUME = 65;
export const MAX_ASSUME_SCALARS = 16;
export const P_TIE_FIRST = 104;
export const P_SAME = 103;
export const P_PROG = 105;

// Score program opcodes.
export const OP_LEAST = 1;
export const OP_MOST = 2;
export const OP_RTCR = 3;
export const OP_BALANCED = 4;
export const OP_STATIC = 5;
export const OP_EXTRA = 6;

/** TS filter column value: no TS-evaluated filter rejects the node. */
export const TS_PASS = 255;
/** TS filter column flag: the status is an error, not a rejection. */
export const TS_ERROR = 128;
