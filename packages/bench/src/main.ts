// pnpm bench [-- --json FILE] [--quick] [--sizes 500,5000]
import { cpus } from "node:os";
import { scheduleSuite } from "./schedule.js";
import { printTable, writeJson, type BenchRow } from "./report.js";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const quick = process.argv.includes("--quick");
const sizes = (arg("--sizes") ?? "500,5000").split(",").map(Number);
const time = quick ? 300 : 2000;

const rows: BenchRow[] = [];
rows.push(...(await scheduleSuite({ sizes, time })));
printTable(rows);
const json = arg("--json");
if (json !== undefined) {
  writeJson(json, rows, { node: process.version, cpu: cpus()[0]?.model ?? "", cores: cpus().length, date: new Date().toISOString(), time });
  console.log(`\nwrote ${json}`);
}
