package main

// The oracle builds a real kube-scheduler (scheduler.New: profiles, cache, queue/nominator, DRA
// manager, fake clientset) for every scenario, then drives one scheduling cycle per pod through the
// public framework methods, recording what the framework returns at each extension point. Only the
// driver loop is ours; every filter, score, normalisation, weight and message comes from upstream.
// Where upstream is nondeterministic (parallel filtering stops early, ties are broken by heap order
// or at random) the driver evaluates every node and reports the whole set of top-scoring nodes.

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sort"
	"sync"

	"github.com/go-logr/logr"
	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/sets"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/events"
	"k8s.io/dynamic-resource-allocation/deviceclass/extendedresourcecache"
	"k8s.io/klog/v2"
	fwk "k8s.io/kube-scheduler/framework"
	corev1defaults "k8s.io/kubernetes/pkg/apis/core/v1"
	"k8s.io/kubernetes/pkg/features"
	"k8s.io/kubernetes/pkg/scheduler"
	internalcache "k8s.io/kubernetes/pkg/scheduler/backend/cache"
	"k8s.io/kubernetes/pkg/scheduler/framework"
	"k8s.io/kubernetes/pkg/scheduler/framework/plugins/dynamicresources"
	testingclock "k8s.io/utils/clock/testing"
)

// Options are process-wide knobs that do not change results.
type Options struct {
	// Parallelism of the framework's parallelizer (upstream default 16). Results do not depend on it.
	Parallelism int32
	// Logger receives upstream logs; logr.Discard() by default.
	Logger klog.Logger
	// clock, when set, is the scheduling queue's clock (whole-dump mode's logical clock, run.go); the pods to
	// place are then queued at their creation times, in creation order (enqueueAtCreation).
	clock *testingclock.FakeClock
}

var (
	versionOnce sync.Once
	k8sVersion  string
)

// KubernetesVersion is the k8s.io/kubernetes module version compiled into this binary.
func KubernetesVersion() string {
	versionOnce.Do(func() {
		k8sVersion = "unknown"
		if bi, ok := debug.ReadBuildInfo(); ok {
			for _, d := range bi.Deps {
				if d.Path == "k8s.io/kubernetes" {
					k8sVersion = d.Version
				}
			}
		}
	})
	return k8sVersion
}

// RunScenario evaluates one scenario on a fresh scheduler. Nothing is shared with other scenarios
// except process-global upstream state (feature gates, metrics registry) that does not affect placement.
func RunScenario(sc *Scenario, opts Options) ScenarioOutput {
	out := ScenarioOutput{ID: sc.ID, KubernetesVersion: KubernetesVersion(), Results: []PodResult{}}
	res, err := runScenario(sc, opts)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	out.Results = res
	return out
}

type env struct {
	ctx      context.Context
	logger   klog.Logger
	sched    *scheduler.Scheduler
	fw       framework.Framework
	snapshot *internalcache.Snapshot
	weights  map[string]int64
	// schedulerName is the profile's name; pods naming another scheduler are not ours.
	schedulerName string
	pct           *int32 // effective percentageOfNodesToScore (profile overrides global)
	client        *fake.Clientset
	informers     informers.SharedInformerFactory
	// prefer: whole-dump mode's tie choices, pod → node to take when it is among the top-scoring nodes.
	prefer map[string]string
	// carryOut: whole-dump mode, where a preemption's deletions stand (run.go).
	carryOut bool
	// preferPreemption: whole-dump mode's preemption tie choices, pod → the nodes it preempted on in schedkit's
	// run, in order (preempt.go); preemptionsBy counts each pod's preemptions so far, preemptor is the pod in
	// the current cycle.
	preferPreemption map[string][]string
	preemptionsBy    map[string]int
	preemptor        string
	// inCache: the pod objects the scheduler cache holds (bound and assumed), by "namespace/name".
	inCache map[string]*v1.Pod
	// diagnosis: the last unschedulable cycle's Diagnosis (its UnschedulablePlugins drive the queue's hints) and
	// nominatingInfo: its PostFilter nomination (handleSchedulingFailure's arguments, run.go).
	diagnosis      framework.Diagnosis
	nominatingInfo *fwk.NominatingInfo
}

