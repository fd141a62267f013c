// The CPU-truth module's exports: the ABI src/cpu/kernel.ts is written against.
export { cpuAbiVersion, heapBase, trap } from "./abi-version";
export { waterFillGroups, scratchBytes } from "./waterfill";
export { cpuCgroups, sharesToWeights, quadraticRaws } from "./cgroup";
export { layered } from "./layered";
