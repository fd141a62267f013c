import { defineConfig } from "tsup";

export default defineConfig({
  entry: { main: "src/main.ts", "compare-worker": "src/commands/compare-worker.ts" },
  format: ["esm"],
  clean: true,
  target: "node20",
  platform: "node",
  banner: { js: "#!/usr/bin/env node" },
  // package.json dependencies stay imports (tsup's default); the demo cluster and the version are inlined.
});
