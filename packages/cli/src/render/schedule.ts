// Human output of a scheduleAll run: one line per pod (or, with --explain, a node table per pod) and
// the run summary.
import type { NodeExplanation, RunResult, ScheduleResult, Status } from "@schedkit/core";
import type { FragmentationReport } from "@schedkit/core/analysis";
import type { Palette } from "../io.js";
import { bytesUnit, formatBytes, formatBytesIn, formatMilliCPU, formatTable, percent, type Align } from "../table.js";

function statusCell(r: ScheduleResult, p: Palette): string {
  if (r.status === "Scheduled") return p.green(r.status);
  if (r.status === "Unschedulable") return p.red(r.status);
  return p.yellow(r.status);
}

/** One line per pod: where it went, or kube-scheduler's FailedScheduling message. */
export function renderResultLines(run: RunResult, p: Palette): string[] {
  const rows: string[][] = [[p.bold("POD"), p.bold("STATUS"), p.bold("NODE"), p.bold("FEASIBLE"), p.bold("MESSAGE")]];
  for (const r of run.results) {
    const node = r.nodeName ?? (r.nomination === undefined ? "-" : `(nominated: ${r.nomination.node})`);
    rows.push([r.pod, statusCell(r, p), node, `${r.feasibleNodes}/${r.evaluatedNodes}`, r.message]);
  }
  const out = formatTable(rows, ["left", "left", "left", "right", "left"]);
  const carried = run.results.filter((r) => r.nomination?.evicted === true);
  if (carried.length > 0) {
    out.push("", "Preemptions carried out: the pods each preemptor evicted, and where it landed:");
    for (const r of carried) {
      const landed = r.nodeName === null ? `still ${r.status}, nominated to ${r.nomination!.node}` : `scheduled on ${r.nodeName}`;
      out.push(`  ${r.pod} evicted ${r.nomination!.victims.join(", ")} on ${r.nomination!.node}; ${landed}`);
    }
  }
  const dry = run.results.filter((r) => r.nomination?.evicted === false);
  if (dry.length > 0) {
    out.push("", "Preemption (dry run: nothing is evicted): the node each pod was nominated to and the pods it would evict there:");
    for (const r of dry) out.push(`  ${r.pod} → ${r.nomination!.node}: evicts ${r.nomination!.victims.join(", ")}`);
  }
  return out;
}

