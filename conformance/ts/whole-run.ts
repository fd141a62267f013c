// The comparison of a whole run (schedkit's scheduleAll against the oracle's whole-dump mode, `oracle -run`),
// shared by run-dump.test.ts (realistic dumps) and run-generated.test.ts (generated scenarios).
import type { RunOutput, RunResult } from "@schedkit/core";
import type { OraclePodResult } from "./oracle.js";

/** The oracle's whole-dump answer (conformance/run.go RunOutput). */
export interface OracleRun {
  readonly kubernetesVersion: string;
  readonly error?: string;
  readonly results: readonly (OraclePodResult & { readonly preemptedOn?: string; readonly cycle?: number })[];
  readonly evictions: readonly { readonly pod: string; readonly node: string; readonly preemptor: string }[];
  readonly skipped: readonly string[];
  readonly gated: readonly { readonly pod: string; readonly plugin: string; readonly message: string }[];
  readonly bindings: readonly { readonly pod: string; readonly node: string; readonly cycle: number }[];
  readonly cycles: number;
}

/** A request of the oracle's whole-dump stream (`oracle -run -`, conformance/run.go RunRequest). */
export interface OracleRunRequest {
  readonly list: object;
  readonly prefer: Readonly<Record<string, string>>;
  readonly preferPreemption: Readonly<Record<string, readonly string[]>>;
  readonly profile?: object;
}

/** What a whole-run test drives: Scheduler, or @schedkit/asm's WasmScheduler. */
export interface RunScheduler {
  scheduleAll(pods?: undefined, options?: RunOutput): RunResult;
  readonly preemptionLog: PreemptionLog;
  dispose?(): void;
}

/** The preemptions a scheduler carried out, in order (Scheduler.preemptionLog, internal). */
export type PreemptionLog = readonly { readonly preemptor: { readonly pod: { readonly namespace: string; readonly name: string } }; readonly node: string }[];

/**
 * The oracle's request for `list`, with schedkit's run as its tie choices: each placed pod's node (taken when it
 * is among upstream's top-scoring nodes) and each preemptor's nodes, in the order it preempted on them (taken
 * when among upstream's equally ranked candidates: conformance/preempt.go). The preemptions come from the
 * scheduler's log, which also has those that deleted nothing (every victim terminating already).
 */
export function oracleRequest(list: object, mine: RunResult, log: PreemptionLog, profile?: object): OracleRunRequest {
  const prefer = Object.fromEntries(mine.results.filter((r) => r.nodeName !== null).map((r) => [r.pod, r.nodeName!]));
  const preferPreemption: Record<string, string[]> = {};
  for (const c of log) (preferPreemption[`${c.preemptor.pod.namespace}/${c.preemptor.pod.name}`] ??= []).push(c.node);
  return { list, prefer, preferPreemption, ...(profile === undefined ? {} : { profile }) };
}

const sorted = (xs: readonly string[]) => [...xs].sort();
const evictionKey = (e: { pod: string; node: string; preemptor: string }) => `${e.pod} on ${e.node} by ${e.preemptor}`;

/** Every difference between schedkit's run and the oracle's, described; empty when they agree. */
export function differences(mine: RunResult, theirs: OracleRun): string[] {
  const out: string[] = [];
  if (theirs.error !== undefined) return [`oracle error: ${theirs.error}`];
  if (mine.results.length !== theirs.results.length) out.push(`${mine.results.length} results, upstream ${theirs.results.length}`);
  mine.results.forEach((r, i) => {
    const o = theirs.results[i];
    if (o === undefined) return;
    const at = `${r.pod} (queue ${i})`;
    if (o.pod !== r.pod) return out.push(`${at}: upstream's queue has ${o.pod} there`);
    if (o.status !== r.status) out.push(`${at}: ${r.status}, upstream ${o.status} (${o.message ?? o.error ?? ""})`);
    // The cycle of the pod's last attempt: the queue's order of pops, retries included.
    if (r.cycle !== o.cycle) out.push(`${at}: last attempted in cycle ${r.cycle ?? "-"}, upstream in cycle ${o.cycle ?? "-"}`);
    if (r.status === "Scheduled") {
      if (!o.topNodes.includes(r.nodeName!)) out.push(`${at}: on ${r.nodeName}, not among upstream's top nodes ${o.topNodes.join(", ")}`);
      const mineTop = r.explanation?.topNodes;
      // Without Score plugins upstream takes the first feasible node its (parallel) search finds: any of them.
      const noScoring = Object.keys(o.weights).length === 0 && Object.values(o.totals).every((t) => t === 1);
      if (mineTop !== undefined && !noScoring && o.nominatedNodeFastPath !== true && sorted(mineTop).join() !== sorted(o.topNodes).join()) {
        out.push(`${at}: top nodes ${sorted(mineTop).join(", ")}, upstream ${sorted(o.topNodes).join(", ")}`);
      }
    } else if (r.status === "Error") {
      if (r.message !== (o.error ?? "")) out.push(`${at}: error ${JSON.stringify(r.message)}, upstream ${JSON.stringify(o.error)}`);
    } else if (r.message !== (o.message ?? "")) out.push(`${at}: message ${JSON.stringify(r.message)}, upstream ${JSON.stringify(o.message)}`);
    const evicted = r.nomination?.evicted === true ? r.nomination : undefined;
    if (sorted(evicted?.victims ?? []).join() !== sorted(o.victims ?? []).join()) {
      out.push(`${at}: evicted [${(evicted?.victims ?? []).join(", ")}], upstream [${(o.victims ?? []).join(", ")}]`);
    }
    if ((evicted?.node ?? "") !== (o.preemptedOn ?? "")) out.push(`${at}: preempted on ${evicted?.node ?? "-"}, upstream ${o.preemptedOn ?? "-"}`);
  });
  // In the order the preemptions deleted them.
  const mineEv = mine.evictions.map(evictionKey).join("; ");
  const theirEv = theirs.evictions.map(evictionKey).join("; ");
  if (mineEv !== theirEv) out.push(`evictions: ${mineEv}; upstream ${theirEv}`);
  // The binding order: the scheduled pods by the cycle that placed them, against the oracle's bindings as its
  // cycles made them. Ties among top nodes leave nothing free here: the oracle takes schedkit's node (prefer),
  // so both runs stay on one path and the order must be the same.
  const bound = mine.results.filter((r) => r.nodeName !== null).sort((a, b) => a.cycle! - b.cycle!);
  const mineBound = bound.map((r) => `${r.pod}@${r.cycle}`).join(", ");
  const theirBound = theirs.bindings.map((b) => `${b.pod}@${b.cycle}`).join(", ");
  if (mineBound !== theirBound) out.push(`binding order: ${mineBound}; upstream ${theirBound}`);
  // Every attempt upstream's queue made (first attempts and the retries its events and backoff allowed).
  if (mine.summary.cycles !== theirs.cycles) out.push(`${mine.summary.cycles} scheduling cycles, upstream ${theirs.cycles}`);
  const gatedKey = (g: { pod: string; plugin: string; message: string }) => `${g.pod} (${g.plugin}: ${g.message})`;
  if (sorted(mine.gated.map(gatedKey)).join() !== sorted(theirs.gated.map(gatedKey)).join()) out.push(`gated ${mine.gated.map(gatedKey).join(", ")}, upstream ${theirs.gated.map(gatedKey).join(", ")}`);
  if (sorted(mine.skipped.map((s) => s.pod)).join() !== sorted(theirs.skipped).join()) out.push(`skipped ${mine.skipped.map((s) => s.pod).join(", ")}, upstream ${theirs.skipped.join(", ")}`);
  return out;
}

