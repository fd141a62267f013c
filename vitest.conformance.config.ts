// The differential tests against the real kube-scheduler (conformance/): `pnpm test:conformance`.
// Separate from vitest.config.ts so that `pnpm test` runs without Go.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@schedkit/core/arbitraries": src("./packages/core/src/arbitraries/index.ts"),
      "@schedkit/core/engine": src("./packages/core/src/engine/index.ts"),
      "@schedkit/core": src("./packages/core/src/index.ts"),
      "@schedkit/asm": src("./packages/asm/src/index.ts"),
    },
  },
  test: {
    include: ["conformance/ts/**/*.test.ts"],
    globalSetup: ["conformance/ts/global-setup.ts"],
    testTimeout: 1_800_000,
    hookTimeout: 900_000,
    // One oracle process per test file; files are few and each is CPU-bound.
    fileParallelism: false,
  },
});
