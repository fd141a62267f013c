// What the page shows, computed from the pasted text: no DOM here, so it runs in Node tests too.
import { SchedkitError, createCluster, type Cluster, type Engine, type RunResult, type ScheduleResult } from "@schedkit/core";
// The CLI's reading of cluster documents and --pod manifests (Deployments expand to replicas), shared so the
// page and `schedkit schedule cluster.json --pod web.yaml` place the same pods.
import { addPodDocuments, clusterInput, locateError } from "../../cli/src/cluster-input.js";
import { parseDocuments as parse, type SourceDoc } from "../../cli/src/documents.js";
import { CliError } from "../../cli/src/errors.js";

/** An input the page cannot use, said the way the CLI says it (document and field). */
export class InputError extends Error {}

/**
 * JSON (a `kubectl get -o json` dump) or YAML with any number of `---` documents, read as the CLI reads its
 * files; a syntax error names the document and the line.
 */
export function parseDocuments(text: string, label: string): SourceDoc[] {
  try {
    return parse(text, label);
  } catch (e) {
    if (e instanceof CliError) throw new InputError(e.message);
    throw e;
  }
}

/** The cluster from the dump plus the manifests' pods as pending pods. */
export function buildCluster(clusterText: string, manifestsText: string): Cluster {
  const input = clusterInput(parseDocuments(clusterText, "cluster"));
  const build = () => {
    try {
      return createCluster(input.objects);
    } catch (e) {
      if (e instanceof SchedkitError) throw new InputError(locateError(e, input));
      throw e;
    }
  };
  // As `schedkit schedule --pod`: DaemonSets expand against the cluster's nodes, so the cluster is read first.
  const nodes = input.objects.length > 0 ? build().nodes : [];
  addPodDocuments(input, parseDocuments(manifestsText, "manifests"), undefined, nodes);
  return build();
}

/** Every pending pod placed in queue order (each placement assumed for the next), explanations kept. */
export function runAll(engine: Engine, cluster: Cluster, options: { readonly seed: number; readonly kubernetesVersion: string }): RunResult {
  return engine.scheduleAll(undefined, cluster, { ...options, explain: true });
}

/** One node's row in the score table of a pod. */
export interface ScoreRow {
  readonly node: string;
  /** Weighted score per plugin, in the order of `plugins`; null when the node was not scored. */
  readonly scores: readonly (number | null)[];
  readonly total: number | null;
  /** "" when the node passed every filter, else "Plugin: reason, reason". */
  readonly filteredBy: string;
  readonly chosen: boolean;
  /** One of the nodes sharing the highest total. */
  readonly top: boolean;
}

/** A pod's node × plugin table. */
export interface ScoreTable {
  readonly plugins: readonly { readonly plugin: string; readonly weight: number }[];
  readonly rows: readonly ScoreRow[];
}

/** The node × plugin table of a scheduled or unschedulable pod's cycle (in examination order). */
export function scoreTable(result: ScheduleResult): ScoreTable {
  const e = result.explanation;
  if (e === null) return { plugins: [], rows: [] };
  const rows = e.nodes.map((n): ScoreRow => {
    const byPlugin = new Map(n.scores.map((s) => [s.plugin, s.weighted]));
    return {
      node: n.node,
      scores: e.scorePlugins.map((p) => byPlugin.get(p.plugin) ?? null),
      total: n.total,
      filteredBy: n.status.code === "Success" ? "" : `${n.status.plugin}: ${n.status.reasons.join(", ")}`,
      chosen: n.node === result.nodeName,
      top: e.topNodes.includes(n.node),
    };
  });
  return { plugins: e.scorePlugins, rows };
}

/** Column keys of the score table: "node", "total", "filter" or a plugin's index. */
export type SortKey = "node" | "total" | "filter" | number;

/**
 * Rows sorted by a column: scores descending (unscored nodes last), names and filter reasons ascending;
 * ties keep examination order.
 */
export function sortRows(rows: readonly ScoreRow[], key: SortKey, descending: boolean): ScoreRow[] {
  const value = (r: ScoreRow): number | string | null => (key === "node" ? r.node : key === "filter" ? r.filteredBy : key === "total" ? r.total : (r.scores[key] ?? null));
  const indexed = rows.map((r, i) => ({ r, i }));
  indexed.sort((a, b) => {
    const x = value(a.r);
    const y = value(b.r);
    if (x === null || y === null) return x === y ? a.i - b.i : x === null ? 1 : -1;
    const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return (descending ? -c : c) || a.i - b.i;
  });
  return indexed.map(({ r }) => r);
}
