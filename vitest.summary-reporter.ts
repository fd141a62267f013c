// Prints, after vitest's own summary, how many upstream fixture cases ran per file (collected from the
// `[fixtures] <file>: N cases ran` lines the table tests log) and a plain "N passed, N failed" line.
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  private readonly fixtures = new Map<string, number>();

  onUserConsoleLog(log: { content: string }): void {
    for (const line of log.content.split("\n")) {
      const m = /^\[fixtures\] (.+): (\d+) cases ran$/.exec(line.trim());
      if (m) this.fixtures.set(m[1]!, Number(m[2]));
    }
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of modules) {
      for (const t of mod.children.allTests()) {
        const s = t.result().state;
        if (s === "passed") passed++;
        else if (s === "failed") failed++;
        else skipped++;
      }
      if (mod.state() === "failed" && [...mod.children.allTests()].length === 0) failed++;
    }
    if (this.fixtures.size > 0) {
      const rows = [...this.fixtures].sort(([a], [b]) => (a < b ? -1 : 1));
      const width = Math.max(...rows.map(([f]) => f.length));
      console.log("\nUpstream fixture cases run through the public API:");
      let total = 0;
      for (const [file, n] of rows) {
        console.log(`  ${file.padEnd(width)}  ${String(n).padStart(4)}`);
        total += n;
      }
      console.log(`  ${"total".padEnd(width)}  ${String(total).padStart(4)}`);
    }
    console.log(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
  }
}
