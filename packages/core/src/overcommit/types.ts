// Public input and output types of the layered (OpenStack host → VM → Kubernetes pod) overcommit model.
import type { PodQOSClass } from "../cgroup/index.js";
import type { KubePod } from "../model/kube-types.js";
import type { NovaCpuSharesDefault } from "../openstack/index.js";

/**
 * A running pod: the v1.Pod the scheduler takes (`metadata.name`, `spec.containers[].resources` with
 * Kubernetes quantities, initContainers, overhead, spec.resources), plus what each container would use.
 * In the steady state the app containers and the restartable init containers (sidecars) run; the other init
 * containers have finished, yet still count in the pod's requests (component-helpers PodRequests), as the
 * kubelet sizes the pod cgroup.
 */
export interface LayeredPod extends KubePod {
  /** CPU each running container would use if nothing held it back, in millicores (finite, ≥ 0), by container name. */
  readonly demandMilli: Readonly<Record<string, number>>;
  /** Runnable threads by container name (integers ≥ 0); caps a container at that many CPUs. Default: no cap. */
  readonly threads?: Readonly<Record<string, number>>;
}

/** The Kubernetes node running inside a VM. */
export interface LayeredNode {
  readonly name?: string;
  /** Node allocatable CPU in millicores; default vCPUs × 1000 (no kube/system reservation). */
  readonly allocatableMilli?: number;
  /** CPU demand of the guest's system.slice (kubelet, container runtime, daemons), millicores; default 0. */
  readonly systemDemandMilli?: number;
  readonly pods: readonly LayeredPod[];
}

/** A VM (Nova instance) on a host: a Kubernetes node, or an opaque VM with a plain CPU demand. */
export interface LayeredVm {
  readonly name: string;
  readonly vcpus: number;
  /** Flavor extra specs; quota:cpu_shares, quota:cpu_period and quota:cpu_quota are read. */
  readonly extraSpecs?: Readonly<Record<string, string>>;
  /** The Kubernetes node in this VM; exactly one of `node` and `demandCpus`. */
  readonly node?: LayeredNode;
  /** CPU demand of a VM that is not modelled as a Kubernetes node, in CPUs. */
  readonly demandCpus?: number;
}

/** A compute host and the VMs Nova placed on it. */
export interface LayeredHost {
  readonly name: string;
  /** Physical CPUs guests run on (cpu_shared_set size, or all online CPUs). */
  readonly pcpus: number;
  /** reserved_host_cpus as reported to Placement; default 0. */
  readonly reservedHostCpus?: number;
  /** VCPU allocation_ratio in Placement; default 4.0 (Nova's initial ratio). */
  readonly cpuAllocationRatio?: number;
  /** Host cgroup version; default 2. */
  readonly cgroupVersion?: 1 | 2;
  /** Nova's default VM weight policy; default "none" (Zed and later). */
  readonly novaCpuSharesDefault?: NovaCpuSharesDefault;
  readonly vms: readonly LayeredVm[];
}

/** Kubelet and runtime settings inside the VMs. */
export interface GuestCgroupOptions {
  /** Guest cgroup version; default 2. */
  readonly cgroupVersion?: 1 | 2;
  /** Container shares→weight conversion of the runtime; default "runc-quadratic" (runc ≥ 1.3.2, crun ≥ 1.23). */
  readonly containerWeightFormula?: "runc-quadratic" | "runc-linear";
  /** Kubelet cpuCFSQuota; default true. */
  readonly enforceCPULimits?: boolean;
}

/** Thresholds of the verdict. */
export interface LayeredVerdictOptions {
  /** A VM is reported starved when steal / vCPU demand exceeds this; default 0.1. */
  readonly vmStealFraction?: number;
  /** A pod is reported short when shortfall / min(request, demand) exceeds this; default 1e-9 (float noise). */
  readonly podShortfallFraction?: number;
}

/** The inventory of the layered report: hosts → VMs → Kubernetes nodes → pods, with demands. */
export interface LayeredInventory {
  readonly hosts: readonly LayeredHost[];
  readonly guest?: GuestCgroupOptions;
  readonly verdict?: LayeredVerdictOptions;
}