func runScenario(sc *Scenario, opts Options) ([]PodResult, error) {
	e, cancel, err := buildEnv(sc, opts)
	defer cancel()
	if err != nil {
		return nil, err
	}
	results := make([]PodResult, 0, len(sc.Pods))
	_ = takeUpstreamPanic()
	for _, p := range sc.Pods {
		results = append(results, e.scheduleOne(p))
		if err := takeUpstreamPanic(); err != nil {
			return nil, err
		}
	}
	return results, nil
}

// buildEnv creates the scheduler for one scenario and loads its cluster state. The returned cancel
// stops every goroutine the scheduler started; it must be called even when err != nil.
func buildEnv(sc *Scenario, opts Options) (*env, context.CancelFunc, error) {
	logger := opts.Logger
	if logger.GetSink() == nil {
		logger = logr.Discard()
	}
	ctx, cancel := context.WithCancel(klog.NewContext(context.Background(), logger))

	if err := prepareObjects(sc); err != nil {
		return nil, cancel, err
	}
	if err := admitPriorities(ctx, sc); err != nil {
		return nil, cancel, err
	}
	cfg, err := loadProfile(sc.Profile, sc.PercentageOfNodesToScore)
	if err != nil {
		return nil, cancel, err
	}
	prof := cfg.Profiles[0]

	// NewSimpleClientset, not NewClientset: the field-managed tracker of the latter builds a REST
	// mapper per object and dominated the run time; nothing here needs server-side apply.
	client := fake.NewSimpleClientset() //nolint:staticcheck // see above
	informerFactory := scheduler.NewInformerFactory(client, 0, nil)
	if err := fillClusterObjects(ctx, client, informerFactory, sc); err != nil {
		return nil, cancel, err
	}

	// The executor deletes victims in a goroutine under SchedulerAsyncPreemption (beta, on), holding the
	// preemptor back in PreEnqueue until it is done; the oracle reads the victims right after PostFilter, so it
	// takes the synchronous path (prepareCandidate), which deletes the same victims.
	// DRADeviceTaintRules (GA in 1.37, not locked) makes the resource slice tracker keep its own patched copy of
	// the slices, filled only by informer events; off, it lists the slice informer, which is filled below like
	// the other listers. Scenarios carry no DeviceTaintRules, so the patched slices would be the slices.
	if err := utilfeature.DefaultMutableFeatureGate.SetFromMap(map[string]bool{string(features.SchedulerAsyncPreemption): false, string(features.DRADeviceTaintRules): false}); err != nil {
		return nil, cancel, err
	}
	snapshot := internalcache.NewEmptySnapshot()
	parallelism := opts.Parallelism
	if parallelism <= 0 {
		parallelism = 1
	}
	schedOpts := []scheduler.Option{
		scheduler.WithProfiles(prof),
		scheduler.WithPercentageOfNodesToScore(cfg.PercentageOfNodesToScore),
		scheduler.WithParallelism(parallelism),
		scheduler.WithNodeInfoSnapshot(snapshot),
	}
	if opts.clock != nil {
		schedOpts = append(schedOpts, scheduler.WithClock(opts.clock))
	}
	sched, err := scheduler.New(ctx, client, informerFactory, nil,
		func(string) events.EventRecorderLogger { return &events.FakeRecorder{} }, schedOpts...)
	if err != nil {
		return nil, cancel, fmt.Errorf("scheduler.New: %w", err)
	}
	fw, ok := sched.Profiles[prof.SchedulerName]
	if !ok {
		return nil, cancel, fmt.Errorf("profile %q was not built", prof.SchedulerName)
	}
	addDeviceClasses(fw, sc)
	if err := syncResourceClaims(ctx, informerFactory, sc); err != nil {
		return nil, cancel, err
	}

	// Feed the scheduler cache the way its informer event handlers would (nodes, then assigned
	// non-terminal pods; the scheduler's pod informer excludes Succeeded/Failed pods).
	for _, n := range sc.Nodes {
		sched.Cache.AddNode(logger, n)
	}
	for _, p := range sc.ExistingPods {
		if isTerminal(p) {
			continue
		}
		if err := sched.Cache.AddPod(logger, p); err != nil {
			return nil, cancel, fmt.Errorf("existingPods %s/%s: %w", p.Namespace, p.Name, err)
		}
	}
	// The pods to place are in the scheduling queue, as the pod informer's add handler puts them
	// (PriorityQueue.Add, which also hands an existing status.nominatedNodeName to the nominator). The
	// queue matters beyond that: the nominator stores only pod references (podRef), and
	// NominatedPodsForNode resolves them through the queue; a nominated pod missing from the queue
	// comes back as a bare pod (priority 0, no containers). Nothing is ever popped: the driver below
	// takes the pods in scenario order. In whole-dump mode the queue decides the order (run.go).
	if opts.clock != nil {
		enqueueAtCreation(ctx, sched, opts.clock, prof.SchedulerName, sc.Pods)
	} else {
		for _, p := range sc.Pods {
			sched.SchedulingQueue.Add(ctx, p)
		}
	}

	e := &env{ctx: ctx, logger: logger, sched: sched, fw: fw, snapshot: snapshot,
		schedulerName: prof.SchedulerName, weights: map[string]int64{}, client: client, informers: informerFactory, inCache: map[string]*v1.Pod{}}
	for _, p := range sc.ExistingPods {
		if !isTerminal(p) {
			e.inCache[p.Namespace+"/"+p.Name] = p
		}
	}
	e.pct = cfg.PercentageOfNodesToScore
	if prof.PercentageOfNodesToScore != nil {
		e.pct = prof.PercentageOfNodesToScore
	}
	for _, p := range fw.ListPlugins().Score.Enabled {
		e.weights[p.Name] = int64(p.Weight)
	}
	return e, cancel, nil
}

