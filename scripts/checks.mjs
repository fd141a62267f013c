// A tiny runner for the CI scripts' named checks: each runs in order, prints "ok" with its detail or "FAIL"
// with the reason, and the run reports the counts. A failing check does not stop the others.

/** A log line stamped with the seconds since the script started. */
export function stopwatch() {
  const t0 = Date.now();
  const seconds = () => ((Date.now() - t0) / 1000).toFixed(0);
  return { seconds, log: (m) => console.log(`[${seconds().padStart(3)} s] ${m}`) };
}

/** Collects checks: `check(name, fn)`, where fn may return a detail line; `run()` returns the failures. */
export function checkList() {
  const checks = [];
  return {
    check: (name, fn) => checks.push([name, fn]),
    async run() {
      let failed = 0;
      for (const [name, fn] of checks) {
        try {
          const detail = await fn();
          console.log(`ok   ${name}${detail ? `\n       ${detail}` : ""}`);
        } catch (e) {
          failed++;
          console.log(`FAIL ${name}\n${String(e instanceof Error ? e.message : e).replace(/^/gm, "       ")}`);
        }
      }
      return { passed: checks.length - failed, failed };
    },
  };
}
