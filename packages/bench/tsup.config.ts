import { existsSync } from "node:fs";
import { defineConfig } from "tsup";

export default defineConfig({
  // huge-child runs in a process of its own; ceiling (the native SIMD C loop) is built when its source is here.
  entry: { main: "src/main.ts", "huge-child": "src/huge-child.ts", ...(existsSync("src/ceiling.ts") ? { ceiling: "src/ceiling.ts" } : {}) },
  format: ["esm"],
  clean: true,
  target: "es2022",
  platform: "node",
});