func isTerminal(p *v1.Pod) bool {
	return p.Status.Phase == v1.PodSucceeded || p.Status.Phase == v1.PodFailed
}

// prepareObjects applies optional API defaulting and fills the identity fields the API server
// would have set (namespace "default", a UID) so that the cache can key the objects.
func prepareObjects(sc *Scenario) error {
	if sc.ApplyDefaults {
		for _, n := range sc.Nodes {
			corev1defaults.SetObjectDefaults_Node(n)
		}
		for _, p := range sc.ExistingPods {
			corev1defaults.SetObjectDefaults_Pod(p)
		}
		for _, p := range sc.Pods {
			corev1defaults.SetObjectDefaults_Pod(p)
		}
	}
	seenNode := sets.New[string]()
	for i, n := range sc.Nodes {
		if n == nil || n.Name == "" {
			return fmt.Errorf("nodes[%d]: metadata.name is required", i)
		}
		if seenNode.Has(n.Name) {
			return fmt.Errorf("nodes[%d]: duplicate node name %q", i, n.Name)
		}
		seenNode.Insert(n.Name)
		if n.UID == "" {
			n.UID = types.UID("node-" + n.Name)
		}
	}
	seenPod := sets.New[string]()
	fix := func(field string, i int, p *v1.Pod) error {
		if p == nil || p.Name == "" {
			return fmt.Errorf("%s[%d]: metadata.name is required", field, i)
		}
		if p.Namespace == "" {
			p.Namespace = v1.NamespaceDefault
		}
		key := p.Namespace + "/" + p.Name
		if seenPod.Has(key) {
			return fmt.Errorf("%s[%d]: duplicate pod %s", field, i, key)
		}
		seenPod.Insert(key)
		if p.UID == "" {
			p.UID = types.UID("pod-" + key)
		}
		return nil
	}
	for i, p := range sc.ExistingPods {
		if err := fix("existingPods", i, p); err != nil {
			return err
		}
		if p.Spec.NodeName == "" {
			return fmt.Errorf("existingPods[%d] %s/%s: spec.nodeName is required", i, p.Namespace, p.Name)
		}
	}
	for i, p := range sc.Pods {
		if err := fix("pods", i, p); err != nil {
			return err
		}
	}
	return nil
}

