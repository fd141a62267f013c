// Human output of a scheduleAll run: one line per pod (or, with --explain, a node table per pod) and
// the run summary.
import type { NodeExplanation, RunResult, ScheduleResult, Status } from "@schedkit/core";
import type { Palette } from "../io.js";
import { formatBytes, formatMilliCPU, formatTable, percent, type Align } from "../table.js";

function statusCell(r: ScheduleResult, p: Palette): string {
  if (r.status === "Scheduled") return p.green(r.status);
  if (r.status === "Unschedulable") return p.red(r.status);
  return p.yellow(r.status);
}

/** One line per pod: where it went, or kube-scheduler's FailedScheduling message. */
export function renderResultLines(run: RunResult, p: Palette): string[] {
  const rows: string[][] = [[p.bold("POD"), p.bold("STATUS"), p.bold("NODE"), p.bold("FEASIBLE"), p.bold("MESSAGE")]];
  for (const r of run.results) {
    rows.push([r.pod, statusCell(r, p), r.nodeName ?? "-", `${r.feasibleNodes}/${r.evaluatedNodes}`, r.message]);
  }
  return formatTable(rows, ["left", "left", "left", "right", "left"]);
}

/** Totals, unschedulable reasons and per-node requested vs allocatable after the run. */
export function renderSummary(run: RunResult, p: Palette): string[] {
  const s = run.summary;
  const parts = [`${s.scheduled} of ${s.pods} pod${s.pods === 1 ? "" : "s"} scheduled`];
  if (s.unschedulable > 0) parts.push(p.red(`${s.unschedulable} unschedulable`));
  if (s.errors > 0) parts.push(p.yellow(`${s.errors} error${s.errors === 1 ? "" : "s"}`));
  if (s.skipped > 0) parts.push(`${s.skipped} left to other schedulers`);
  const out = ["", `${parts.join(", ")}.`];
  if (s.unschedulableByReason.length > 0) {
    out.push("", "Unschedulable pods by reason (a pod counts once per reason some node gave):");
    for (const line of formatTable(s.unschedulableByReason.map((r) => [String(r.pods), r.reason]), ["right", "left"], "  ")) out.push(line);
  }
  if (s.nodes.length > 0) {
    out.push("");
    const rows: string[][] = [["NODE", "PODS", "CPU REQUESTED", "", "MEMORY REQUESTED", ""].map((h) => p.bold(h))];
    for (const n of s.nodes) {
      rows.push([
        n.node,
        `${n.pods}/${n.allowedPods}`,
        `${formatMilliCPU(n.requestedMilliCPU)}/${formatMilliCPU(n.allocatableMilliCPU)}`,
        percent(n.requestedMilliCPU, n.allocatableMilliCPU),
        `${formatBytes(n.requestedMemory)}/${formatBytes(n.allocatableMemory)}`,
        percent(n.requestedMemory, n.allocatableMemory),
      ]);
    }
    // Never push(...rows): spreading 125,000+ rows overflows the call stack.
    for (const line of formatTable(rows, ["left", "right", "right", "right", "right", "right"])) out.push(line);
  }
  return out;
}

// Short column headers for score plugins: the capitals of the upstream name (NodeResourcesFit → NRF),
// numbered on a collision; a legend line gives the full names and weights.
function abbreviations(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const caps = n.replace(/[^A-Z]/g, "") || n.slice(0, 3);
    const k = (seen.get(caps) ?? 0) + 1;
    seen.set(caps, k);
    return k === 1 ? caps : `${caps}${k}`;
  });
}

function formatAmount(resource: string, v: number): string {
  if (resource === "cpu") return formatMilliCPU(v);
  if (resource === "memory" || resource === "ephemeral-storage" || resource.startsWith("hugepages-")) return formatBytes(v);
  return String(v);
}

/** A failing filter's status as "Plugin: reasons", with NodeResourcesFit's amounts. */
function filterText(s: Status): string {
  const who = s.plugin === "" ? "" : `${s.plugin}: `;
  if (s.insufficientResources !== undefined && s.insufficientResources.length > 0) {
    const parts = s.insufficientResources.map((r) => {
      const f = (v: number) => formatAmount(r.resourceName, v);
      return `${r.reason} (requests ${f(r.requested)}, ${f(r.used)} of ${f(r.capacity)} in use)`;
    });
    return who + parts.join(", ");
  }
  return who + s.reasons.join(", ");
}