/** Totals, unschedulable reasons and per-node requested vs allocatable after the run. */
export function renderSummary(run: RunResult, p: Palette, frag?: FragmentationReport): string[] {
  const s = run.summary;
  const parts = [`${s.scheduled} of ${s.pods} pod${s.pods === 1 ? "" : "s"} scheduled`];
  if (s.unschedulable > 0) parts.push(p.red(`${s.unschedulable} unschedulable`));
  if (s.errors > 0) parts.push(p.yellow(`${s.errors} error${s.errors === 1 ? "" : "s"}`));
  if (s.skipped > 0) parts.push(`${s.skipped} left to other schedulers`);
  if (s.gated > 0) parts.push(`${s.gated} held back by scheduling gates`);
  if (s.preemptions > 0) parts.push(`${s.preemptions} preemption${s.preemptions === 1 ? "" : "s"} evicted ${s.evictions} pod${s.evictions === 1 ? "" : "s"}`);
  const out = ["", `${parts.join(", ")}.`];
  if (s.unschedulableByReason.length > 0) {
    out.push("", "Unschedulable pods by reason (a pod counts once per reason some node gave):");
    for (const line of formatTable(s.unschedulableByReason.map((r) => [String(r.pods), r.reason]), ["right", "left"], "  ")) out.push(line);
  }
  if (s.nodes.length > 0) {
    out.push("");
    // One memory unit per column, so the column reads down; extended resources (GPUs, ...) when any node has one.
    const memUnit = bytesUnit(s.nodes.map((n) => n.allocatableMemory));
    const freeUnit = bytesUnit(frag?.nodes.map((f) => f.freeMemory) ?? []);
    const hasExtended = s.nodes.some((n) => n.extended.length > 0);
    const fragCols = frag === undefined ? [] : ["FREE CPU", "FREE MEMORY", "CPU LIMITS", "LARGEST PENDING SHAPE THAT FITS"];
    const header = ["NODE", "PODS", "CPU REQUESTED", "", "MEMORY REQUESTED", "", ...(hasExtended ? ["EXTENDED"] : []), ...fragCols];
    const rows: string[][] = [header.map((h) => p.bold(h))];
    s.nodes.forEach((n, i) => {
      const f = frag?.nodes[i];
      rows.push([
        n.node,
        `${n.pods}/${n.allowedPods}`,
        `${formatMilliCPU(n.requestedMilliCPU)}/${formatMilliCPU(n.allocatableMilliCPU)}`,
        percent(n.requestedMilliCPU, n.allocatableMilliCPU),
        `${formatBytesIn(n.requestedMemory, memUnit)}/${formatBytesIn(n.allocatableMemory, memUnit)}`,
        percent(n.requestedMemory, n.allocatableMemory),
        ...(hasExtended ? [n.extended.map((x) => `${x.resource} ${formatAmount(x.resource, x.requested)}/${formatAmount(x.resource, x.allocatable)}`).join(", ") || "-"] : []),
        ...(f === undefined ? [] : [formatMilliCPU(f.freeMilliCPU), formatBytesIn(f.freeMemory, freeUnit), `${Math.round(f.cpuLimitRatio * 100)}%${f.podsWithoutCpuLimit > 0 ? ` +${f.podsWithoutCpuLimit} unlimited` : ""}`, f.largestFit ?? p.dim("none")]),
      ]);
    });
    const align: Align[] = ["left", "right", "right", "right", "right", "right", ...(hasExtended ? ["left" as Align] : []), ...fragCols.map((_, i): Align => (i < 3 ? "right" : "left"))];
    // Never push(...rows): spreading 125,000+ rows overflows the call stack.
    for (const line of formatTable(rows, align)) out.push(line);
    if (frag !== undefined) out.push(...renderFragmentation(frag, p));
  }
  return out;
}