// fillClusterObjects puts every object into the fake API server and into the (never started)
// informer indexers, which is where plugins' listers read from.
var createOpts = metav1.CreateOptions{}

func fillClusterObjects(ctx context.Context, client *fake.Clientset, f informers.SharedInformerFactory, sc *Scenario) error {
	core := f.Core().V1()
	for _, o := range sc.Namespaces {
		if err := core.Namespaces().Informer().GetIndexer().Add(o); err != nil {
			return err
		}
		if _, err := client.CoreV1().Namespaces().Create(ctx, o, createOpts); err != nil {
			return fmt.Errorf("namespace %s: %w", o.Name, err)
		}
	}
	for _, o := range sc.Nodes {
		if err := core.Nodes().Informer().GetIndexer().Add(o); err != nil {
			return err
		}
		if _, err := client.CoreV1().Nodes().Create(ctx, o, createOpts); err != nil {
			return fmt.Errorf("node %s: %w", o.Name, err)
		}
	}
	for _, list := range [][]*v1.Pod{sc.ExistingPods, sc.Pods} {
		for _, o := range list {
			if !isTerminal(o) {
				if err := core.Pods().Informer().GetIndexer().Add(o); err != nil {
					return err
				}
			}
			if _, err := client.CoreV1().Pods(o.Namespace).Create(ctx, o, createOpts); err != nil {
				return fmt.Errorf("pod %s/%s: %w", o.Namespace, o.Name, err)
			}
		}
	}
	for _, o := range sc.Services {
		if err := core.Services().Informer().GetIndexer().Add(o); err != nil {
			return err
		}
	}
	for _, o := range sc.ReplicationControllers {
		if err := core.ReplicationControllers().Informer().GetIndexer().Add(o); err != nil {
			return err
		}
	}
	for _, o := range sc.ReplicaSets {
		if err := f.Apps().V1().ReplicaSets().Informer().GetIndexer().Add(o); err != nil {
			return err
		}
	}
	for _, o := range sc.StatefulSets {
		if err := f.Apps().V1().StatefulSets().Informer().GetIndexer().Add(o); err != nil {
			return err
		}
	}
	for _, o := range sc.PodDisruptionBudgets {
		if err := f.Policy().V1().PodDisruptionBudgets().Informer().GetIndexer().Add(o); err != nil {
			return err
		}
	}
	for _, o := range sc.DeviceClasses {
		if err := f.Resource().V1().DeviceClasses().Informer().GetIndexer().Add(o); err != nil {
			return err
		}
	}
	for _, o := range sc.ResourceSlices {
		if err := f.Resource().V1().ResourceSlices().Informer().GetIndexer().Add(o); err != nil {
			return err
		}
	}
	// The claim assume cache (and the allocated-device tracker behind it) keeps its own store, filled by the
	// claim informer's events: the claims go to the clientset, and the informer runs once the scheduler has
	// registered its handlers (syncResourceClaims).
	for _, o := range sc.ResourceClaims {
		if _, err := client.ResourceV1().ResourceClaims(o.Namespace).Create(ctx, o, createOpts); err != nil {
			return fmt.Errorf("resourceclaim %s/%s: %w", o.Namespace, o.Name, err)
		}
	}
	return nil
}

// syncResourceClaims runs the ResourceClaim informer until it has delivered every claim of the scenario to the
// handlers scheduler.New registered (the assume cache, and through it the allocated-device tracker).
func syncResourceClaims(ctx context.Context, f informers.SharedInformerFactory, sc *Scenario) error {
	if len(sc.ResourceClaims) == 0 {
		return nil
	}
	informer := f.Resource().V1().ResourceClaims().Informer()
	go informer.RunWithContext(ctx)
	if !cache.WaitForCacheSync(ctx.Done(), informer.HasSynced) {
		return fmt.Errorf("resource claim informer did not sync")
	}
	return nil
}

