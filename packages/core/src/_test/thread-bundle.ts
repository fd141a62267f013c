// Worker threads import JavaScript: a test of code that starts threads on its own modules bundles those
// modules from the sources (tsconfig.base.json's paths map the packages to them) into a temporary folder, with
// the names they have in dist/, and imports the bundle.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../../../../", import.meta.url));

/** Bundles each entry (name → source path relative to the repository root) into one folder; returns its path. */
export async function bundleForThreads(entries: Record<string, string>): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), "schedkit-threads-"));
  await build({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, src]) => [name, join(root, src)])),
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outdir,
    tsconfig: join(root, "tsconfig.base.json"),
    logLevel: "error",
  });
  return outdir;
}
