// The differential tests against the real kube-scheduler (conformance/): `pnpm test:conformance`.
// Separate from vitest.config.ts so that `pnpm test` runs without Go.
import { defineConfig } from "vitest/config";
import { sourceAliases } from "./vitest.config.js";

export default defineConfig({
  resolve: { alias: sourceAliases() },
  test: {
    include: ["conformance/ts/**/*.test.ts"],
    globalSetup: ["conformance/ts/global-setup.ts"],
    testTimeout: 1_800_000,
    hookTimeout: 900_000,
    // One oracle process per test file; files are few and each is CPU-bound.
    fileParallelism: false,
  },
});
