import { describe, expect, it } from "vitest";
import { MAX_RESOURCE_VALUE as CORE_MAX_RESOURCE_VALUE } from "@schedkit/core";
import { MAX_AFFINITY_SCORE, MAX_NODE_SCORE as CORE_MAX_NODE_SCORE, MAX_NORMALIZE_INPUT } from "@schedkit/core/engine";
import * as abi from "../assembly/abi.js";
import * as cpuAbi from "../assembly-cpu/abi.js";

// Kernel and host compile the same ABI files, so no mirror test is needed; what remains to check is what the
// compilers cannot: the domain constants the kernel ABI repeats from core (core's quantity.ts and framework are
// not AssemblyScript), and that layout constants stay i32 (a fractional literal would compile as f64).
const i32 = (v: unknown) => Number.isInteger(v) && (v as number) >= -(2 ** 31) && (v as number) < 2 ** 31;

describe("kernel ABI", () => {
  it("bounds the exact domains where core does (MAX_RESOURCE_VALUE, MAX_NORMALIZE_INPUT, InterPodAffinity's MAX_EXACT_SCORE) and scores on core's scale (MAX_NODE_SCORE)", () => {
    expect(abi.MAX_RESOURCE_VALUE).toBe(CORE_MAX_RESOURCE_VALUE);
    expect(abi.MAX_SPREAD_RAW).toBe(MAX_NORMALIZE_INPUT);
    expect(abi.MAX_AFFINITY_RAW).toBe(MAX_AFFINITY_SCORE);
    expect(abi.MAX_NODE_SCORE).toBe(CORE_MAX_NODE_SCORE);
  });

  it("has i32 layout constants only", () => {
    const { MAX_RESOURCE_VALUE: _r, MAX_NODE_SCORE: _s, MAX_SPREAD_RAW: _m, MAX_AFFINITY_RAW: _a, ...layout } = abi;
    expect(Object.keys(layout).length).toBeGreaterThan(90);
    for (const [name, value] of Object.entries(layout)) expect([name, i32(value)]).toEqual([name, true]);
  });

  it("gives every score-program opcode its own value", () => {
    const ops = [abi.OP_LEAST, abi.OP_MOST, abi.OP_RTCR, abi.OP_BALANCED, abi.OP_STATIC, abi.OP_EXTRA];
    expect(new Set(ops).size).toBe(ops.length);
  });
});

describe("CPU module ABI", () => {
  it("has i32 constants only", () => {
    expect(Object.keys(cpuAbi).length).toBeGreaterThan(80);
    for (const [name, value] of Object.entries(cpuAbi)) expect([name, i32(value)]).toEqual([name, true]);
  });
});
