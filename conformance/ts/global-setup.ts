// Builds the oracle once per `pnpm test:conformance` (conformance/build.sh is a no-op when bin/oracle is current).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  if (go.error !== undefined || go.status !== 0) {
    throw new Error(
      "pnpm test:conformance needs Go (>= 1.26) on PATH to build the kube-scheduler oracle (conformance/build.sh); " +
        "`go version` failed: " + (go.error?.message ?? go.stderr.trim()),
    );
  }
  const script = fileURLToPath(new URL("../build.sh", import.meta.url));
  const t0 = performance.now();
  const r = spawnSync(script, { stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) throw new Error(`conformance/build.sh failed (exit ${r.status ?? r.signal})`);
  console.log(`[conformance] oracle ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
