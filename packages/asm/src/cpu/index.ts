// Public surface of the CPU-truth engine (water-fill, cgroup math, layered report in WebAssembly).
export { createWasmCpuEngine, createWasmCpuEngineSync } from "./engine.js";
export type { WasmCpuEngine } from "./engine.js";
export type { WaterFillGroups } from "./water-fill.js";
export type { CpuCgroupBatch, CpuCgroupBatchOptions } from "./cgroup.js";
