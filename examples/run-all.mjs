// Runs every example script and fails if one exits non-zero (CI keeps the examples working).
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const scripts = readdirSync(dir).filter((f) => f.endsWith(".mjs") && f !== "run-all.mjs").sort();
for (const s of scripts) {
  const out = execFileSync(process.execPath, [dir + s], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  console.log(`example ${s}: ok (${out.split("\n").length} lines of output)`);
}
