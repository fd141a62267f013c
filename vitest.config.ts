import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Tests run against the sources (the published shape is checked by scripts/packaging/test.mjs and
 * packages/core/src/surface.test.ts). The one map from package names to sources is tsconfig.base.json's
 * `paths` (the type checker reads it too); each entry becomes an exact-match alias here.
 */
export function sourceAliases(): { find: RegExp; replacement: string }[] {
  const base = JSON.parse(readFileSync(new URL("./tsconfig.base.json", import.meta.url), "utf8")) as {
    compilerOptions: { paths: Record<string, [string]> };
  };
  return Object.entries(base.compilerOptions.paths).map(([name, [target]]) => ({
    find: new RegExp(`^${name.replace(/[/.]/g, "\\$&")}$`),
    replacement: fileURLToPath(new URL(target, import.meta.url)),
  }));
}

export default defineConfig({
  resolve: { alias: sourceAliases() },
  test: {
    include: ["packages/*/src/**/*.test.ts"],
    // Long mode (scripts/long.mjs) runs core's kernel properties for a sixth of SCHEDKIT_LONG_MINUTES each, and
    // SCHEDKIT_MIN_RUNS (.ci/run) raises every count: both outlast the usual minute (core's _test/long.ts).
    testTimeout: process.env["SCHEDKIT_LONG"] === "1" ? (Number(process.env["SCHEDKIT_LONG_MINUTES"] ?? 2) / 6 + 5) * 60_000 : Number(process.env["SCHEDKIT_MIN_RUNS"] ?? 0) > 0 ? 600_000 : 60_000,
    reporters: ["default", "./vitest.summary-reporter.ts"],
  },
});