// addDeviceClasses hands the DeviceClasses to the DRA manager's ExtendedResourceCache as the DeviceClass
// informer's handler would (eventhandlers.go addAllEventHandlers chains the cache before the scheduler's own
// handlers): the indexer fill above runs no handler.
func addDeviceClasses(fw framework.Framework, sc *Scenario) {
	if len(sc.DeviceClasses) == 0 || fw.SharedDRAManager() == nil {
		return
	}
	cache, ok := fw.SharedDRAManager().DeviceClassResolver().(*extendedresourcecache.ExtendedResourceCache)
	if !ok || cache == nil {
		return
	}
	for _, o := range sc.DeviceClasses {
		cache.OnAdd(o, true)
	}
}

func newResult(p *v1.Pod) PodResult {
	return PodResult{
		Pod:      p.Namespace + "/" + p.Name,
		Filter:   map[string]StatusOut{},
		Scores:   map[string]map[string]ScoreOut{},
		Weights:  map[string]int64{},
		Totals:   map[string]int64{},
		TopNodes: []string{},
	}
}

func statusOut(s *fwk.Status) StatusOut {
	return StatusOut{Code: s.Code().String(), Plugin: s.Plugin(), Reasons: s.Reasons()}
}

func errorResult(r PodResult, err error) PodResult {
	r.Status = "Error"
	r.Error = err.Error()
	return r
}

// preEnqueue is the queue's runPreEnqueuePlugins: the first PreEnqueue plugin that rejects the pod, with its
// status (nil when every one admits it).
func (e *env) preEnqueue(pod *v1.Pod) *fwk.Status {
	for _, pl := range e.fw.PreEnqueuePlugins() {
		if s := pl.PreEnqueue(e.ctx, pod); !s.IsSuccess() {
			s.SetPlugin(pl.Name())
			return s
		}
	}
	return nil
}

// clearNominatedNode is schedule_one.go's nominatingInfo for failures outside PostFilter.
var clearNominatedNode = &fwk.NominatingInfo{NominatingMode: fwk.ModeOverride, NominatedNodeName: ""}

