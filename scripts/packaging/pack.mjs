// Packs the workspace's public packages the way they are published: `pnpm pack` in each package directory
// (which runs its `prepack` build and rewrites `workspace:*` ranges to versions).
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));

/** The packages under packages/ that are not private, with their manifests. */
export function publicPackages() {
  return readdirSync(join(root, "packages"))
    .map((dir) => ({ dir: join(root, "packages", dir), manifest: readJson(join(root, "packages", dir, "package.json")) }))
    .filter((p) => p.manifest !== null && p.manifest.private !== true);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/**
 * The pnpm command line: $PNPM when set (e.g. "npx -y pnpm@10.34.9"), else `pnpm` when it is on PATH, else the
 * version pinned in the root package.json's packageManager through npx (npx ships with Node).
 */
export function pnpmCommand() {
  if (process.env.PNPM) return process.env.PNPM.split(" ").filter(Boolean);
  try {
    execFileSync("pnpm", ["--version"], { stdio: "ignore" });
    return ["pnpm"];
  } catch {
    const pinned = readJson(join(root, "package.json")).packageManager;
    return ["npx", "-y", pinned];
  }
}

/** Packs every public package into `dest`; returns { name, version, tarball } per package. */
export function packAll(dest, { log = () => {} } = {}) {
  const [cmd, ...args] = pnpmCommand();
  return publicPackages().map(({ dir, manifest }) => {
    log(`pack ${manifest.name}`);
    const out = execFileSync(cmd, [...args, "pack", "--pack-destination", dest], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const tarball = out.trim().split("\n").filter((l) => l.trim().endsWith(".tgz")).pop()?.trim();
    if (tarball === undefined) throw new Error(`pnpm pack in ${dir} printed no tarball:\n${out}`);
    return { name: manifest.name, version: manifest.version, tarball: tarball.startsWith("/") ? tarball : join(dest, tarball) };
  });
}
