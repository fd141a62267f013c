// The HTML report of `schedkit compare`: one self-contained file (inline CSS and SVG, no scripts, no CDN)
// with the table and charts of utilisation, pending pods and nodes in use over time, and wait times.
import type { CompareRun, SeriesPoint } from "../commands/compare-run.js";
import { shownMetrics, formatStat, type MetricStats } from "./compare.js";

const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563", "#db2777"];

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function fmtTime(s: number): string {
  if (s >= 3600) return `${(s / 3600).toFixed(s % 3600 === 0 ? 0 : 1)}h`;
  if (s >= 60) return `${(s / 60).toFixed(s % 60 === 0 ? 0 : 1)}m`;
  return `${s}s`;
}

/** Round "nice" ticks from 0 to the first one at or above `max`. */
function ticks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out = [0];
  while (out[out.length - 1]! < max) out.push(Number((out.length * step).toPrecision(12)));
  return out;
}

const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

/** Time ticks at round minutes and hours. */
function timeTicks(max: number): number[] {
  const step = TIME_STEPS.find((s) => s >= max / 8) ?? max / 8;
  const out: number[] = [];
  for (let v = 0; v <= max; v += step) out.push(v);
  return out;
}

const W = 760;
const H = 260;
const M = { l: 56, r: 16, t: 10, b: 36 };