// scheduleOne mirrors Scheduler.scheduleOnePod / schedulingCycle for one pod (schedule_one.go).
func (e *env) scheduleOne(pod *v1.Pod) PodResult {
	ctx, logger, fw := e.ctx, e.logger, e.fw
	r := newResult(pod)

	if pod.Spec.SchedulerName != "" && pod.Spec.SchedulerName != e.schedulerName {
		return errorResult(r, fmt.Errorf("profile not found for scheduler name %q", pod.Spec.SchedulerName))
	}
	// skipPodSchedule: a pod being deleted is never scheduled.
	if pod.DeletionTimestamp != nil {
		r.Status = "Skipped"
		r.Message = "pod is being deleted"
		return r
	}
	// The queue would hold the pod back while a PreEnqueue plugin (SchedulingGates) rejects it.
	if s := e.preEnqueue(pod); s != nil {
		so := statusOut(s)
		r.Status = "Gated"
		r.PreEnqueue = &so
		r.Message = s.Message()
		return r
	}

	if err := e.sched.Cache.UpdateSnapshot(logger, e.snapshot); err != nil {
		return errorResult(r, err)
	}
	state := framework.NewCycleState()
	state.SetRecordPluginMetrics(false)
	podsToActivate := framework.NewPodsToActivate()
	state.Write(framework.PodsToActivateKey, podsToActivate)

	e.diagnosis, e.nominatingInfo = framework.Diagnosis{}, clearNominatedNode
	if e.snapshot.NumNodesInPlacement() == 0 {
		r.Status = "Unschedulable"
		r.Message = scheduler.ErrNoNodesAvailable.Error()
		return r
	}
	allNodes, err := e.snapshot.ListNodesInPlacement()
	if err != nil {
		return errorResult(r, err)
	}
	// Without score plugins upstream stops at the first feasible node, so any feasible node is a
	// valid answer and TopNodes lists them all; with scoring, a partial search cannot be reproduced.
	if n := numFeasibleNodesToFind(e.pct, len(allNodes)); n < len(allNodes) && fw.HasScorePlugins() {
		return errorResult(r, fmt.Errorf("oracle evaluates every node: percentageOfNodesToScore makes upstream stop after %d of %d nodes; use 100", n, len(allNodes)))
	}

	feasible, diagnosis, fastPath, err := e.findNodesThatFitPod(state, pod, &r)
	if err != nil {
		return errorResult(r, err)
	}
	if len(feasible) == 0 {
		fitErr := &framework.FitError{Pod: pod, NumAllNodes: e.snapshot.NumNodesInPlacement(), Diagnosis: diagnosis}
		var nominatingInfo *fwk.NominatingInfo
		if fw.HasPostFilterPlugins() {
			before := len(e.client.Actions())
			e.preemptor = r.Pod
			result, s := fw.RunPostFilterPlugins(ctx, state, pod, diagnosis.NodeToStatus)
			fitErr.Diagnosis.PostFilterMsg = s.Message()
			if result != nil {
				nominatingInfo = result.NominatingInfo
			}
			// The victims DefaultPreemption's executor deleted (synchronously: buildEnv).
			r.Victims = deletedPods(e.client.Actions()[before:])
			// Every preemption counts, also one whose victims were all terminating (nothing deleted).
			if result != nil && result.NominatingInfo.Mode() == fwk.ModeOverride && result.NominatingInfo.NominatedNodeName != "" && e.preemptionsBy != nil {
				e.preemptionsBy[r.Pod]++
			}
			if !e.carryOut {
				// One cycle per pod: the deletions are undone, so a later pod's preemption can pick the same
				// victims (the cache, which filters read, never saw them go).
				if err := e.restore(r.Victims); err != nil {
					return errorResult(r, err)
				}
			}
		}
		r.Status = "Unschedulable"
		r.Message = fitErr.Error()
		e.diagnosis, e.nominatingInfo = fitErr.Diagnosis, nominatingInfo
		if nominatingInfo.Mode() == fwk.ModeOverride {
			r.NominatedNode = nominatingInfo.NominatedNodeName
		}
		// handleSchedulingFailure: the nominator learns the (new) nomination for later pods.
		if pi, err := framework.NewPodInfo(pod); err == nil {
			e.sched.SchedulingQueue.AddNominatedPod(logger, pi, nominatingInfo)
		}
		return r
	}

	var chosen string
	switch {
	case fastPath || len(feasible) == 1:
		// Upstream takes a lone feasible node (or a nominated node that passes) without scoring.
		chosen = feasible[0].Node().Name
		r.NominatedNodeFastPath = fastPath
		r.TopNodes = []string{chosen}
	case !fw.HasScorePlugins():
		// prioritizeNodes without score plugins or extenders gives every node 1.
		for _, n := range feasible {
			r.Totals[n.Node().Name] = 1
		}
		chosen = e.pickTop(&r)
	default:
		if s := fw.RunPreScorePlugins(ctx, state, pod, feasible); !s.IsSuccess() {
			return errorResult(r, s.AsError())
		}
		scores, s := fw.RunScorePlugins(ctx, state, pod, feasible)
		if !s.IsSuccess() {
			return errorResult(r, s.AsError())
		}
		for _, ns := range scores {
			r.Totals[ns.Name] = ns.TotalScore
			raw := make(map[string]int64, len(ns.RawScores))
			for _, ps := range ns.RawScores {
				raw[ps.Name] = ps.Score
			}
			for _, ps := range ns.Scores {
				w := e.weights[ps.Name]
				if w == 0 {
					return errorResult(r, fmt.Errorf("no weight recorded for score plugin %q", ps.Name))
				}
				if ps.Score%w != 0 {
					return errorResult(r, fmt.Errorf("weighted score %d of %q is not a multiple of weight %d", ps.Score, ps.Name, w))
				}
				if r.Scores[ps.Name] == nil {
					r.Scores[ps.Name] = map[string]ScoreOut{}
				}
				r.Scores[ps.Name][ns.Name] = ScoreOut{Raw: raw[ps.Name], Normalized: ps.Score / w}
				r.Weights[ps.Name] = w
			}
		}
		chosen = e.pickTop(&r)
	}
	if pref, ok := e.prefer[r.Pod]; ok && pref != chosen && sets.New(r.TopNodes...).Has(pref) {
		chosen = pref
	}
	r.Chosen = chosen

	if err := e.assumeAndReserve(state, pod, chosen, &r); err != nil {
		return errorResult(r, err)
	}
	return r
}

