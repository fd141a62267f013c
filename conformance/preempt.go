package main

// Preemption ties in whole-dump mode. DefaultPreemption picks the node to preempt on with
// pickOneNodeForPreemption (framework/preemption/preemption.go): five criteria in turn (fewest PDB violations,
// lowest highest-priority victim, smallest priority sum, fewest victims, latest start of the highest-priority
// victims), then "the first such node", which is the first in the iteration of a Go map — random. schedkit
// takes the first tied candidate in node order. As -prefer does for top-scoring nodes, the oracle then takes
// schedkit's candidate when it is among upstream's tied ones, so the two runs stay on one path and the
// candidates are compared as sets; a candidate upstream ranks below another is still a difference.
//
// The preference enters through upstream's own extension point: preemption.Interface.OrderedScoreFuncs, whose
// functions replace the five criteria when it returns any. For a preemptor with a preference, the oracle's
// Interface returns the five criteria as pickOneNodeForPreemption writes them, then one that favours the
// preferred node; without one, nil (upstream's own code path). One deviation, on purpose: a victim without
// status.startTime counts as starting "now" (util.GetPodStartTime), and upstream reads the wall clock anew for
// every node it scores, so such nodes differ by the nanoseconds between two reads; here "now" is one instant
// per selection, so they tie, as schedkit (and the intent of "now") has it.

import (
	"context"
	"math"
	"time"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	corev1helpers "k8s.io/component-helpers/scheduling/corev1"
	extenderv1 "k8s.io/kube-scheduler/extender/v1"
	"k8s.io/kubernetes/pkg/scheduler/framework/plugins/defaultpreemption"
)

// preferringPreemption is DefaultPreemption's preemption.Interface with OrderedScoreFuncs answering the
// preemptor's preference (env.preemptionPreference).
type preferringPreemption struct {
	*defaultpreemption.DefaultPreemption
	e *env
}

// preferPreemptionTies makes the profile's DefaultPreemption (when it has one) select among tied candidates
// as preferPreemption says; it returns whether the profile has DefaultPreemption.
func (e *env) preferPreemptionTies() bool {
	for _, ext := range e.fw.EnqueueExtensions() {
		if pl, ok := ext.(*defaultpreemption.DefaultPreemption); ok {
			pl.Evaluator.Interface = &preferringPreemption{DefaultPreemption: pl, e: e}
			return true
		}
	}
	return false
}

// preemptionPreference is the node schedkit preempted on in the current preemptor's next preemption: the
// k-th of its list for its k-th preemption, the last one after that; "" without a preference.
func (e *env) preemptionPreference() string {
	nodes := e.preferPreemption[e.preemptor]
	if len(nodes) == 0 {
		return ""
	}
	k := e.preemptionsBy[e.preemptor]
	if k >= len(nodes) {
		k = len(nodes) - 1
	}
	return nodes[k]
}

func (p *preferringPreemption) OrderedScoreFuncs(_ context.Context, nodesToVictims map[string]*extenderv1.Victims) []func(node string) int64 {
	preferred := p.e.preemptionPreference()
	if preferred == "" {
		return nil
	}
	now := metav1.NewTime(time.Now())
	startTime := func(pod *v1.Pod) *metav1.Time {
		if pod.Status.StartTime != nil {
			return pod.Status.StartTime
		}
		return &now
	}
	return []func(string) int64{
		// The five criteria of pickOneNodeForPreemption, in its order and with its arithmetic.
		func(node string) int64 { return -nodesToVictims[node].NumPDBViolations },
		func(node string) int64 { return -int64(corev1helpers.PodPriority(nodesToVictims[node].Pods[0])) },
		func(node string) int64 {
			var sum int64
			for _, pod := range nodesToVictims[node].Pods {
				sum += int64(corev1helpers.PodPriority(pod)) + int64(math.MaxInt32+1)
			}
			return -sum
		},
		func(node string) int64 { return -int64(len(nodesToVictims[node].Pods)) },
		// util.GetEarliestPodStartTime, with one "now".
		func(node string) int64 {
			pods := nodesToVictims[node].Pods
			earliest, maxPriority := startTime(pods[0]), corev1helpers.PodPriority(pods[0])
			for _, pod := range pods {
				if prio := corev1helpers.PodPriority(pod); prio == maxPriority {
					if t := startTime(pod); t.Before(earliest) {
						earliest = t
					}
				} else if prio > maxPriority {
					maxPriority, earliest = prio, startTime(pod)
				}
			}
			return earliest.UnixNano()
		},
		// Instead of the map's first: schedkit's candidate, when it is still among the tied ones.
		func(node string) int64 {
			if node == preferred {
				return 1
			}
			return 0
		},
	}
}
