package main

// Benchmark of the upstream framework alone: one scheduling cycle (PreFilter, Filter on every node
// through the framework's parallelizer, PreScore, Score + NormalizeScore + weights, pick the max)
// for BenchPod() on GenerateCluster(BenchSeed, n). Nothing is assumed, so every iteration sees the
// same cluster. Run: go test -run '^$' -bench FilterScore -benchtime 3x .

import (
	"fmt"
	"testing"

	v1 "k8s.io/api/core/v1"
	fwk "k8s.io/kube-scheduler/framework"
	"k8s.io/kubernetes/pkg/scheduler/framework"
)

func BenchmarkFilterScore(b *testing.B) {
	for _, n := range []int{500, 5000, 50000} {
		nodes, fill := GenerateCluster(BenchSeed, n)
		for _, par := range []int32{1, 2} {
			b.Run(fmt.Sprintf("nodes=%d/parallelism=%d", n, par), func(b *testing.B) {
				e, cancel, err := buildEnv(&Scenario{Nodes: nodes, ExistingPods: fill}, Options{Parallelism: par})
				defer cancel()
				if err != nil {
					b.Fatal(err)
				}
				if err := e.sched.Cache.UpdateSnapshot(e.logger, e.snapshot); err != nil {
					b.Fatal(err)
				}
				all, err := e.snapshot.ListNodesInPlacement()
				if err != nil {
					b.Fatal(err)
				}
				pod := BenchPod()
				feasible, chosen, err := benchCycle(e, pod, all)
				if err != nil {
					b.Fatal(err)
				}
				if feasible == 0 || chosen == "" {
					b.Fatalf("degenerate benchmark: %d feasible, chosen %q", feasible, chosen)
				}
				b.ResetTimer()
				for b.Loop() {
					if _, _, err := benchCycle(e, pod, all); err != nil {
						b.Fatal(err)
					}
				}
				podsPerSec := float64(b.N) / b.Elapsed().Seconds()
				b.ReportMetric(podsPerSec, "pods/s")
				b.ReportMetric(podsPerSec*float64(n), "node-evals/s")
				b.ReportMetric(float64(feasible), "feasible")
			})
		}
	}
}

// benchCycle is the filter+score part of schedulePod with upstream's own parallel node loop.
func benchCycle(e *env, pod *v1.Pod, nodes []fwk.NodeInfo) (int, string, error) {
	ctx, fw := e.ctx, e.fw
	state := framework.NewCycleState()
	state.SetRecordPluginMetrics(false)
	if _, s, _ := fw.RunPreFilterPlugins(ctx, state, pod); !s.IsSuccess() {
		return 0, "", s.AsError()
	}
	statuses := make([]*fwk.Status, len(nodes))
	fw.Parallelizer().Until(ctx, len(nodes), func(i int) {
		statuses[i] = fw.RunFilterPluginsWithNominatedPods(ctx, state, pod, nodes[i])
	}, "Filter")
	feasible := make([]fwk.NodeInfo, 0, len(nodes))
	for i, s := range statuses {
		if s.Code() == fwk.Error {
			return 0, "", s.AsError()
		}
		if s.IsSuccess() {
			feasible = append(feasible, nodes[i])
		}
	}
	if s := fw.RunPreScorePlugins(ctx, state, pod, feasible); !s.IsSuccess() {
		return 0, "", s.AsError()
	}
	scores, s := fw.RunScorePlugins(ctx, state, pod, feasible)
	if !s.IsSuccess() {
		return 0, "", s.AsError()
	}
	best, chosen := int64(-1), ""
	for _, ns := range scores {
		if ns.TotalScore > best || (ns.TotalScore == best && ns.Name < chosen) {
			best, chosen = ns.TotalScore, ns.Name
		}
	}
	return len(feasible), chosen, nil
}
