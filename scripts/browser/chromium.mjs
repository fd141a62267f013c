// Finds a Chromium to drive: $CHROMIUM_PATH, else Debian's `chromium` on PATH. When there is none and this
// runs as root on a machine with apt-get (CI), installs Debian's package (apt caches it for later runs);
// no browser is ever downloaded from anywhere else.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const CANDIDATES = ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"];

function onPath(cmd) {
  try {
    return execFileSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

function find() {
  if (process.env.CHROMIUM_PATH) {
    if (!existsSync(process.env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`);
    return process.env.CHROMIUM_PATH;
  }
  for (const c of CANDIDATES) {
    const p = onPath(c);
    if (p !== null) return p;
  }
  return null;
}

/** The path of a Chromium executable, installing Debian's `chromium` with apt-get when allowed and missing. */
export function chromiumPath({ log = console.log } = {}) {
  const found = find();
  if (found !== null) return found;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (!root || onPath("apt-get") === null) {
    throw new Error("no Chromium found: install Debian's `chromium` package (apt-get install chromium) or set CHROMIUM_PATH");
  }
  log("installing Debian's chromium package (apt-get)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
  const installed = find();
  if (installed === null) throw new Error("apt-get installed chromium but no chromium is on PATH");
  return installed;
}
