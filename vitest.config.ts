import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources; the published shape is checked by each package's smoke test.
    alias: {
      "@schedkit/core/arbitraries": src("./packages/core/src/arbitraries/index.ts"),
      "@schedkit/core/engine": src("./packages/core/src/engine/index.ts"),
      "@schedkit/core": src("./packages/core/src/index.ts"),
    },
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    testTimeout: 60_000,
    reporters: ["default", "./vitest.summary-reporter.ts"],
  },
});
