// Public types of the simulation: the workload it replays, its options, and what it reports.
import type { Engine } from "../engine/engine.js";
import type { Node, Pod } from "../model/types.js";
import type { LayeredInventory } from "../overcommit/types.js";
import type { SchedulerOptions } from "../schedule.js";

/** A pod shape: one pod template (v1.Pod object, validated), shared by every pod created from it. */
export interface PodShape {
  /** Base name of pods created from it (a pod gets "<base>-<n>" unless its arrival names it). */
  readonly name: string;
  /** The validated template (name, uid and creation time are per pod). */
  readonly pod: Pod;
}

/** One pod arriving: at `at` seconds, from shape `shape`, running `duration` seconds once bound (null: until removed). */
export interface PodArrival {
  readonly at: number;
  readonly shape: number;
  readonly duration: number | null;
  /** The pod's name ("<shape name>-<n>" when absent). */
  readonly name?: string;
  /** Who owns the pod (a job, an application): grouped in metrics, not re-created. */
  readonly owner?: string;
}

/** The HPA of a deployment (autoscaling/v2 with a CPU Utilization target, `behavior` unset). */
export interface HpaSpec {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Target average CPU utilization, percent of the pods' requests. */
  readonly targetCPUUtilizationPercentage: number;
  /** Seconds between HPA syncs (`--horizontal-pod-autoscaler-sync-period`, default 15). */
  readonly syncPeriodSeconds: number;
  /** Total CPU demand in millicores from each `at` on (a step function), shared evenly by the ready pods. */
  readonly demand: readonly { readonly at: number; readonly milliCPU: number }[];
}

/** A Deployment: keeps `replicas` pods of its shape (re-creating those preempted, evicted or lost with their node). */
export interface DeploymentSpec {
  readonly name: string;
  readonly namespace: string;
  readonly shape: number;
  readonly replicas: number;
  /** When the deployment is created (seconds). */
  readonly at: number;
  readonly hpa: HpaSpec | null;
}

/** What happens to a node. */
export type NodeAction = "add" | "cordon" | "uncordon" | "drain" | "remove";

/** A node event at `at` seconds. */
export interface NodeEvent {
  readonly at: number;
  readonly action: NodeAction;
  /** The node's name; for "add", the node itself. */
  readonly node: string;
  readonly add?: Node;
}

/** A validated workload: pod shapes, arrivals in time order, deployments, node events. */
export interface Workload {
  readonly shapes: readonly PodShape[];
  /** Arrivals in non-decreasing `at`; iterable more than once (a generated workload is produced lazily, each time). */
  readonly arrivals: Iterable<PodArrival>;
  /** How many arrivals (for progress). */
  readonly arrivalCount: number;
  readonly deployments: readonly DeploymentSpec[];
  readonly nodeEvents: readonly NodeEvent[];
  /** When the simulation ends (seconds): the workload's `end`, else its last arrival, node event or demand step. */
  readonly end: number;
}

/** A hypervisor host whose VMs are the cluster's nodes (for the layered CPU commitment over time). */
export interface SimHypervisor {
  readonly name: string;
  /** Physical CPUs the guests share. */
  readonly pcpus: number;
  /** The VMs: vCPUs and the Kubernetes node each one is. */
  readonly vms: readonly { readonly vcpus: number; readonly node: string }[];
}

/**
 * A host at a tick: its layered commitment (core's layeredOversubscription over the host's nodes) and its
 * effective contention (core's layeredReport over the host's VMs and the pods bound to them, each pod wanting
 * its CPU limit or request: `contentionDemand`).
 */
export interface HostCommitment {
  readonly host: string;
  /** ρ_vm × Σ requests / Σ allocatable: requested CPU per physical CPU. */
  readonly committedRequestsPerPcpu: number;
  /** ρ_vm × Σ limits / Σ allocatable (a pod without a CPU limit counts its node's allocatable): worst-case demand per physical CPU. */
  readonly worstCaseDemandPerPcpu: number;
  /** LayeredHostReport.contention: Σ VM vCPU demand / pCPUs after the guests' CFS water-fill (above 1, someone waits). */
  readonly contention: number;
  /** VMs whose steal exceeds the report's threshold (vm-starved findings). */
  readonly starvedVms: number;
  /** Pods that get less CPU than min(request, demand) (pod-shortfall findings). */
  readonly podsShortOfRequests: number;
}

/** Options of simulate(). */
export interface SimulateOptions extends SchedulerOptions {
  /**
   * Hosts the nodes run on as VMs: adds each host's layered CPU commitment and effective contention to every
   * tick. The short form, or a LayeredInventory (`overcommit`'s input; `overcommitFromSources(…).inventory`
   * maps OpenStack's JSON onto the nodes) whose VM nodes name the cluster's nodes (their listed pods are ignored).
   */
  readonly hypervisors?: readonly SimHypervisor[] | LayeredInventory;
  /** What each bound pod wants for the contention: its CPU limit ("limits", default: the VM's vCPUs without one) or its request. */
  readonly contentionDemand?: "limits" | "requests";
  /** The engine that runs each tick's scheduleAll: tsEngine (default) or the WebAssembly engine of @schedkit/asm. */
  readonly engine?: Engine;
  /** Seconds of simulated time per tick (default 1, the backoff queue's flush period). */
  readonly tickSeconds?: number;
  /** Ends the run at this time instead of the workload's end (seconds). */
  readonly until?: number;
  /** PodInitialBackoffSeconds of the KubeSchedulerConfiguration (default 1). */
  readonly podInitialBackoffSeconds?: number;
  /** PodMaxBackoffSeconds of the KubeSchedulerConfiguration (default 10). */
  readonly podMaxBackoffSeconds?: number;
  /** Called for every event, in order (leave unset for speed). */
  readonly onEvent?: (event: SimEvent) => void;
  /** Called after every tick with its metrics. */
  readonly onTick?: (metrics: TickMetrics) => void;
  /** Include each node's allocation in the tick metrics (default false: it costs memory per tick). */
  readonly perNodeMetrics?: boolean;
}

