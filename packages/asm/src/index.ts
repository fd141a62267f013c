// @schedkit/asm public entry point: explicit re-exports only.
export { createWasmEngine, createWasmEngineSync } from "./engine.js";
export type { WasmEngine, WasmEngineOptions } from "./engine.js";
export { WasmScheduler } from "./scheduler.js";
export type { WasmSchedulerStats } from "./scheduler.js";
export { simdSupported } from "./load.js";
export type { KernelFlavor } from "./load.js";
export { createWasmCpuEngine, createWasmCpuEngineSync } from "./cpu/index.js";
export type { WasmCpuEngine, WaterFillGroups, CpuCgroupBatch, CpuCgroupBatchOptions } from "./cpu/index.js";
