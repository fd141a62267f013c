package main

import (
	"encoding/json"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	v1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	resourcev1 "k8s.io/api/resource/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	sigsjson "sigs.k8s.io/json"
)

// Scenario is one cluster state plus the pods to schedule into it, in order.
type Scenario struct {
	// ID is echoed back unchanged so batch callers can match results.
	ID json.RawMessage `json:"id,omitempty"`

	Nodes        []*v1.Node      `json:"nodes"`
	ExistingPods []*v1.Pod       `json:"existingPods,omitempty"`
	Pods         []*v1.Pod       `json:"pods"`
	Namespaces   []*v1.Namespace `json:"namespaces,omitempty"`

	// Objects that only feed listers: PodTopologySpread system defaulting reads the controllers
	// selecting a pod; DefaultPreemption reads PodDisruptionBudgets.
	Services               []*v1.Service                   `json:"services,omitempty"`
	ReplicationControllers []*v1.ReplicationController     `json:"replicationControllers,omitempty"`
	ReplicaSets            []*appsv1.ReplicaSet            `json:"replicaSets,omitempty"`
	StatefulSets           []*appsv1.StatefulSet           `json:"statefulSets,omitempty"`
	PodDisruptionBudgets   []*policyv1.PodDisruptionBudget `json:"podDisruptionBudgets,omitempty"`
	// PriorityClasses feed priority admission of the pods without spec.priority (admission.go).
	PriorityClasses []*schedulingv1.PriorityClass `json:"priorityClasses,omitempty"`
	// DeviceClasses feed the DRA manager's extended-resource cache (DRAExtendedResource: which extended
	// resources DRA backs) and the allocator's class lister.
	DeviceClasses []*resourcev1.DeviceClass `json:"deviceClasses,omitempty"`
	// ResourceSlices are the devices the DRA allocator and the DRA-backed extended-resource scorers read
	// (through the resource slice tracker's informer); ResourceClaims with allocations hold devices (through
	// the scheduler's claim assume cache).
	ResourceSlices []*resourcev1.ResourceSlice `json:"resourceSlices,omitempty"`
	ResourceClaims []*resourcev1.ResourceClaim `json:"resourceClaims,omitempty"`

	// Profile is a kubescheduler.config.k8s.io/v1 KubeSchedulerProfile; absent = default profile.
	Profile json.RawMessage `json:"profile,omitempty"`
	// PercentageOfNodesToScore is the global setting (the profile may override it).
	PercentageOfNodesToScore *int32 `json:"percentageOfNodesToScore,omitempty"`
	// ApplyDefaults runs the API server's core/v1 defaulting on nodes and pods first
	// (e.g. requests copied from limits). Off by default: objects are taken as stored.
	ApplyDefaults bool `json:"applyDefaults,omitempty"`
}

// StatusOut is a framework Status as reported for PreFilter / Filter / Gated.
type StatusOut struct {
	Code    string   `json:"code"`
	Plugin  string   `json:"plugin,omitempty"`
	Reasons []string `json:"reasons,omitempty"`
}

// ScoreOut is one plugin's score for one node: raw = Score(), normalized = after NormalizeScore, before weight.
type ScoreOut struct {
	Raw        int64 `json:"raw"`
	Normalized int64 `json:"normalized"`
}

// PodResult is the oracle's verdict for one pod of Scenario.Pods.
type PodResult struct {
	Pod    string `json:"pod"`
	Status string `json:"status"` // Scheduled | Unschedulable | Error | Gated | Skipped
	Error  string `json:"error,omitempty"`

	// PreEnqueue is the rejecting PreEnqueue status of a Gated pod (the queue never pops it).
	PreEnqueue      *StatusOut `json:"preEnqueue,omitempty"`
	PreFilter       *StatusOut `json:"preFilter,omitempty"`
	PreFilterResult []string   `json:"preFilterResult,omitempty"`
	// NominatedNodeFastPath is set when status.nominatedNodeName passed the filters and was taken unscored.
	NominatedNodeFastPath bool `json:"nominatedNodeFastPath,omitempty"`

	Filter   map[string]StatusOut           `json:"filter"`
	Scores   map[string]map[string]ScoreOut `json:"scores"`
	Weights  map[string]int64               `json:"weights"`
	Totals   map[string]int64               `json:"totals"`
	TopNodes []string                       `json:"topNodes"`
	Chosen   string                         `json:"chosen,omitempty"`

	Message       string `json:"message,omitempty"`
	NominatedNode string `json:"nominatedNode,omitempty"`

	// Victims are the pods DefaultPreemption's executor deleted in this cycle ("namespace/name"; in whole-dump
	// mode, every pod this pod's preemptions deleted over its cycles), PreemptedOn the node of the last one
	// (whole-dump mode).
	Victims     []string `json:"victims,omitempty"`
	PreemptedOn string   `json:"preemptedOn,omitempty"`
	// Cycle is whole-dump mode's number of the scheduling cycle that produced this result (1 for the first pod
	// the queue popped, retries counted), as schedkit's ScheduleResult.cycle.
	Cycle int `json:"cycle,omitempty"`
}

// ScenarioOutput is the oracle's answer for one Scenario.
type ScenarioOutput struct {
	ID                json.RawMessage `json:"id,omitempty"`
	KubernetesVersion string          `json:"kubernetesVersion"`
	// Error is a scenario-level failure (malformed input, invalid profile); Results is then empty.
	Error   string      `json:"error,omitempty"`
	Results []PodResult `json:"results"`
}

// decodeScenario is case-sensitive and rejects unknown and duplicate fields, like the API server's
// strict field validation, so that a typo in a generated scenario fails loudly.
func decodeScenario(data []byte) (*Scenario, error) {
	var s Scenario
	strictErrs, err := sigsjson.UnmarshalStrict(data, &s, sigsjson.DisallowDuplicateFields, sigsjson.DisallowUnknownFields)
	if err != nil {
		return nil, err
	}
	if len(strictErrs) > 0 {
		return nil, fmt.Errorf("strict decoding: %v", strictErrs)
	}
	return &s, nil
}