// pickTop fills TopNodes with every node sharing the maximum total and returns the smallest name.
// Upstream breaks such ties by heap order / at random, so the set is the checkable outcome.
func (e *env) pickTop(r *PodResult) string {
	var best int64
	first := true
	for _, t := range r.Totals {
		if first || t > best {
			best, first = t, false
		}
	}
	top := []string{}
	for n, t := range r.Totals {
		if t == best {
			top = append(top, n)
		}
	}
	sort.Strings(top)
	r.TopNodes = top
	return top[0]
}

// findNodesThatFitPod mirrors Scheduler.findNodesThatFitPod with exhaustive, sequential filtering.
func (e *env) findNodesThatFitPod(state fwk.CycleState, pod *v1.Pod, r *PodResult) ([]fwk.NodeInfo, framework.Diagnosis, bool, error) {
	ctx, fw := e.ctx, e.fw
	diagnosis := framework.Diagnosis{NodeToStatus: framework.NewDefaultNodeToStatus()}
	allNodes, err := e.snapshot.ListNodesInPlacement()
	if err != nil {
		return nil, diagnosis, false, err
	}
	preRes, s, unschedulablePlugins := fw.RunPreFilterPlugins(ctx, state, pod)
	diagnosis.UnschedulablePlugins = unschedulablePlugins
	if !s.IsSuccess() {
		if !s.IsRejected() {
			return nil, diagnosis, false, s.AsError()
		}
		so := statusOut(s)
		r.PreFilter = &so
		diagnosis.NodeToStatus.SetAbsentNodesStatus(s)
		diagnosis.PreFilterMsg = s.Message()
		diagnosis.AddPluginStatus(s)
		return nil, diagnosis, false, nil
	}

	// PreFilter's node set is computed before the nominated-node fast path (schedule_one.go
	// findNodesThatFitPod: RunPreFilterPlugins, then evaluateNominatedNode), so it is reported on that path
	// too, although only the full search below narrows the nodes with it.
	if !preRes.AllNodes() {
		r.PreFilterResult = sets.List(preRes.NodeNames)
	}
	if nnn := pod.Status.NominatedNodeName; nnn != "" {
		if ni, err := e.snapshot.GetNodeInPlacement(nnn); err == nil {
			st := fw.RunFilterPluginsWithNominatedPods(ctx, state, pod, ni)
			if st.IsSuccess() {
				r.Filter[nnn] = StatusOut{Code: fwk.Success.String()}
				return []fwk.NodeInfo{ni}, diagnosis, true, nil
			}
			// Not an error upstream either: fall through to the full search, which re-evaluates it.
		}
	}

	nodes := allNodes
	if !preRes.AllNodes() {
		nodes = make([]fwk.NodeInfo, 0, len(preRes.NodeNames))
		for _, name := range r.PreFilterResult {
			if ni, err := e.snapshot.GetNodeInPlacement(name); err == nil {
				nodes = append(nodes, ni)
			}
		}
		absent := fwk.NewStatus(fwk.UnschedulableAndUnresolvable, fmt.Sprintf("node(s) didn't satisfy plugin(s) %v", sets.List(unschedulablePlugins)))
		diagnosis.NodeToStatus.SetAbsentNodesStatus(absent)
		inResult := preRes.NodeNames
		for _, ni := range allNodes {
			if !inResult.Has(ni.Node().Name) {
				r.Filter[ni.Node().Name] = statusOut(absent)
			}
		}
	}

	if !fw.HasFilterPlugins() {
		for _, ni := range nodes {
			r.Filter[ni.Node().Name] = StatusOut{Code: fwk.Success.String()}
		}
		return nodes, diagnosis, false, nil
	}
	feasible := make([]fwk.NodeInfo, 0, len(nodes))
	for _, ni := range nodes {
		st := fw.RunFilterPluginsWithNominatedPods(ctx, state, pod, ni)
		if st.Code() == fwk.Error {
			return nil, diagnosis, false, st.AsError()
		}
		name := ni.Node().Name
		if st.IsSuccess() {
			feasible = append(feasible, ni)
			r.Filter[name] = StatusOut{Code: fwk.Success.String()}
			continue
		}
		diagnosis.NodeToStatus.Set(name, st)
		diagnosis.AddPluginStatus(st)
		r.Filter[name] = statusOut(st)
	}
	return feasible, diagnosis, false, nil
}

