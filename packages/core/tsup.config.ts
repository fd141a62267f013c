import { defineConfig } from "tsup";

export default defineConfig({
  // One entry per subpath export of package.json; shared modules become chunks, so a class is one class
  // whichever entry point it is reached through.
  entry: {
    index: "src/index.ts",
    engine: "src/engine/index.ts",
    cgroup: "src/cgroup/index.ts",
    openstack: "src/openstack/index.ts",
    overcommit: "src/overcommit/index.ts",
    analysis: "src/analysis/index.ts",
    arbitraries: "src/arbitraries/index.ts",
    parallel: "src/parallel/index.ts",
  },
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
  platform: "neutral",
});
