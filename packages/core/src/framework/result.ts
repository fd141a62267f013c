// What one scheduling decision reports: the outcome and, unless turned off, why.
import type { Status } from "./status.js";

/** Outcome of one pod's scheduling cycle. */
export type ScheduleStatus = "Scheduled" | "Unschedulable" | "Error";

/** One plugin's score for one node. */
export interface PluginScore {
  readonly plugin: string;
  /** Score() output. */
  readonly raw: number;
  /** After NormalizeScore (equal to raw for plugins without one). */
  readonly normalized: number;
  /** normalized × weight. */
  readonly weighted: number;
}

/** Why a node was or was not chosen. */
export interface NodeExplanation {
  readonly node: string;
  /** The first failing filter's status, or Success. */
  readonly status: Status;
  /** Per-plugin scores (feasible nodes, when scoring ran). */
  readonly scores: readonly PluginScore[];
  /** Weighted sum, or null when the node was not scored. */
  readonly total: number | null;
}

/** The full explanation of a cycle. */
export interface Explanation {
  /** PreFilter plugins that ran, with their status and node restriction (null = all nodes). */
  readonly preFilter: readonly { readonly plugin: string; readonly status: Status; readonly nodeNames: readonly string[] | null }[];
  /** The nodes examined, in examination order (rotation from the start index). */
  readonly nodes: readonly NodeExplanation[];
  /** PreScore plugins that ran and their status (Skip removes a plugin from scoring). */
  readonly preScore: readonly { readonly plugin: string; readonly status: Status }[];
  /** The score plugins that scored, with their weights. */
  readonly scorePlugins: readonly { readonly plugin: string; readonly weight: number }[];
  /** Nodes sharing the highest total, in examination order. */
  readonly topNodes: readonly string[];
  /** PostFilter plugins that ran for an unschedulable pod, with their messages. */
  readonly postFilter: readonly { readonly plugin: string; readonly code: Status["code"]; readonly message: string }[];
  /** Nodes where a preemption dry run found that evicting lower-priority pods would make room. */
  readonly preemptionCandidates: readonly string[];
  /**
   * DefaultPreemption's nomination when preemption would make room: the node, its victims ("namespace/name",
   * most important first), and the candidates upstream could equally have nominated (its last tie-break is
   * Go map order). null otherwise.
   */
  readonly nomination: { readonly node: string; readonly victims: readonly string[]; readonly ties: readonly string[] } | null;
}

/** The result of scheduling one pod. */
export interface ScheduleResult {
  /** "namespace/name". */
  readonly pod: string;
  readonly status: ScheduleStatus;
  /** The chosen node (Scheduled only). */
  readonly nodeName: string | null;
  /** The FailedScheduling message for an unschedulable pod, the error text for an error, "" when scheduled. */
  readonly message: string;
  /**
   * Unschedulable pods: how many nodes gave each reason (the histogram in the message; a PreFilter
   * rejection counts every node once). Empty otherwise.
   */
  readonly reasons: readonly { readonly reason: string; readonly nodes: number }[];
  /** Nodes examined by the filter phase (feasible + rejected). */
  readonly evaluatedNodes: number;
  /** Nodes that passed every filter. */
  readonly feasibleNodes: number;
  /** null when the caller turned explanations off. */
  readonly explanation: Explanation | null;
  /**
   * The preemption DefaultPreemption's PostFilter decided for this pod (with or without explanations): the
   * node it nominated and the victims ("namespace/name", most important first). `evicted` false: nothing was
   * evicted ("dry-run" mode, or a nomination without victims) and the pod is Unschedulable. `evicted` true
   * ("carry-out" mode): the victims were evicted (RunResult.evictions names this pod as their preemptor);
   * across scheduleAll's retries `node` is the last nomination and `victims` every pod this pod evicted, in
   * eviction order, while `nodeName` says where the pod finally landed. Absent for a pod that never preempted.
   */
  readonly nomination?: { readonly node: string; readonly victims: readonly string[]; readonly evicted: boolean };
  /**
   * Unschedulable pods: the plugins that rejected the pod (Diagnosis.UnschedulablePlugins, schedule_one.go
   * findNodesThatFitPod), sorted. The scheduling queue asks only these plugins' QueueingHints whether a
   * cluster event may make the pod schedulable; empty when no plugin rejected it (no nodes at all).
   */
  readonly unschedulablePlugins?: readonly string[];
  /**
   * scheduleAll only: the scheduling cycle of the run that produced this result, counting from 1 in the order
   * the queue popped pods (retries included: a pod a later event moved gets the number of its last attempt,
   * after every pod queued before that attempt). Binding takes no time on scheduleAll's logical clock
   * (docs/scheduler.md §9b), so the scheduled results ordered by `cycle` are the order the pods were bound.
   * Absent from `schedule` / `scheduleOne` results.
   */
  readonly cycle?: number;
}
