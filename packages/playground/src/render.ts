// DOM rendering of the results: tables, bars and the layered chart (plain DOM and inline SVG).
import type { NodeUsage, RunResult, ScheduleResult } from "@schedkit/core";
import type { LayeredReport } from "@schedkit/core/overcommit";
import { sortRows, type ScoreTable, type SortKey } from "./model.js";

type Attrs = Record<string, string | number | boolean | undefined>;

/** An element with attributes and children (strings become text nodes). */
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== false) el.setAttribute(k, v === true ? "" : String(v));
  for (const c of children) if (c !== null) el.append(c);
  return el;
}

const SVG = "http://www.w3.org/2000/svg";
function s(tag: string, attrs: Attrs = {}, text?: string): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The run's counts. */
export function renderSummary(target: HTMLElement, run: RunResult, nodes: number, engine: string, ms: number): void {
  const { summary } = run;
  const chip = (n: number | string, label: string, cls = "") => h("div", { class: `chip ${cls}` }, h("b", {}, String(n)), label);
  target.replaceChildren(
    chip(nodes, "nodes"),
    chip(summary.pods, "pending pods"),
    chip(summary.scheduled, "placed", "ok"),
    chip(summary.unschedulable, "unschedulable", summary.unschedulable > 0 ? "bad" : ""),
    ...(summary.errors > 0 ? [chip(summary.errors, "errors", "bad")] : []),
    chip(`${ms.toFixed(1)} ms`, engine),
  );
}

/** One row per pod in queue order: where it went, or kube-scheduler's FailedScheduling message. */
export function renderPlacements(table: HTMLTableElement, results: readonly ScheduleResult[], onSelect: (pod: string) => void): void {
  const head = h("thead", {}, h("tr", {}, h("th", {}, "#"), h("th", {}, "pod"), h("th", {}, "result"), h("th", {}, "node / message"), h("th", {}, "feasible")));
  const body = h("tbody");
  results.forEach((r, i) => {
    const ok = r.status === "Scheduled";
    const row = h(
      "tr",
      { class: ok ? "scheduled" : "unschedulable", "data-pod": r.pod, tabindex: 0, title: "show this pod's scores" },
      h("td", { class: "num" }, String(i + 1)),
      h("td", { class: "pod" }, r.pod),
      h("td", {}, h("span", { class: `status ${ok ? "ok" : "bad"}` }, ok ? "✓ scheduled" : `✗ ${r.status.toLowerCase()}`)),
      h("td", { class: ok ? "node" : "message" }, ok ? (r.nodeName ?? "") : r.message),
      h("td", { class: "num" }, `${r.feasibleNodes}/${r.evaluatedNodes}`),
    );
    row.addEventListener("click", () => onSelect(r.pod));
    row.addEventListener("keydown", (e) => {
      if (e.key === "Enter") onSelect(r.pod);
    });
    body.append(row);
  });
  table.replaceChildren(head, body);
}

/** The node × plugin table, sortable by any column. */
export function renderScores(table: HTMLTableElement, t: ScoreTable, sort: { key: SortKey; descending: boolean }, onSort: (key: SortKey) => void): void {
  const th = (label: string, key: SortKey, title?: string) => {
    const active = sort.key === key;
    const el = h("th", { class: "sortable", "aria-sort": active ? (sort.descending ? "descending" : "ascending") : "none", title, "data-key": String(key) }, label, active ? (sort.descending ? " ▾" : " ▴") : "");
    el.addEventListener("click", () => onSort(key));
    return el;
  };
  const head = h("thead", {}, h("tr", {}, th("node", "node"), ...t.plugins.map((p, i) => th(`${p.plugin} ×${p.weight}`, i, `${p.plugin}, weight ${p.weight}`)), th("total", "total"), th("filters", "filter")));
  const max = Math.max(1, ...t.rows.map((r) => r.total ?? 0));
  const body = h("tbody");
  for (const r of sortRows(t.rows, sort.key, sort.descending)) {
    const cls = r.chosen ? "chosen" : r.filteredBy !== "" ? "filtered" : r.top ? "top" : "";
    body.append(
      h(
        "tr",
        { class: cls, "data-node": r.node },
        h("td", { class: "node" }, r.node, r.chosen ? h("span", { class: "tag" }, "chosen") : r.top ? h("span", { class: "tag soft" }, "top") : null),
        ...r.scores.map((v) => h("td", { class: "num" }, v === null ? "–" : String(v))),
        h("td", { class: "num total" }, r.total === null ? "–" : h("span", { class: "spark", style: `--w:${((r.total / max) * 100).toFixed(1)}%` }, String(r.total))),
        h("td", { class: "filter" }, r.filteredBy === "" ? h("span", { class: "status ok" }, "passes") : h("span", { class: "status bad" }, `✗ ${r.filteredBy}`)),
      ),
    );
  }
  table.replaceChildren(head, body);
}

const GiB = 1024 ** 3;
const pct = (a: number, b: number) => (b > 0 ? Math.min(100, (a / b) * 100) : a > 0 ? 100 : 0);

