import { defineConfig } from "tsup";

export default defineConfig({
  entry: { main: "src/main.ts" },
  format: ["esm"],
  clean: true,
  target: "node20",
  platform: "node",
  banner: { js: "#!/usr/bin/env node" },
  // Runtime dependencies stay imports; the demo cluster and package.json version are inlined.
  external: ["@schedkit/core", "@schedkit/asm", "commander", "yaml", "cli-progress"],
});