// assumeAndReserve mirrors Scheduler.assumeAndReserve + the Permit step of prepareForBindingCycle.
// The pod stays assumed in the cache (binding never finishes, so it never expires).
func (e *env) assumeAndReserve(state fwk.CycleState, pod *v1.Pod, host string, r *PodResult) error {
	ctx, logger, fw := e.ctx, e.logger, e.fw
	assumed := pod.DeepCopy()
	assumed.Spec.NodeName = host
	if utilfeature.DefaultFeatureGate.Enabled(features.DRANodeAllocatableResources) {
		assumed.Status.NodeAllocatableResourceClaimStatuses = dynamicresources.ExtractPodNodeAllocatableResourceClaimStatus(logger, state, host)
	}
	if err := e.sched.Cache.AssumePod(logger, assumed); err != nil {
		return err
	}
	e.sched.SchedulingQueue.DeleteNominatedPodIfExists(assumed)

	reject := func(s *fwk.Status) error {
		fw.RunReservePluginsUnreserve(ctx, state, assumed, host)
		if err := e.sched.Cache.ForgetPod(logger, assumed); err != nil {
			return err
		}
		if !s.IsRejected() {
			return s.AsError()
		}
		fitErr := &framework.FitError{NumAllNodes: 1, Pod: pod, Diagnosis: framework.Diagnosis{NodeToStatus: framework.NewDefaultNodeToStatus()}}
		fitErr.Diagnosis.NodeToStatus.Set(host, s)
		fitErr.Diagnosis.AddPluginStatus(s)
		e.diagnosis, e.nominatingInfo = fitErr.Diagnosis, clearNominatedNode
		r.Status = "Unschedulable"
		r.Message = fitErr.Error()
		r.Chosen = ""
		return nil
	}
	if s := fw.RunReservePluginsReserve(ctx, state, assumed, host); !s.IsSuccess() {
		return reject(s)
	}
	_, s := fw.RunPermitPlugins(ctx, state, assumed, host)
	if s.IsWait() {
		return errors.New("a Permit plugin asked to wait; the oracle does not simulate waiting pods")
	}
	if !s.IsSuccess() {
		return reject(s)
	}
	r.Status = "Scheduled"
	e.inCache[r.Pod] = assumed
	return nil
}

// numFeasibleNodesToFind restates the schedule_one.go rule (docs/scheduler.md §3.1) only to detect scenarios
// where upstream would stop filtering early, which the oracle refuses rather than emulates.
func numFeasibleNodesToFind(pct *int32, n int) int {
	const minFeasibleNodesToFind, minFeasibleNodesPercentageToFind = 100, 5
	if n < minFeasibleNodesToFind {
		return n
	}
	var p int32
	if pct != nil {
		p = *pct
	}
	if p == 0 {
		p = int32(50) - int32(n)/125
		if p < minFeasibleNodesPercentageToFind {
			p = minFeasibleNodesPercentageToFind
		}
	}
	num := int32(n) * p / 100
	if num < minFeasibleNodesToFind {
		return minFeasibleNodesToFind
	}
	return int(num)
}

// restore re-creates deleted victims in the fake API server, as they were given.
func (e *env) restore(victims []string) error {
	for _, v := range victims {
		p, ok := e.inCache[v]
		if !ok {
			return fmt.Errorf("preemption deleted %s, which the cache does not hold", v)
		}
		if _, err := e.client.CoreV1().Pods(p.Namespace).Create(e.ctx, p, createOpts); err != nil {
			return fmt.Errorf("restoring %s: %w", v, err)
		}
	}
	return nil
}