/** Requested / allocatable bars per node (cpu, memory, pods) after the run. */
export function renderUsage(target: HTMLElement, nodes: readonly NodeUsage[]): void {
  const bar = (label: string, used: number, total: number, text: string) => {
    const p = pct(used, total);
    return h(
      "div",
      { class: "bar", title: `${label}: ${text} (${p.toFixed(0)} %)` },
      h("span", { class: "label" }, label),
      h("span", { class: `track ${p >= 90 ? "hot" : p >= 70 ? "warm" : ""}` }, h("span", { class: "fill", style: `width:${p.toFixed(1)}%` })),
      h("span", { class: "value" }, text),
    );
  };
  target.replaceChildren(
    ...nodes.map((n) =>
      h(
        "div",
        { class: "node-usage", "data-node": n.node },
        h("h3", {}, n.node),
        bar("cpu", n.requestedMilliCPU, n.allocatableMilliCPU, `${(n.requestedMilliCPU / 1000).toFixed(2)} / ${(n.allocatableMilliCPU / 1000).toFixed(2)}`),
        bar("memory", n.requestedMemory, n.allocatableMemory, `${(n.requestedMemory / GiB).toFixed(1)} / ${(n.allocatableMemory / GiB).toFixed(1)} GiB`),
        bar("pods", n.pods, n.allowedPods, `${n.pods} / ${n.allowedPods}`),
      ),
    ),
  );
}

/**
 * Per VM: the physical CPU it obtains, the steal (vCPU demand it does not get), and a mark at what its pods
 * requested (what the kube-scheduler counted as placed). Then the report's findings and verdict.
 */
export function renderLayered(target: HTMLElement, report: LayeredReport | null): void {
  if (report === null) {
    target.replaceChildren(h("p", { class: "hint" }, "No inventory: paste a LayeredInventory above to see what each VM and pod really gets."));
    return;
  }
  const vms = report.hosts.flatMap((host) => host.vms.map((vm) => ({ host, vm, requests: (vm.node?.requestsMilli ?? 0) / 1000 })));
  const scale = Math.max(1, ...vms.map(({ vm, requests }) => Math.max(vm.vcpuDemandCpus, vm.vcpus, requests)));
  const rowH = 22;
  const left = 190;
  const width = 760;
  const plot = width - left - 90;
  const svg = s("svg", { viewBox: `0 0 ${width} ${vms.length * rowH + 40}`, class: "layered-chart", role: "img", "aria-label": "CPU obtained and stolen per VM" });
  const x = (cpus: number) => left + (cpus / scale) * plot;
  for (let t = 0; t <= scale; t += Math.max(1, Math.ceil(scale / 8))) {
    svg.append(s("line", { x1: x(t), x2: x(t), y1: 0, y2: vms.length * rowH, class: "grid" }));
    svg.append(s("text", { x: x(t), y: vms.length * rowH + 14, class: "tick" }, `${t}`));
  }
  svg.append(s("text", { x: left + plot / 2, y: vms.length * rowH + 32, class: "axis" }, "CPUs"));
  vms.forEach(({ host, vm, requests }, i) => {
    const y = i * rowH;
    const g = s("g", { class: "vm", "data-vm": vm.name });
    g.append(s("title", {}, `${host.name} / ${vm.name}: obtains ${vm.allocCpus.toFixed(2)} of ${vm.vcpuDemandCpus.toFixed(2)} CPUs it wants (steal ${(vm.stealFraction * 100).toFixed(0)} %); pods requested ${requests.toFixed(2)}`));
    g.append(s("text", { x: left - 8, y: y + 15, class: "name" }, vm.name));
    g.append(s("rect", { x: left, y: y + 4, width: x(vm.allocCpus) - left, height: rowH - 8, class: "alloc" }));
    g.append(s("rect", { x: x(vm.allocCpus), y: y + 4, width: Math.max(0, x(vm.vcpuDemandCpus) - x(vm.allocCpus)), height: rowH - 8, class: "steal" }));
    if (vm.node !== null) g.append(s("line", { x1: x(requests), x2: x(requests), y1: y + 1, y2: y + rowH - 1, class: "requests" }));
    g.append(s("text", { x: x(Math.max(vm.vcpuDemandCpus, requests)) + 6, y: y + 15, class: "value" }, vm.stealFraction > 0 ? `${(vm.stealFraction * 100).toFixed(0)} % steal` : ""));
    svg.append(g);
  });
  const legend = h(
    "p",
    { class: "legend" },
    h("span", { class: "key alloc" }),
    "physical CPU obtained ",
    h("span", { class: "key steal" }),
    "steal: wanted, not obtained ",
    h("span", { class: "key requests" }),
    "Σ pod CPU requests (what the scheduler counted)",
  );
  const findings = h("ul", { class: "findings" }, ...report.findings.slice(0, 8).map((f) => h("li", { class: f.kind }, f.message)));
  const more = report.findings.length > 8 ? h("p", { class: "hint" }, `… and ${report.findings.length - 8} more findings.`) : null;
  target.replaceChildren(legend, svg, h("p", { class: "verdict" }, report.verdict), findings, ...(more ? [more] : []));
}
