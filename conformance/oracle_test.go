package main

// Expected values below come from docs/scheduler.md (section cited per case) or, where v1.37.1
// differs from it, from the upstream source line cited next to the value.

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

func runFile(t *testing.T, name string) ScenarioOutput {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := decodeScenario(data)
	if err != nil {
		t.Fatal(err)
	}
	out := RunScenario(sc, Options{})
	if out.Error != "" {
		t.Fatalf("%s: scenario error: %s", name, out.Error)
	}
	if out.KubernetesVersion != "v1.37.1" {
		t.Fatalf("kubernetesVersion = %q, want the pinned v1.37.1", out.KubernetesVersion)
	}
	return out
}

func result(t *testing.T, out ScenarioOutput, pod string) PodResult {
	t.Helper()
	for _, r := range out.Results {
		if r.Pod == pod {
			return r
		}
	}
	t.Fatalf("no result for %s", pod)
	return PodResult{}
}

func expectEqual[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

// docs/scheduler.md §6.4 worked example; v1.37.1 carries the v1.36 BalancedAllocation formula (§5.5 "current").
func TestSpecWorkedExample(t *testing.T) {
	r := result(t, runFile(t, "spec_6_4_worked_example.json"), "default/incoming")
	expectEqual(t, "status", r.Status, "Scheduled")
	expectEqual(t, "totals", r.Totals, map[string]int64{"A": 402, "B": 452})
	expectEqual(t, "chosen", r.Chosen, "B")
	expectEqual(t, "topNodes", r.TopNodes, []string{"B"})
	expectEqual(t, "LeastAllocated", r.Scores["NodeResourcesFit"], map[string]ScoreOut{"A": {31, 31}, "B": {81, 81}})
	expectEqual(t, "BalancedAllocation", r.Scores["NodeResourcesBalancedAllocation"], map[string]ScoreOut{"A": {71, 71}, "B": {71, 71}})
	expectEqual(t, "TaintToleration", r.Scores["TaintToleration"], map[string]ScoreOut{"A": {0, 100}, "B": {0, 100}})
	expectEqual(t, "ImageLocality", r.Scores["ImageLocality"], map[string]ScoreOut{"A": {0, 0}, "B": {0, 0}})
	// docs/scheduler.md §6.1 weights; NodeAffinity, PodTopologySpread and InterPodAffinity skip at PreScore (§6.4).
	for p, w := range map[string]int64{"TaintToleration": 3, "NodeResourcesFit": 1, "NodeResourcesBalancedAllocation": 1, "ImageLocality": 1} {
		expectEqual(t, "weight of "+p, r.Weights[p], w)
	}
	for _, p := range []string{"NodeAffinity", "PodTopologySpread", "InterPodAffinity"} {
		if _, ok := r.Scores[p]; ok {
			t.Errorf("%s scored although its PreScore should Skip", p)
		}
	}
	// Totals must be Σ weight × normalized over the reported plugins (docs/scheduler.md §6.2 step 4).
	for node, total := range r.Totals {
		var sum int64
		for p, byNode := range r.Scores {
			sum += r.Weights[p] * byNode[node].Normalized
		}
		expectEqual(t, "Σ weighted scores of "+node, sum, total)
	}
}

// docs/scheduler.md §7: histogram of every node's reasons, sorted bytewise on "<count> <reason>"; a tainted node
// reports only TaintToleration (first failing filter, docs/scheduler.md §3 step 4); a node short of both cpu and
// memory counts twice. Requests above allocatable are unresolvable (docs/scheduler.md §4.6), so preemption reports
// every node as "Preemption is not helpful for scheduling".
// docs/scheduler.md §7's "no new claims to deallocate, " prefix is gone in v1.37.1: DynamicResources.PostFilter
// returns fwk.NewStatus(fwk.Unschedulable) with no reason for claim-less pods
// (pkg/scheduler/framework/plugins/dynamicresources/dynamicresources.go:1166-1168).
func TestFailedSchedulingHistogram(t *testing.T) {
	r := result(t, runFile(t, "reasons_histogram.json"), "default/p")
	expectEqual(t, "status", r.Status, "Unschedulable")
	expectEqual(t, "message", r.Message, "0/14 nodes are available: 1 node(s) had untolerated taint(s), 11 Insufficient cpu, 3 Insufficient memory. "+
		"preemption: 0/14 nodes are available: 14 Preemption is not helpful for scheduling.")
	expectEqual(t, "filter[both]", r.Filter["both"], StatusOut{Code: "UnschedulableAndUnresolvable", Plugin: "NodeResourcesFit", Reasons: []string{"Insufficient cpu", "Insufficient memory"}})
	expectEqual(t, "filter[tainted-and-small]", r.Filter["tainted-and-small"], StatusOut{Code: "UnschedulableAndUnresolvable", Plugin: "TaintToleration", Reasons: []string{"node(s) had untolerated taint(s)"}})
	expectEqual(t, "len(filter)", len(r.Filter), 14)

	r = result(t, runFile(t, "insufficient_cpu_preemption_message.json"), "default/big")
	expectEqual(t, "message", r.Message, "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.")
}

// docs/scheduler.md §3.3: the first pod is assumed, so the second sees its 600m and no longer fits; 600m ≤ 1 cpu
// allocatable is resolvable, and with no lower-priority pods preemption finds no victims (docs/scheduler.md §7).
// With a single feasible node the first pod is placed without scoring (docs/scheduler.md §3 step 8).
func TestAssumeBetweenPods(t *testing.T) {
	out := runFile(t, "assume_between_pods.json")
	first := result(t, out, "default/first")
	expectEqual(t, "first status", first.Status, "Scheduled")
	expectEqual(t, "first chosen", first.Chosen, "only")
	expectEqual(t, "first scores", len(first.Scores), 0)
	second := result(t, out, "default/second")
	expectEqual(t, "second status", second.Status, "Unschedulable")
	expectEqual(t, "second filter", second.Filter["only"], StatusOut{Code: "Unschedulable", Plugin: "NodeResourcesFit", Reasons: []string{"Insufficient cpu"}})
	expectEqual(t, "second message", second.Message, "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.")
}

// docs/scheduler.md §4.4 PreFilter conflict and PreFilterResult, §3 step 4 absent-node status, SchedulingGates.
func TestPreFilterAndGates(t *testing.T) {
	out := runFile(t, "prefilter_conflict_and_result.json")

	r := result(t, out, "default/conflicting")
	expectEqual(t, "status", r.Status, "Unschedulable")
	expectEqual(t, "preFilter", r.PreFilter, &StatusOut{Code: "UnschedulableAndUnresolvable", Plugin: "NodeAffinity", Reasons: []string{"pod affinity terms conflict"}})
	// PreFilter stopped at NodeAffinity, before DynamicResources.PreFilter wrote its cycle state;
	// its PostFilter then fails reading that state and RunPostFilterPlugins returns the Error's
	// message "not found" (dynamicresources.go:1160-1162, framework/runtime/framework.go:1184-1186).
	expectEqual(t, "message", r.Message, "0/2 nodes are available: pod affinity terms conflict. not found")

	r = result(t, out, "default/pinned")
	expectEqual(t, "status", r.Status, "Scheduled")
	expectEqual(t, "preFilterResult", r.PreFilterResult, []string{"A"})
	expectEqual(t, "filter[B]", r.Filter["B"], StatusOut{Code: "UnschedulableAndUnresolvable", Reasons: []string{"node(s) didn't satisfy plugin(s) [NodeAffinity]"}})
	expectEqual(t, "chosen", r.Chosen, "A")
	expectEqual(t, "scores", len(r.Scores), 0)

	r = result(t, out, "default/gated")
	expectEqual(t, "status", r.Status, "Gated")
	if r.PreEnqueue == nil || r.PreEnqueue.Plugin != "SchedulingGates" {
		t.Errorf("preEnqueue = %+v, want a SchedulingGates rejection", r.PreEnqueue)
	}
}

// docs/scheduler.md §7 preemption: a lower-priority victim exists, so DefaultPreemption nominates n1. v1.37.1 returns
// Success *with* a message, so the suffix is not empty, unlike what docs/scheduler.md §7 describes
// (pkg/scheduler/framework/preemption/preemption.go:196). preemptionPolicy Never gives the
// eligibility message (docs/scheduler.md §7).
func TestPreemption(t *testing.T) {
	out := runFile(t, "preemption_nominates.json")
	r := result(t, out, "default/high")
	expectEqual(t, "status", r.Status, "Unschedulable")
	expectEqual(t, "nominatedNode", r.NominatedNode, "n1")
	expectEqual(t, "message", r.Message, "0/1 nodes are available: 1 Insufficient cpu. preemption: found a potential placement for pod on node n1, preempting 1 victims")
	r = result(t, out, "default/never")
	expectEqual(t, "status", r.Status, "Unschedulable")
	expectEqual(t, "message", r.Message, "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.")
}

func TestInvalidScenarios(t *testing.T) {
	for name, in := range map[string]string{
		"unknown field":         `{"nodes":[],"pods":[],"bogus":1}`,
		"existing pod unbound":  `{"nodes":[{"metadata":{"name":"n"}}],"existingPods":[{"metadata":{"name":"e"}}],"pods":[]}`,
		"duplicate pod":         `{"nodes":[],"pods":[{"metadata":{"name":"p"}},{"metadata":{"name":"p"}}]}`,
		"invalid profile":       `{"nodes":[],"pods":[],"profile":{"plugins":{"score":{"enabled":[{"name":"NoSuchPlugin"}]}}}}`,
		"partial node scoring":  `{"nodes":` + nodesJSON(150) + `,"pods":[{"metadata":{"name":"p"}}],"percentageOfNodesToScore":50}`,
		"case-sensitive fields": `{"Nodes":[],"pods":[]}`,
	} {
		out := evaluateRaw(json.RawMessage(in), Options{})
		failed := out.Error != ""
		for _, r := range out.Results {
			failed = failed || r.Status == "Error"
		}
		if !failed {
			t.Errorf("%s: accepted: %+v", name, out)
		}
	}
}

func nodesJSON(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = `{"metadata":{"name":"n` + strings.Repeat("x", i) + `"},"status":{"allocatable":{"cpu":"1","memory":"1Gi","pods":"10"}}}`
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// Batch input (array or JSON lines) gives the same per-scenario answers as one-by-one runs, in
// order, with ids echoed, and independent of the framework's parallelism.
func TestBatchModes(t *testing.T) {
	files := []string{"spec_6_4_worked_example.json", "assume_between_pods.json", "preemption_nominates.json", "spec_6_4_worked_example.json"}
	var lines, array [][]byte
	var want []ScenarioOutput
	for i, f := range files {
		data, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		m["id"] = i
		b, _ := json.Marshal(m)
		lines = append(lines, b)
		array = append(array, b)
		want = append(want, evaluateRaw(b, Options{}))
	}
	var outLines, outArray bytes.Buffer
	if err := run([]string{"-parallelism", "4"}, bytes.NewReader(bytes.Join(lines, []byte("\n"))), &outLines, os.Stderr); err != nil {
		t.Fatal(err)
	}
	if err := run(nil, bytes.NewReader(append(append([]byte("[\n"), bytes.Join(array, []byte(",\n"))...), ']')), &outArray, os.Stderr); err != nil {
		t.Fatal(err)
	}
	var gotArray []ScenarioOutput
	if err := json.Unmarshal(outArray.Bytes(), &gotArray); err != nil {
		t.Fatal(err)
	}
	var gotLines []ScenarioOutput
	for _, l := range bytes.Split(bytes.TrimSpace(outLines.Bytes()), []byte("\n")) {
		var o ScenarioOutput
		if err := json.Unmarshal(l, &o); err != nil {
			t.Fatal(err)
		}
		gotLines = append(gotLines, o)
	}
	wantJSON, _ := json.Marshal(want)
	for mode, got := range map[string][]ScenarioOutput{"array": gotArray, "lines": gotLines} {
		gotJSON, _ := json.Marshal(got)
		if !bytes.Equal(gotJSON, wantJSON) {
			t.Errorf("%s mode differs:\n got %s\nwant %s", mode, gotJSON, wantJSON)
		}
	}
}

// Every scenario gets its own scheduler; cancelling it must stop all of its goroutines, including
// the asynchronous preemption ones, or a 2,000-scenario batch would accumulate them.
func TestNoGoroutineLeak(t *testing.T) {
	data, err := os.ReadFile("testdata/preemption_nominates.json")
	if err != nil {
		t.Fatal(err)
	}
	warm, _ := decodeScenario(data)
	RunScenario(warm, Options{}) // process-wide one-offs (signal handler) start here
	time.Sleep(200 * time.Millisecond)
	base := runtime.NumGoroutine()
	for i := 0; i < 50; i++ {
		sc, _ := decodeScenario(data)
		RunScenario(sc, Options{})
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > base && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > base {
		t.Errorf("%d goroutines after 50 scenarios, %d before", n, base)
	}
}

// Mulberry32 and the node table of README.md, checked against an independent Python
// implementation of the documented algorithm. The first draw for seed 42 is also the widely
// published mulberry32(42)() = 0.6011037519201636 (= 2581720956 / 2^32).
func TestGenerator(t *testing.T) {
	rng := NewMulberry32(42)
	var first []uint32
	for range 6 {
		first = append(first, rng.Next())
	}
	expectEqual(t, "first draws", first, []uint32{2581720956, 1925393290, 3661312704, 2876485805, 750819978, 2261697747})

	nodes, fill := GenerateCluster(BenchSeed, 50000)
	for _, c := range []struct {
		i                  int
		cpuMilli, memGi    int64
		zone               string
		fillCPU, fillMemMi int64
	}{
		{0, 20000, 37, "zone-0", 7000, 6819},
		{1, 4000, 101, "zone-0", 3000, 15513},
		{2, 30000, 26, "zone-1", 25200, 19169},
		{499, 5000, 84, "zone-1", 4200, 49889},
		{4999, 12000, 26, "zone-0", 10680, 14643},
		{49999, 4000, 126, "zone-2", 2520, 43868},
	} {
		n, p := nodes[c.i], fill[c.i]
		expectEqual(t, "cpu of "+n.Name, n.Status.Allocatable.Cpu().MilliValue(), c.cpuMilli)
		expectEqual(t, "memory of "+n.Name, n.Status.Allocatable.Memory().Value(), c.memGi<<30)
		expectEqual(t, "zone of "+n.Name, n.Labels["topology.kubernetes.io/zone"], c.zone)
		req := p.Spec.Containers[0].Resources.Requests
		expectEqual(t, "fill cpu of "+n.Name, req.Cpu().MilliValue(), c.fillCPU)
		expectEqual(t, "fill memory of "+n.Name, req.Memory().Value(), c.fillMemMi<<20)
	}
	tainted := 0
	for _, n := range nodes[:500] {
		tainted += len(n.Spec.Taints)
	}
	if tainted == 0 || tainted == 500 {
		t.Errorf("%d of 500 nodes tainted; expected roughly a tenth", tainted)
	}
}

// docs/scheduler.md §4.4: any parse error in a preferred term makes NodeAffinity's PreScore return an Error, which
// aborts the pod; PreScore only runs with two or more feasible nodes (docs/scheduler.md §3 steps 8-9).
func TestPreScoreError(t *testing.T) {
	data, err := os.ReadFile("testdata/prescore_error.json")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := decodeScenario(data)
	if err != nil {
		t.Fatal(err)
	}
	r := RunScenario(sc, Options{}).Results[0]
	expectEqual(t, "status", r.Status, "Error")
	if !strings.HasPrefix(r.Error, `running PreScore plugin "NodeAffinity": `) {
		t.Errorf("error = %q, want a NodeAffinity PreScore error", r.Error)
	}

	sc, _ = decodeScenario(data)
	sc.Nodes = sc.Nodes[:1]
	r = RunScenario(sc, Options{}).Results[0]
	expectEqual(t, "status with one node", r.Status, "Scheduled")
	expectEqual(t, "chosen with one node", r.Chosen, "A")
}

// applyDefaults runs core/v1 API defaulting: a container with limits but no requests gets
// requests = limits (pkg/apis/core/v1/defaults.go SetDefaults_Pod), so the 2-cpu limit no longer
// fits a 1-cpu node. Without it the pod requests nothing and fits.
func TestApplyDefaults(t *testing.T) {
	in := func(defaults bool) string {
		return `{"applyDefaults":` + map[bool]string{true: "true", false: "false"}[defaults] + `,
		"nodes":[{"metadata":{"name":"n"},"status":{"allocatable":{"cpu":"1","memory":"1Gi","pods":"10"}}}],
		"pods":[{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i","resources":{"limits":{"cpu":"2"}}}]}}]}`
	}
	r := evaluateRaw(json.RawMessage(in(false)), Options{}).Results[0]
	expectEqual(t, "status as given", r.Status, "Scheduled")
	r = evaluateRaw(json.RawMessage(in(true)), Options{}).Results[0]
	expectEqual(t, "status defaulted", r.Status, "Unschedulable")
	expectEqual(t, "filter defaulted", r.Filter["n"], StatusOut{Code: "UnschedulableAndUnresolvable", Plugin: "NodeResourcesFit", Reasons: []string{"Insufficient cpu"}})
}

// Whole-dump mode: urgent (priority 1000) is queued first, evicts low, and is placed by its retry on the
// nominated node (fast path); filler, queued behind it, yields to the nomination and stays unschedulable;
// the pod for another scheduler is skipped and the Deployment ignored.
func TestRunListCarriesOutPreemption(t *testing.T) {
	out := runList(t, "run_list_preemption.json")
	expectEqual(t, "queue", []string{out.Results[0].Pod, out.Results[1].Pod}, []string{"default/urgent", "default/filler"})
	urgent := out.Results[0]
	expectEqual(t, "urgent status", urgent.Status, "Scheduled")
	expectEqual(t, "urgent chosen", urgent.Chosen, "n1")
	expectEqual(t, "urgent fast path", urgent.NominatedNodeFastPath, true)
	expectEqual(t, "urgent victims", urgent.Victims, []string{"default/low"})
	expectEqual(t, "urgent preemptedOn", urgent.PreemptedOn, "n1")
	expectEqual(t, "filler status", out.Results[1].Status, "Unschedulable")
	expectEqual(t, "evictions", out.Evictions, []Eviction{{Pod: "default/low", Node: "n1", Preemptor: "default/urgent"}})
	expectEqual(t, "skipped", out.Skipped, []string{"default/elsewhere"})
	// urgent preempts, filler fails after the eviction (so it is not moved), urgent is retried from backoffQ.
	expectEqual(t, "cycles", out.Cycles, 3)
}

// Whole-dump mode takes the order from upstream's PriorityQueue: follower (created first) is tried before
// leader and rejected by InterPodAffinity; leader's binding (AssignedPod/Add) moves it to backoffQ, and the
// queue retries it once activeQ is empty, in leader's zone. held never leaves the unschedulable pool.
func TestRunListQueueRetriesMovedPods(t *testing.T) {
	out := runList(t, "run_list_queue.json")
	expectEqual(t, "first attempts", []string{out.Results[0].Pod, out.Results[1].Pod}, []string{"default/follower", "default/leader"})
	expectEqual(t, "follower placed by its retry", out.Results[0].Status+" "+out.Results[0].Chosen, "Scheduled b1")
	expectEqual(t, "bindings", out.Bindings, []Binding{{Pod: "default/leader", Node: "b1"}, {Pod: "default/follower", Node: "b1"}})
	expectEqual(t, "cycles", out.Cycles, 3)
	expectEqual(t, "gated", out.Gated, []GatedPod{{Pod: "default/held", Plugin: "SchedulingGates", Message: "waiting for scheduling gates: [example.com/quota]"}})
}

// runList runs testdata/<file> in whole-dump mode and fails the test on any error.
func runList(t *testing.T, file string) RunOutput {
	t.Helper()
	var buf bytes.Buffer
	if err := runDump(filepath.Join("testdata", file), "", Options{}, &buf); err != nil {
		t.Fatal(err)
	}
	var out RunOutput
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if out.Error != "" {
		t.Fatalf("run error: %s", out.Error)
	}
	return out
}
