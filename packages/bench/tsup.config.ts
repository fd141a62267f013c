import { defineConfig } from "tsup";

export default defineConfig({
  // huge-child and split-child run in processes of their own; side-by-side compares two checkouts' builds.
  entry: { main: "src/main.ts", "huge-child": "src/huge-child.ts", "split-child": "src/split-child.ts", "side-by-side": "src/side-by-side.ts" },
  format: ["esm"],
  clean: true,
  target: "es2022",
  platform: "node",
});
