// pnpm bench [-- --json FILE] [--baseline FILE] [--quick] [--sizes 500,5000] [--suites schedule,kernel,profile,replicas,simulate,layered,capacity,runs] [--capacity-max 100000]
import { cpus } from "node:os";
import { scheduleSuite } from "./schedule.js";
import { defaultProfileSuite, kernelSuite, printRatios, replicasSuite } from "./engines.js";
import { printBaseline, printTable, writeJson, type BenchRow } from "./report.js";
import { layeredSuite } from "./layered.js";
import { capacitySuite } from "./capacity.js";
import { simulateSuite } from "./simulate.js";
import { runsSuite } from "./runs.js";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const quick = process.argv.includes("--quick");
const sizes = (arg("--sizes") ?? "500,5000").split(",").map(Number);
const time = quick ? 300 : 2000;

const suites = (arg("--suites") ?? "schedule,kernel,profile,replicas,simulate").split(",");
const engineSizes = (arg("--sizes") ?? "500,5000,10000,50000").split(",").map(Number);

const rows: BenchRow[] = [];
if (suites.includes("schedule")) rows.push(...(await scheduleSuite({ sizes, time })));
if (suites.includes("kernel")) rows.push(...(await kernelSuite({ sizes: engineSizes, time })));
if (suites.includes("profile")) rows.push(...(await defaultProfileSuite({ sizes: engineSizes, time })));
if (suites.includes("layered")) rows.push(...(await layeredSuite({ quick })));
if (suites.includes("replicas")) rows.push(...(await replicasSuite({ sizes: engineSizes, time })));
if (suites.includes("simulate")) rows.push(...(await simulateSuite({})));
if (suites.includes("runs")) rows.push(...(await runsSuite({ iterations: quick ? 1 : 3 })));
if (suites.includes("capacity")) rows.push(...(await capacitySuite({ sizes: (arg("--sizes") ?? "5000").split(",").map(Number), max: Number(arg("--capacity-max") ?? 100_000), quick })));
printTable(rows);
printRatios(rows);
// The committed baseline (packages/bench/baseline.json) is the previous measurement to compare against.
printBaseline(rows, arg("--baseline") ?? new URL("../baseline.json", import.meta.url).pathname);
const json = arg("--json");
if (json !== undefined) {
  writeJson(json, rows, { node: process.version, cpu: cpus()[0]?.model ?? "", cores: cpus().length, date: new Date().toISOString(), time });
  console.log(`\nwrote ${json}`);
}