/** The cluster-wide lines of the fragmentation view. */
function renderFragmentation(f: FragmentationReport, p: Palette): string[] {
  const out = ["", `Free by requests: ${formatMilliCPU(f.freeMilliCPU)} CPU, ${formatBytes(f.freeMemory)} memory.`];
  if (f.strandedMilliCPU > 0 || f.strandedMemory > 0) {
    out.push(`Stranded (free, but no pending shape fits on its node): ${p.yellow(`${formatMilliCPU(f.strandedMilliCPU)} CPU, ${formatBytes(f.strandedMemory)} memory`)}.`);
  }
  if (f.fullButOvercommitted.length > 0) {
    const list = f.fullButOvercommitted.slice(0, 6).map((n) => `${n.node} ${Math.round(n.cpuLimitRatio * 100)}%`);
    const more = f.fullButOvercommitted.length - list.length;
    out.push(
      `Full by requests, yet CPU limits over allocatable (they contend when pods burst): ${p.yellow(String(f.fullButOvercommitted.length))} node${f.fullButOvercommitted.length === 1 ? "" : "s"} (${list.join(", ")}${more > 0 ? `, … ${more} more` : ""}).`,
    );
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

/**
 * The per-pod explanation: header, PreFilter/PreScore/PostFilter notes and the node table. `separate` gives
 * each score plugin three columns (raw, normalized, weighted = normalized × weight) instead of raw→normalized.
 */
export function renderExplanation(r: ScheduleResult, totalNodes: number, p: Palette, separate = false): string[] {
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
  // A status without reasons (DynamicResources' PostFilter for a pod without claims, from v1.37) shows its code.
  for (const pf of e.postFilter) out.push(`  PostFilter ${pf.plugin}: ${pf.message === "" ? pf.code : pf.message}`);
  if (e.preemptionCandidates.length > 0) out.push(`  Preemption would make room on: ${e.preemptionCandidates.join(", ")}`);
  if (e.nomination !== null) {
    const ties = e.nomination.ties.filter((t) => t !== e.nomination!.node);
    const evicts = r.nomination?.evicted === true ? "preemption evicted" : "preemption would evict";
    out.push(`  Nominated to ${p.yellow(e.nomination.node)}; ${evicts}: ${e.nomination.victims.join(", ")}${ties.length > 0 ? ` (tied with ${ties.join(", ")}; upstream's pick among ties is Go map order)` : ""}`);
  } else if (r.nomination?.evicted === true) {
    // scheduleAll's retry of a preemptor: its earlier cycles evicted the victims, this cycle is the retry.
    out.push(`  Retried after its preemption on ${p.yellow(r.nomination.node)} evicted: ${r.nomination.victims.join(", ")}`);
  }

  const plugins = e.scorePlugins;
  const abbr = abbreviations(plugins.map((s) => s.plugin));
  const scored = e.nodes.filter((n) => n.total !== null).sort((a, b) => b.total! - a.total!);
  if (plugins.length > 0 && scored.length > 0) {
    const how = separate ? "raw, normalized (NormalizeScore), weighted = normalized × weight; TOTAL = Σ weighted; highest first" : "raw→normalized; TOTAL = Σ normalized × weight";
    out.push(`  Scores (${how}): ${plugins.map((s, i) => `${abbr[i]}=${s.plugin}×${s.weight}`).join(" ")}`);
  }
  const feasibleUnscored = e.nodes.filter((n) => n.total === null && n.status.code === "Success");
  const rejected = e.nodes.filter((n) => n.status.code !== "Success");
  // Score columns only when some node was scored (not for a pod no node could take).
  const scoreCols = scored.length > 0 ? plugins : [];
  const header = ["NODE", ...(scored.length > 0 ? (separate ? plugins.flatMap((s, i) => [`${abbr[i]}×${s.weight}`, "", ""]) : abbr) : []), ...(scored.length > 0 ? ["TOTAL"] : []), "RESULT"].map((h) => p.bold(h));
  const rows: string[][] = [header];
  if (separate && scored.length > 0) rows.push(["", ...plugins.flatMap(() => ["raw", "norm", "wtd"]), "", ""].map((h) => p.dim(h)));
  const top = new Set(e.topNodes);
  const row = (n: NodeExplanation, result: string): string[] => {
    if (scoreCols.length === 0) return [n.node, result];
    const cells = scoreCols.flatMap((sp) => {
      const s = n.scores.find((x) => x.plugin === sp.plugin);
      if (separate) return s === undefined ? ["", "", ""] : [String(s.raw), String(s.normalized), String(s.weighted)];
      return [s === undefined ? "" : scoreCell(s.raw, s.normalized)];
    });
    return [n.node, ...cells, n.total === null ? "" : String(n.total), result];
  };
  const sameTotal = new Map<number, number>();
  for (const n of scored) sameTotal.set(n.total!, (sameTotal.get(n.total!) ?? 0) + 1);
  for (const n of scored) {
    let result = n.node === r.nodeName ? p.green("chosen") : top.has(n.node) ? "tied for top score" : "";
    if (separate) {
      // Every tie is flagged: the top one (the seeded tie-break picked among those nodes) and the others.
      const k = sameTotal.get(n.total!)!;
      if (n.node === r.nodeName && top.size > 1) result = p.green(`chosen among ${top.size} tied for top score`);
      else if (!top.has(n.node) && k > 1) result = `tied (${k} nodes at ${n.total})`;
    }
    rows.push(row(n, result));
  }
  // Upstream skips scoring when a single node is feasible (schedule_one.go schedulePod).
  const unscoredChosen = r.feasibleNodes === 1 ? "chosen (the only feasible node; not scored)" : "chosen";
  for (const n of feasibleUnscored) rows.push(row(n, n.node === r.nodeName ? p.green(unscoredChosen) : "feasible, not scored"));
  for (const n of rejected) rows.push(row(n, p.dim(filterText(n.status))));
  const align: Align[] = scoreCols.length === 0 ? ["left", "left"] : ["left", ...scoreCols.flatMap((): Align[] => (separate ? ["right", "right", "right"] : ["right"])), "right", "left"];
  if (rows.length > 1) for (const line of formatTable(rows, align, "  ")) out.push(line);
  return out;
}