/** An event of the simulation, streamed to `onEvent`. */
export type SimEvent =
  | { readonly t: number; readonly type: "arrive"; readonly pod: string }
  | { readonly t: number; readonly type: "bind"; readonly pod: string; readonly node: string; readonly waited: number }
  | { readonly t: number; readonly type: "unschedulable"; readonly pod: string; readonly message: string; readonly attempts: number }
  | { readonly t: number; readonly type: "error"; readonly pod: string; readonly message: string }
  | { readonly t: number; readonly type: "complete"; readonly pod: string; readonly node: string }
  | { readonly t: number; readonly type: "evict"; readonly pod: string; readonly node: string; readonly reason: "drain" | "node-removed" | "scale-down" | "preempted" }
  | { readonly t: number; readonly type: "create"; readonly pod: string; readonly owner: string }
  | { readonly t: number; readonly type: "scale"; readonly deployment: string; readonly from: number; readonly to: number; readonly utilization: number }
  | { readonly t: number; readonly type: "node"; readonly node: string; readonly action: NodeAction };

/** Allocation of one node (requests of the pods bound to it). */
export interface NodeAllocation {
  readonly node: string;
  readonly zone: string;
  readonly pods: number;
  readonly milliCPU: number;
  readonly allocatableMilliCPU: number;
  readonly memory: number;
  readonly allocatableMemory: number;
}

/** Wait-time percentiles in seconds (null when no pod was placed). */
export interface WaitPercentiles {
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/** Placement-quality metrics at the end of one tick. */
export interface TickMetrics {
  readonly t: number;
  /** Pods that arrived / were placed / were evicted (preempted, drained, lost, scaled down) / completed in this tick. */
  readonly arrived: number;
  readonly placed: number;
  readonly evicted: number;
  readonly preempted: number;
  readonly completed: number;
  /** Pods waiting for a node after the tick (active, backing off or unschedulable). */
  readonly pending: number;
  /** Pods bound to nodes after the tick (initial pods included). */
  readonly running: number;
  /** Schedulable nodes (not cordoned) and nodes with at least one pod. */
  readonly nodes: number;
  readonly nodesInUse: number;
  /** Requested / allocatable over schedulable nodes, cluster-wide (0..1). */
  readonly cpuAllocated: number;
  readonly memoryAllocated: number;
  /** Free capacity on schedulable nodes that none of the workload's pod shapes fits into, as a share of all free capacity. */
  readonly strandedCPU: number;
  readonly strandedMemory: number;
  /** CPU allocated per zone (topology.kubernetes.io/zone; "" for nodes without one) and the spread max − min. */
  readonly zones: Readonly<Record<string, number>>;
  readonly zoneSpread: number;
  /** Wait of the pods placed in this tick. */
  readonly wait: WaitPercentiles;
  /** Each node's allocation (only with perNodeMetrics). */
  readonly perNode?: readonly NodeAllocation[];
  /** Each hypervisor's layered commitment (only with the `hypervisors` option). */
  readonly hosts?: readonly HostCommitment[];
}

/** Totals of a run. */
export interface SimulationSummary {
  readonly engine: string;
  readonly start: number;
  readonly end: number;
  readonly ticks: number;
  /** Pods that arrived (trace, deployments' creations and re-creations, initial pending pods). */
  readonly arrived: number;
  readonly placed: number;
  /** Scheduling attempts that ended Unschedulable / Error. */
  readonly unschedulableAttempts: number;
  readonly errors: number;
  readonly evicted: number;
  readonly preempted: number;
  readonly completed: number;
  /** Pods still waiting at the end. */
  readonly pendingAtEnd: number;
  /** Simulated wait (bind time − arrival) of placed pods, seconds. */
  readonly wait: WaitPercentiles & { readonly mean: number | null };
  /** Placed pods by wait: `count` pods waited more than the previous bucket's `le` and at most `le` seconds (null: above the last bound). */
  readonly waitDistribution: readonly { readonly le: number | null; readonly count: number }[];
  /** Tick averages and peaks. */
  readonly cpuAllocated: { readonly mean: number; readonly peak: number };
  readonly memoryAllocated: { readonly mean: number; readonly peak: number };
  readonly nodesInUse: { readonly mean: number; readonly peak: number; readonly final: number };
  readonly strandedCPU: { readonly mean: number };
  readonly strandedMemory: { readonly mean: number };
  readonly zoneSpread: { readonly mean: number };
  /** HPA scale events per deployment. */
  readonly scaleEvents: number;
  /** Each node's allocation at the end. */
  readonly nodes: readonly NodeAllocation[];
  /** Per hypervisor (with the `hypervisors` option): the tick mean and peak of its layered commitment and contention. */
  readonly hosts?: readonly {
    readonly host: string;
    readonly committedRequestsPerPcpu: { readonly mean: number; readonly peak: number };
    readonly worstCaseDemandPerPcpu: { readonly mean: number; readonly peak: number };
    readonly contention: { readonly mean: number; readonly peak: number };
    readonly podsShortOfRequests: { readonly peak: number };
  }[];
  /** With `hypervisors`: the most contended host's contention at each tick, its mean and peak over the run. */
  readonly contention?: { readonly mean: number; readonly peak: number };
}