/** One pod's promise and outcome. */
export interface LayeredPodReport {
  readonly name: string;
  readonly namespace: string;
  readonly qosClass: PodQOSClass;
  /** The pod's CPU request (component-helpers PodRequests: containers, init containers, overhead, pod level), millicores. */
  readonly requestMilli: number;
  /** The pod's CPU limit (PodLimits), or null when a container sets none and the pod sets none (bounded by the VM). */
  readonly limitMilli: number | null;
  readonly demandMilli: number;
  /** CPU the pod obtains under the given demands, millicores. */
  readonly obtainableMilli: number;
  /** What the scheduler's accounting promised and the pod does not get: max(0, min(request, demand) − obtainable). */
  readonly shortfallMilli: number;
  /** Demand it cannot run, whatever the cause (its own limit, contention): max(0, demand − obtainable). */
  readonly unmetDemandMilli: number;
}

/** One Kubernetes node's admission ratios and pods. */
export interface LayeredNodeReport {
  readonly name: string;
  readonly allocatableMilli: number;
  readonly requestsMilli: number;
  /** Σ pod limits, counting a pod without a CPU limit as the VM's vCPUs. */
  readonly effectiveLimitsMilli: number;
  /** ρ_k8s,req = Σ requests / allocatable. */
  readonly rhoRequests: number;
  /** ρ_k8s,lim = Σ effective limits / allocatable. */
  readonly rhoLimits: number;
  /** ρ_vm × ρ_k8s,lim: CPU demand per physical CPU if every pod ran to its limit. */
  readonly worstCaseDemandPerPcpu: number;
  /** ρ_vm × ρ_k8s,req: requested CPU per physical CPU. */
  readonly committedRequestsPerPcpu: number;
  readonly pods: readonly LayeredPodReport[];
}

/** One VM's share of its host. */
export interface LayeredVmReport {
  readonly name: string;
  readonly vcpus: number;
  /** Kernel task-group weight among the host's VMs. */
  readonly kernelWeight: number;
  /** Most CPUs the VM can use (vCPUs, or the per-vCPU quota × vCPUs). */
  readonly capCpus: number;
  /** CPUs the guest wants to run: min(vCPUs, guest demand). */
  readonly vcpuDemandCpus: number;
  /** Physical CPUs obtained. */
  readonly allocCpus: number;
  /** Guest-visible steal: vCPU demand − allocation. */
  readonly stealCpus: number;
  /** steal / vCPU demand (0 when there is no demand). */
  readonly stealFraction: number;
  /** Null for an opaque VM. */
  readonly node: LayeredNodeReport | null;
}

/** One host's ratios and VMs. */
export interface LayeredHostReport {
  readonly name: string;
  readonly pcpus: number;
  readonly vcpusPlaced: number;
  /** ρ_vm = Σ vCPUs / pCPUs. */
  readonly rhoVm: number;
  /** Placement VCPU capacity (pCPUs − reserved) × ratio. */
  readonly placementCapacity: number;
  /** Σ vCPUs ≤ Placement capacity. */
  readonly withinPlacementCapacity: boolean;
  /** Σ VM vCPU demand, in CPUs. */
  readonly demandCpus: number;
  /** Effective contention factor: Σ vCPU demand / pCPUs (above 1, someone waits). */
  readonly contention: number;
  readonly idleCpus: number;
  readonly vms: readonly LayeredVmReport[];
}

/** Kinds of divergence between the control planes' view and execution. */
export type LayeredFindingKind = "pod-shortfall" | "vm-starved" | "placement-over-capacity" | "node-over-admitted";

/** One divergence, in plain language. */
export interface LayeredFinding {
  readonly kind: LayeredFindingKind;
  readonly host: string;
  readonly vm?: string;
  readonly pod?: string;
  readonly message: string;
}

/** The layered report. */
export interface LayeredReport {
  readonly hosts: readonly LayeredHostReport[];
  readonly findings: readonly LayeredFinding[];
  /** One-paragraph summary. */
  readonly verdict: string;
}
