import { defineConfig } from "tsup";

export default defineConfig({
  // parallel-tasks is the module the parallel entry's worker threads import (next to it in dist/).
  entry: { index: "src/index.ts", parallel: "src/parallel/index.ts", "parallel-tasks": "src/parallel/tasks.ts" },
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
  platform: "neutral",
});
