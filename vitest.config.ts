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
    testTimeout: 60_000,
    reporters: ["default", "./vitest.summary-reporter.ts"],
  },
});
