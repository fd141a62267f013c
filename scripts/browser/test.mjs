// The browser test: builds packages/playground (Vite), serves dist/ from a local HTTP server, and drives
// Debian's Chromium with puppeteer-core:
//   - engines.html runs the TS and WASM engines (SIMD and scalar) on the same snapshots, on the main thread
//     and in a worker, and every result must be identical;
//   - the playground (index.html) loads its example, and its DOM must show what `schedkit schedule` prints for
//     the same input (placements, kube-scheduler's messages), a sortable score table, usage bars and the
//     layered chart; bad input must show an error naming the field. A screenshot goes to artifacts/.
// Usage: node scripts/browser/test.mjs   (CHROMIUM_PATH to choose the browser)
import { execFileSync, spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import puppeteer from "puppeteer-core";
import { checkList, stopwatch } from "../checks.mjs";
import { pnpmCommand, root } from "../packaging/pack.mjs";
import { chromiumPath } from "./chromium.mjs";

const { log, seconds } = stopwatch();
const playground = join(root, "packages/playground");
const dist = join(playground, "dist");
const artifacts = join(root, "artifacts");

const executablePath = chromiumPath({ log });
log(`${execFileSync(executablePath, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim()} (${executablePath})`);

log("vite build packages/playground");
const [pnpm, ...pnpmArgs] = pnpmCommand();
execFileSync(pnpm, [...pnpmArgs, "--filter", "@schedkit/playground", "run", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });

// What the CLI says about the playground's example: the page must show the same. (It exits 2 when some pod
// is unschedulable, as the example's are.)
const cliRun = spawnSync("node", [join(root, "packages/cli/dist/main.js"), "schedule", join(root, "packages/cli/src/commands/demo-cluster.json"), "--pod", join(playground, "src/examples/manifests.yaml"), "--json", "--explain"], {
  encoding: "utf8",
});
if (cliRun.status !== 0 && cliRun.status !== 2) throw new Error(`schedkit schedule exited ${cliRun.status}: ${cliRun.stderr}`);
const cli = JSON.parse(cliRun.stdout);

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm", ".svg": "image/svg+xml" };
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
  const file = join(dist, path === "/" ? "index.html" : path);
  if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
  createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await puppeteer.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
const checks = checkList();
const check = checks.check;

/** A page that fails the check on any console error or uncaught exception. */
async function open(path) {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console.error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(`${base}/${path}`, { waitUntil: "load" });
  return { page, problems };
}

check("engines.html: TS and WASM agree on the main thread and in a worker", async () => {
  const { page, problems } = await open("engines.html");
  await page.waitForFunction(() => "schedkitEngines" in window, { timeout: 120_000 });
  const o = await page.evaluate(() => window.schedkitEngines);
  if (o.error !== null) throw new Error(o.error);
  if (problems.length > 0) throw new Error(problems.join("\n"));
  const all = [...o.mainThread.map((a) => ({ ...a, where: "main thread" })), ...o.worker.map((a) => ({ ...a, where: "worker" }))];
  const flavors = o.simd ? ["simd", "scalar"] : ["scalar"];
  for (const where of ["main thread", "worker"]) {
    for (const f of flavors) if (!all.some((a) => a.where === where && a.flavor === f)) throw new Error(`no ${f} run on the ${where}`);
  }
  const bad = all.filter((a) => !a.same);
  if (bad.length > 0) throw new Error(bad.map((a) => `${a.where} ${a.flavor} ${a.case}: first difference at ${a.firstDifference}`).join("\n"));
  await page.close();
  return `${all.length} comparisons (${all.reduce((n, a) => n + a.pods, 0)} pod results), SIMD ${o.simd ? "validated" : "not supported"}: all identical`;
});

let page;
let pageProblems;
check("playground: the example's placements and messages are the CLI's", async () => {
  ({ page, problems: pageProblems } = await open("index.html"));
  await page.setViewport({ width: 1360, height: 900 });
  await page.waitForSelector("body[data-state]", { timeout: 120_000 });
  const state = await page.$eval("body", (b) => b.dataset.state);
  if (state !== "done") throw new Error(`state ${state}: ${await page.$eval("#error", (e) => e.textContent)}`);
  const rows = await page.$$eval("#placements tbody tr", (trs) => trs.map((tr) => ({ pod: tr.dataset.pod, cells: [...tr.children].map((td) => td.textContent) })));
  const expected = cli.results;
  if (rows.length !== expected.length) throw new Error(`${rows.length} rows, the CLI placed ${expected.length} pods`);
  expected.forEach((r, i) => {
    const row = rows[i];
    const want = r.status === "Scheduled" ? r.nodeName : r.message;
    if (row.pod !== r.pod || row.cells[3] !== want) throw new Error(`row ${i + 1}: page ${row.pod} "${row.cells[3]}", CLI ${r.pod} "${want}"`);
  });
  const chips = await page.$$eval("#summary .chip", (cs) => cs.map((c) => c.textContent));
  if (!chips.includes(`${cli.summary.scheduled}placed`) || !chips.includes(`${cli.summary.unschedulable}unschedulable`)) throw new Error(`summary: ${chips.join(" | ")}`);
  return `${rows.length} pods (${cli.summary.scheduled} placed, ${cli.summary.unschedulable} unschedulable) as the CLI places them`;
});

check("playground: a pod's node × plugin table explains filters and sorts by any column", async () => {
  const unschedulable = cli.results.find((r) => r.status !== "Scheduled");
  await page.click(`#placements tr[data-pod="${unschedulable.pod}"]`);
  const filters = await page.$$eval("#scores tbody tr", (trs) => trs.map((tr) => [tr.dataset.node, tr.querySelector("td.filter").textContent]));
  const nodes = unschedulable.explanation.nodes;
  if (filters.length !== nodes.length) throw new Error(`${filters.length} rows for ${nodes.length} nodes`);
  for (const n of nodes) {
    const shown = filters.find(([node]) => node === n.node)?.[1];
    if (!shown?.includes(n.status.plugin) || !n.status.reasons.every((reason) => shown.includes(reason))) throw new Error(`${n.node}: shows "${shown}", expected ${n.status.plugin}: ${n.status.reasons.join(", ")}`);
  }
  const scheduled = cli.results.find((r) => r.status === "Scheduled");
  await page.select("#pod", scheduled.pod);
  const headers = await page.$$eval("#scores thead th", (ths) => ths.map((th) => th.textContent.replace(/ [▾▴]$/, "")));
  const plugins = scheduled.explanation.scorePlugins.map((p) => `${p.plugin} ×${p.weight}`);
  if (JSON.stringify(headers) !== JSON.stringify(["node", ...plugins, "total", "filters"])) throw new Error(`headers ${headers.join(", ")}`);
  const totals = async () => page.$$eval("#scores tbody tr", (trs) => trs.map((tr) => [tr.dataset.node, tr.querySelector("td.total").textContent, tr.className]));
  const byTotal = await totals();
  const chosen = byTotal.find(([, , cls]) => cls === "chosen");
  if (chosen?.[0] !== scheduled.nodeName) throw new Error(`chosen row ${chosen?.[0]}, CLI chose ${scheduled.nodeName}`);
  const cliTotals = new Map(scheduled.explanation.nodes.map((n) => [n.node, n.total === null ? "–" : String(n.total)]));
  for (const [node, total] of byTotal) if (cliTotals.get(node) !== total) throw new Error(`${node}: total ${total}, CLI ${cliTotals.get(node)}`);
  const scoredTotals = byTotal.map(([, t]) => t).filter((t) => t !== "–").map(Number);
  if (scoredTotals.some((t, i) => i > 0 && t > scoredTotals[i - 1])) throw new Error(`not sorted by total descending: ${scoredTotals}`);
  await page.click('#scores th[data-key="node"]');
  const byName = (await totals()).map(([n]) => n);
  if (JSON.stringify(byName) !== JSON.stringify([...byName].sort((a, b) => a.localeCompare(b)))) throw new Error(`not sorted by node: ${byName}`);
  await page.click('#scores th[data-key="node"]');
  const byNameDesc = (await totals()).map(([n]) => n);
  if (JSON.stringify(byNameDesc) !== JSON.stringify([...byName].reverse())) throw new Error(`second click did not reverse: ${byNameDesc}`);
  await page.click('#scores th[data-key="total"]');
  return `${unschedulable.pod}: ${nodes.length} filter verdicts; ${scheduled.pod}: ${plugins.length} plugins, totals equal the CLI's, sorts by total and node`;
});

check("playground: usage bars per node and the layered chart", async () => {
  const usage = await page.$$eval("#usage .node-usage", (ns) => ns.map((n) => [n.dataset.node, [...n.querySelectorAll(".bar")].map((b) => b.querySelector(".value").textContent)]));
  if (usage.length !== cli.summary.nodes.length) throw new Error(`${usage.length} usage cards for ${cli.summary.nodes.length} nodes`);
  for (const n of cli.summary.nodes) {
    const card = usage.find(([name]) => name === n.node);
    if (card === undefined || card[1][2] !== `${n.pods} / ${n.allowedPods}`) throw new Error(`${n.node}: ${JSON.stringify(card)}`);
  }
  const vms = await page.$$eval("#layered svg g.vm", (gs) => gs.length);
  const verdict = await page.$eval("#layered .verdict", (v) => v.textContent);
  if (vms !== 16) throw new Error(`${vms} VMs in the chart, the example has 16`);
  if (verdict.length < 20) throw new Error(`verdict: ${verdict}`);
  mkdirSync(artifacts, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(artifacts, "playground.png"), fullPage: true });
  return `${usage.length} nodes, ${vms} VMs; screenshot artifacts/playground.png`;
});

check("playground: bad input shows an error naming the field", async () => {
  await page.$eval("#cluster", (t) => {
    t.value = JSON.stringify({ kind: "List", items: [{ kind: "Node", metadata: { name: "n" }, status: { allocatable: { cpu: "12x" } } }] });
  });
  await page.$eval("#manifests", (t) => {
    t.value = "";
  });
  await page.click("#run");
  const error = await page.$eval("#error", (e) => (e.hidden ? null : e.textContent));
  if (error === null || !error.includes("status.allocatable.cpu") || !error.includes('"12x"')) throw new Error(`error shown: ${error}`);
  if (pageProblems.length > 0) throw new Error(pageProblems.join("\n"));
  return error;
});

const { passed, failed } = await checks.run();
await browser.close();
server.close();
console.log(`browser: ${passed} passed, ${failed} failed in ${seconds()} s`);
process.exit(failed === 0 ? 0 : 1);
