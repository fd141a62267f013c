// Prints, after vitest's own summary, how many upstream fixture cases ran per file (collected from the
// `[fixtures] <file>: N cases ran` lines the table tests log) and a plain "N passed, N failed" line.
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  private readonly fixtures = new Map<string, number>();
  private readonly corpus = new Map<string, number>();

  onUserConsoleLog(log: { content: string }): void {
    for (const line of log.content.split("\n")) {
      const m = /^\[(fixtures|corpus)\] (.+): (\d+) cases ran$/.exec(line.trim());
      if (m) (m[1] === "fixtures" ? this.fixtures : this.corpus).set(m[2]!, Number(m[3]));
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
    printCounts("Upstream fixture cases run through the public API:", this.fixtures);
    printCounts("Malformed-input corpus cases (each: a named error or a documented acceptance, nothing leaked):", this.corpus);
    console.log(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
  }
}

function printCounts(title: string, counts: ReadonlyMap<string, number>): void {
  if (counts.size === 0) return;
  const rows = [...counts].sort(([a], [b]) => (a < b ? -1 : 1));
  let width = 5;
  for (const [f] of rows) width = Math.max(width, f.length);
  console.log(`\n${title}`);
  let total = 0;
  for (const [name, n] of rows) {
    console.log(`  ${name.padEnd(width)}  ${String(n).padStart(5)}`);
    total += n;
  }
  console.log(`  ${"total".padEnd(width)}  ${String(total).padStart(5)}`);
}
