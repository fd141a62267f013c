package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"

	utilfeature "k8s.io/apiserver/pkg/util/feature"
	"k8s.io/component-base/featuregate"
	schedconfig "k8s.io/kubernetes/pkg/scheduler/apis/config"
)

// schedulerFeatureGates are the gates that pkg/scheduler (v1.37, non-test code) consults.
var schedulerFeatureGates = []featuregate.Feature{
	"CompositePodGroup", "DRAAdminAccess", "DRAConsumableCapacity", "DRADerivedAttributes",
	"DRADeviceBindingConditions", "DRADeviceCompatibilityGroups", "DRADeviceTaintRules", "DRADeviceTaints",
	"DRAExtendedResource", "DRAFractionalCapacityRange", "DRAListTypeAttributes", "DRANodeAllocatableResources",
	"DRAOptionalNodeOperations", "DRAPartitionableDevices", "DRAPrioritizedList", "DRAResourceClaimDeviceStatus",
	"DRASchedulerFilterTimeout", "DRAWorkloadResourceClaims", "DynamicResourceAllocation", "GenericWorkload",
	"InPlacePodLevelResourcesVerticalScaling", "InPlacePodVerticalScaling",
	"InPlacePodVerticalScalingSchedulerPreemption", "InterPodAffinityHostnameFastPath",
	"MatchLabelKeysInPodTopologySpread", "NodeDeclaredFeatures", "NodeInclusionPolicyInPodTopologySpread",
	"NominatedNodeNameForExpectation", "OpportunisticBatching", "PodGroupPreemptionPolicy", "PodLevelResources",
	"SchedulerAsyncAPICalls", "SchedulerAsyncPreemption", "SchedulerPopFromBackoffQ", "SchedulerPreQueueingHints",
	"StorageCapacityScoring", "TaintTolerationComparisonOperators", "TopologyAwareWorkloadScheduling",
	"VolumeAttributesClass", "VolumeLimitScaling",
}

type pluginOut struct {
	Name   string `json:"name"`
	Weight int32  `json:"weight,omitempty"`
}

type describeOut struct {
	KubernetesVersion string                 `json:"kubernetesVersion"`
	FeatureGates      map[string]bool        `json:"featureGates"`
	Plugins           map[string][]pluginOut `json:"plugins"`
}

// runDescribe reads an optional scenario (only its profile matters) and prints the plugins the
// built framework actually runs at each extension point, in order, with score weights.
func runDescribe(in io.Reader, w *bufio.Writer, opts Options) error {
	data, err := io.ReadAll(in)
	if err != nil {
		return err
	}
	sc := &Scenario{}
	if len(trimSpace(data)) > 0 {
		if sc, err = decodeScenario(data); err != nil {
			return err
		}
	}
	sc.Nodes, sc.ExistingPods, sc.Pods = nil, nil, nil
	e, cancel, err := buildEnv(sc, opts)
	defer cancel()
	if err != nil {
		return err
	}
	out := describeOut{KubernetesVersion: KubernetesVersion(), FeatureGates: map[string]bool{}, Plugins: map[string][]pluginOut{}}
	known := utilfeature.DefaultMutableFeatureGate.GetAll()
	for _, g := range schedulerFeatureGates {
		if _, ok := known[g]; !ok {
			return errors.New("unknown feature gate " + string(g))
		}
		out.FeatureGates[string(g)] = utilfeature.DefaultFeatureGate.Enabled(g)
	}
	pl := e.fw.ListPlugins()
	for name, set := range map[string]schedconfig.PluginSet{
		"preEnqueue": pl.PreEnqueue, "queueSort": pl.QueueSort, "preFilter": pl.PreFilter, "filter": pl.Filter,
		"postFilter": pl.PostFilter, "preScore": pl.PreScore, "score": pl.Score, "reserve": pl.Reserve,
		"permit": pl.Permit, "preBind": pl.PreBind, "bind": pl.Bind, "postBind": pl.PostBind,
	} {
		list := []pluginOut{}
		for _, p := range set.Enabled {
			list = append(list, pluginOut{Name: p.Name, Weight: p.Weight})
		}
		out.Plugins[name] = list
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\n' || b[0] == '\t' || b[0] == '\r') {
		b = b[1:]
	}
	return b
}