function scoreCell(raw: number, normalized: number): string {
  return raw === normalized ? String(normalized) : `${raw}→${normalized}`;
}

/** The per-pod explanation: header, PreFilter/PreScore/PostFilter notes and the node table. */
export function renderExplanation(r: ScheduleResult, totalNodes: number, p: Palette): string[] {
  const examined = r.evaluatedNodes < totalNodes ? ` of ${totalNodes}` : "";
  const counts = `${r.feasibleNodes} feasible of ${r.evaluatedNodes} evaluated${examined}`;
  const out: string[] = [];
  if (r.status === "Scheduled") out.push(`${p.bold(r.pod)} → ${p.green(r.nodeName ?? "")}  (${counts})`);
  else {
    out.push(`${p.bold(r.pod)}  ${statusCell(r, p)}  (${counts})`);
    out.push(`  ${r.message}`);
  }
  const e = r.explanation;
  if (e === null) return out;
  for (const pf of e.preFilter) {
    if (pf.status.code !== "Success" && pf.status.code !== "Skip") out.push(`  PreFilter ${filterText(pf.status)}`);
    else if (pf.nodeNames !== null) out.push(`  PreFilter ${pf.plugin} limits the nodes to: ${pf.nodeNames.join(", ") || "(none)"}`);
  }
  const skipped = e.preScore.filter((s) => s.status.code === "Skip").map((s) => s.plugin);
  if (skipped.length > 0) out.push(`  PreScore skipped (nothing to score): ${skipped.join(", ")}`);
  for (const pf of e.postFilter) out.push(`  PostFilter ${pf.plugin}: ${pf.message}`);
  if (e.preemptionCandidates.length > 0) out.push(`  Preemption would make room on: ${e.preemptionCandidates.join(", ")}`);

  const plugins = e.scorePlugins;
  const abbr = abbreviations(plugins.map((s) => s.plugin));
  const scored = e.nodes.filter((n) => n.total !== null).sort((a, b) => b.total! - a.total!);
  if (plugins.length > 0 && scored.length > 0) {
    out.push(`  Scores (raw→normalized; TOTAL = Σ normalized × weight): ${plugins.map((s, i) => `${abbr[i]}=${s.plugin}×${s.weight}`).join(" ")}`);
  }
  const feasibleUnscored = e.nodes.filter((n) => n.total === null && n.status.code === "Success");
  const rejected = e.nodes.filter((n) => n.status.code !== "Success");
  // Score columns only when some node was scored (not for a pod no node could take).
  const scoreCols = scored.length > 0 ? plugins : [];
  const header = ["NODE", ...(scored.length > 0 ? [...abbr, "TOTAL"] : []), "RESULT"].map((h) => p.bold(h));
  const rows: string[][] = [header];
  const top = new Set(e.topNodes);
  const row = (n: NodeExplanation, result: string): string[] => {
    if (scoreCols.length === 0) return [n.node, result];
    const cells = scoreCols.map((sp) => {
      const s = n.scores.find((x) => x.plugin === sp.plugin);
      return s === undefined ? "" : scoreCell(s.raw, s.normalized);
    });
    return [n.node, ...cells, n.total === null ? "" : String(n.total), result];
  };
  for (const n of scored) {
    const result = n.node === r.nodeName ? p.green("chosen") : top.has(n.node) ? "tied for top score" : "";
    rows.push(row(n, result));
  }
  // Upstream skips scoring when a single node is feasible (schedule_one.go schedulePod).
  const unscoredChosen = r.feasibleNodes === 1 ? "chosen (the only feasible node; not scored)" : "chosen";
  for (const n of feasibleUnscored) rows.push(row(n, n.node === r.nodeName ? p.green(unscoredChosen) : "feasible, not scored"));
  for (const n of rejected) rows.push(row(n, p.dim(filterText(n.status))));
  const align: Align[] = scoreCols.length === 0 ? ["left", "left"] : ["left", ...scoreCols.map((): Align => "right"), "right", "left"];
  if (rows.length > 1) for (const line of formatTable(rows, align, "  ")) out.push(line);
  return out;
}