function lineChart(title: string, yLabel: string, lines: readonly { name: string; points: readonly [number, number][] }[], yFormat: (v: number) => string): string {
  const xs = lines.flatMap((l) => l.points.map((p) => p[0]));
  const ys = lines.flatMap((l) => l.points.map((p) => p[1]));
  const xMax = Math.max(1, ...xs);
  const yTicks = ticks(Math.max(...ys, 0));
  const yMax = yTicks[yTicks.length - 1]! || 1;
  const x = (v: number) => M.l + (v / xMax) * (W - M.l - M.r);
  const y = (v: number) => H - M.b - (v / yMax) * (H - M.t - M.b);
  const parts: string[] = [];
  for (const t of yTicks) parts.push(`<line x1="${M.l}" x2="${W - M.r}" y1="${y(t)}" y2="${y(t)}" class="grid"/><text x="${M.l - 6}" y="${y(t) + 4}" text-anchor="end">${esc(yFormat(t))}</text>`);
  for (const t of timeTicks(xMax)) parts.push(`<text x="${x(t)}" y="${H - M.b + 16}" text-anchor="middle">${esc(fmtTime(t))}</text>`);
  lines.forEach((l, i) => {
    const d = l.points.map((p, j) => `${j === 0 ? "M" : "L"}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join("");
    parts.push(`<path d="${d}" fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.8"><title>${esc(l.name)}</title></path>`);
  });
  return `<figure><figcaption>${esc(title)}</figcaption><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)} (${esc(yLabel)})"><line x1="${M.l}" x2="${M.l}" y1="${M.t}" y2="${H - M.b}" class="axisline"/><line x1="${M.l}" x2="${W - M.r}" y1="${H - M.b}" y2="${H - M.b}" class="axisline"/>${parts.join("")}<text x="${W - M.r}" y="${H - 4}" text-anchor="end" class="axis">simulated time</text></svg></figure>`;
}

function barChart(title: string, labels: readonly string[], groups: readonly { name: string; values: readonly number[] }[]): string {
  const yTicks = ticks(Math.max(...groups.flatMap((g) => g.values), 0));
  const yMax = yTicks[yTicks.length - 1]! || 1;
  const slot = (W - M.l - M.r) / labels.length;
  const bw = (slot * 0.8) / Math.max(1, groups.length);
  const y = (v: number) => H - M.b - (v / yMax) * (H - M.t - M.b);
  const parts: string[] = [];
  for (const t of yTicks) parts.push(`<line x1="${M.l}" x2="${W - M.r}" y1="${y(t)}" y2="${y(t)}" class="grid"/><text x="${M.l - 6}" y="${y(t) + 4}" text-anchor="end">${t}%</text>`);
  labels.forEach((lab, k) => {
    parts.push(`<text x="${M.l + slot * (k + 0.5)}" y="${H - M.b + 16}" text-anchor="middle">${esc(lab)}</text>`);
    groups.forEach((g, i) => {
      const v = g.values[k]!;
      const x0 = M.l + slot * k + slot * 0.1 + bw * i;
      parts.push(`<rect x="${x0.toFixed(1)}" y="${y(v).toFixed(1)}" width="${bw.toFixed(1)}" height="${(H - M.b - y(v)).toFixed(1)}" fill="${COLORS[i % COLORS.length]}"><title>${esc(`${g.name}: ${v.toFixed(2)}% waited ${lab}`)}</title></rect>`);
    });
  });
  return `<figure><figcaption>${esc(title)}</figcaption><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}"><line x1="${M.l}" x2="${M.l}" y1="${M.t}" y2="${H - M.b}" class="axisline"/><line x1="${M.l}" x2="${W - M.r}" y1="${H - M.b}" y2="${H - M.b}" class="axisline"/>${parts.join("")}<text x="${W - M.r}" y="${H - 4}" text-anchor="end" class="axis">wait (seconds)</text></svg></figure>`;
}

/** Per bucket, the mean over a profile's seeds. */
function meanSeries(runs: readonly CompareRun[], pick: (p: SeriesPoint) => number): [number, number][] {
  const len = Math.min(...runs.map((r) => r.series.length));
  const out: [number, number][] = [];
  for (let i = 0; i < len; i++) out.push([runs[0]!.series[i]!.t, runs.reduce((a, r) => a + pick(r.series[i]!), 0) / runs.length]);
  return out;
}

/** What the report shows about the inputs. */
export interface CompareReportInput {
  readonly title: string;
  readonly inputs: readonly [string, string][];
  readonly names: readonly string[];
  readonly runs: readonly CompareRun[];
  readonly stats: readonly Record<string, MetricStats>[];
  readonly seeds: number;
}

export function renderCompareHtml(r: CompareReportInput): string {
  const byProfile = r.names.map((_, p) => r.runs.filter((x) => x.profile === p));
  const legend = r.names.map((n, i) => `<span class="key"><i style="background:${COLORS[i % COLORS.length]}"></i>${esc(n)}</span>`).join("");
  const head = `<tr><th>metric</th>${r.names.map((n, i) => `<th><i style="background:${COLORS[i % COLORS.length]}"></i>${esc(n)}</th>`).join("")}</tr>`;
  const body = shownMetrics(r.stats).map((m) => {
    const means = r.stats.map((s) => s[m.key]!.mean);
    const valid = means.filter((x): x is number => x !== null);
    const best = m.better === null || valid.length < 2 || Math.min(...valid) === Math.max(...valid) ? null : m.better === "lower" ? Math.min(...valid) : Math.max(...valid);
    return `<tr><td>${esc(m.label)}</td>${r.stats.map((s, i) => `<td class="${best !== null && means[i] === best ? "best" : ""}">${esc(formatStat(s[m.key]!, m.unit))}</td>`).join("")}</tr>`;
  }).join("");
  const lines = (pick: (p: SeriesPoint) => number) => byProfile.map((runs, i) => ({ name: r.names[i]!, points: meanSeries(runs, pick) }));
  const bucketLabels = (byProfile[0]?.[0]?.summary.waitDistribution ?? []).map((b, k, all) => (b.le === null ? `>${all[k - 1]?.le ?? 0}` : k === 0 ? `${b.le}` : `≤${b.le}`));
  const waitGroups = byProfile.map((runs, i) => {
    const total = runs.reduce((a, x) => a + x.summary.placed, 0);
    return { name: r.names[i]!, values: bucketLabels.map((_, k) => (total === 0 ? 0 : (100 * runs.reduce((a, x) => a + x.summary.waitDistribution[k]!.count, 0)) / total)) };
  });
  const note = r.seeds > 1 ? `mean ± 95% confidence interval over ${r.seeds} seeds (Student's t); charts show the mean of the seeds` : "one seed: no confidence interval (use --seeds)";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(r.title)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111827;max-width:820px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin:2rem 0 .5rem}
.inputs{color:#4b5563;font-size:13px}.inputs code{background:#f3f4f6;padding:0 .25rem;border-radius:3px}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{padding:.3rem .6rem;border-bottom:1px solid #e5e7eb;text-align:right;font-variant-numeric:tabular-nums}
th:first-child,td:first-child{text-align:left}td.best{font-weight:600;color:#15803d}
i{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.35em;vertical-align:-1px}
.key{margin-right:1rem}.note{color:#6b7280;font-size:12px}
figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.25rem}
svg{width:100%;height:auto;font-size:11px;fill:#374151}.grid{stroke:#f3f4f6}.axisline{stroke:#9ca3af}.axis{fill:#6b7280}
</style></head><body>
<h1>${esc(r.title)}</h1>
<div class="inputs">${r.inputs.map(([k, v]) => `${esc(k)}: <code>${esc(v)}</code>`).join(" · ")}</div>
<h2>Side by side</h2>
<table>${head}${body}</table>
<p class="note">${esc(note)}. Bold green: the better mean where lower or higher is better.</p>
<h2>Over time</h2>
<div>${legend}</div>
${lineChart("CPU allocated (requests / allocatable, schedulable nodes)", "%", lines((p) => p.cpu * 100), (v) => `${v}%`)}
${lineChart("Pending pods (most in each interval)", "pods", lines((p) => p.pending), (v) => v.toLocaleString("en-US"))}
${lineChart("Nodes in use", "nodes", lines((p) => p.nodesInUse), (v) => v.toLocaleString("en-US"))}
${r.runs.some((x) => x.series.some((p) => p.contention !== null)) ? lineChart("Effective contention of the most contended host (Σ vCPU demand / pCPUs)", "×", lines((p) => p.contention ?? 0), (v) => `${v}×`) : ""}
<h2>Time to schedule</h2>
${barChart("Share of placed pods by simulated wait", bucketLabels, waitGroups)}
<p class="note">Made by schedkit compare: kube-scheduler's decisions replayed over simulated time.</p>
</body></html>
`;
}
