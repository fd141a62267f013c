package main

// Whole-dump mode (oracle -run LIST): the cluster comes as a kubectl-style List (nodes, pods, namespaces,
// services, controllers, PodDisruptionBudgets, PriorityClasses), and every pending pod is scheduled in queue
// order with assume, as a running kube-scheduler would, preemptions included: DefaultPreemption's executor
// deletes the victims (framework/preemption/executor.go prepareCandidate, through the fake clientset), the
// scheduler cache loses them as its pod informer's delete handler would make it (eventhandlers.go
// deletePodFromCache → Cache.RemovePod), the lower-priority pods nominated to that node lose their
// nomination (prepareCandidate → clearNominatedNodeName), and the preemptor is retried after the queue pass
// with status.nominatedNodeName set (the order schedkit's scheduleAll models without a clock: docs/scheduler.md
// §9a). Ties among top-scoring nodes are upstream's random pick; -prefer names the node to take when it is
// among them (the other side's choice), so both runs stay on one path and ties are compared as sets.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/client-go/testing"
	fwk "k8s.io/kube-scheduler/framework"
	"k8s.io/kubernetes/pkg/scheduler"
	internalqueue "k8s.io/kubernetes/pkg/scheduler/backend/queue"
	"k8s.io/kubernetes/pkg/scheduler/framework"
	testingclock "k8s.io/utils/clock/testing"
)

// Eviction is a pod a carried-out preemption deleted, with the preemptor ("namespace/name").
type Eviction struct {
	Pod       string `json:"pod"`
	Node      string `json:"node"`
	Preemptor string `json:"preemptor"`
}

// RunOutput is the oracle's answer for a whole dump: each queued pod's last cycle, in queue order.
type RunOutput struct {
	KubernetesVersion string      `json:"kubernetesVersion"`
	Error             string      `json:"error,omitempty"`
	Results           []PodResult `json:"results"`
	Evictions         []Eviction  `json:"evictions"`
	// Skipped are pending pods for another scheduler: the scheduler's informer never queues them.
	Skipped []string `json:"skipped"`
	// Gated are the pods a PreEnqueue plugin keeps in the unschedulable pool (SchedulingGates), never popped.
	Gated []GatedPod `json:"gated"`
	// Bindings are the placements in the order the cycles made them; Cycles counts every cycle (retries too).
	Bindings []Binding `json:"bindings"`
	Cycles   int       `json:"cycles"`
}

// GatedPod is a pod held back by PreEnqueue, with the rejecting plugin and its message.
type GatedPod struct {
	Pod     string `json:"pod"`
	Plugin  string `json:"plugin"`
	Message string `json:"message"`
}

// Binding is a placement, in cycle order, with the number of the cycle that made it.
type Binding struct {
	Pod   string `json:"pod"`
	Node  string `json:"node"`
	Cycle int    `json:"cycle"`
}

// RunRequest is one line of `oracle -run -`: a List, the tie choices and, optionally, the profile. Prefer
// names the node to take when it is among the top-scoring ones, PreferPreemption the nodes to preempt on
// (in the preemptor's order) when they are among the equally ranked candidates (preempt.go).
type RunRequest struct {
	List             json.RawMessage     `json:"list"`
	Prefer           map[string]string   `json:"prefer"`
	PreferPreemption map[string][]string `json:"preferPreemption,omitempty"`
	Profile          json.RawMessage     `json:"profile,omitempty"`
}

// runDumpStream answers `oracle -run -`: one RunRequest per JSON line (or a stream of objects) on in, one
// RunOutput line each on w, flushed per request, so one process runs a whole test.
func runDumpStream(in io.Reader, w io.Writer, opts Options) error {
	dec := json.NewDecoder(in)
	bw := bufio.NewWriter(w)
	for {
		var req RunRequest
		if err := dec.Decode(&req); err == io.EOF {
			return bw.Flush()
		} else if err != nil {
			return err
		}
		out := runRequest(req, opts)
		b, err := json.Marshal(out)
		if err != nil {
			return err
		}
		if _, err := bw.Write(append(b, '\n')); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
	}
}

// runRequest runs one List (with the profile, when given) and returns its RunOutput; errors go into it.
func runRequest(req RunRequest, opts Options) RunOutput {
	out := RunOutput{KubernetesVersion: KubernetesVersion(), Results: []PodResult{}, Evictions: []Eviction{}, Skipped: []string{}, Gated: []GatedPod{}, Bindings: []Binding{}}
	sc, err := scenarioFromList(req.List)
	if err == nil {
		sc.Profile = req.Profile
		err = runWholeDump(sc, req, opts, &out)
	}
	if err != nil {
		out.Error = err.Error()
		out.Results = []PodResult{}
	}
	return out
}

// runDump reads a List from listPath and the tie choices from preferPath ("" = none) and writes RunOutput.
func runDump(listPath, preferPath string, opts Options, w io.Writer) error {
	data, err := os.ReadFile(listPath)
	if err != nil {
		return err
	}
	prefer := map[string]string{}
	if preferPath != "" {
		b, err := os.ReadFile(preferPath)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, &prefer); err != nil {
			return fmt.Errorf("%s: %w", preferPath, err)
		}
	}
	b, err := json.Marshal(runRequest(RunRequest{List: data, Prefer: prefer}, opts))
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// scenarioFromList sorts a List's items by kind; kinds the scheduler does not read (Deployments, DaemonSets,
// ...) are left out, as its informers never see them. Pods with spec.nodeName are the cluster's.
func scenarioFromList(data []byte) (*Scenario, error) {
	var list struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("reading the List: %w", err)
	}
	sc := &Scenario{ApplyDefaults: true}
	hundred := int32(100)
	sc.PercentageOfNodesToScore = &hundred
	for i, raw := range list.Items {
		var meta struct {
			Kind string `json:"kind"`
		}
		if err := json.Unmarshal(raw, &meta); err != nil {
			return nil, fmt.Errorf("items[%d]: %w", i, err)
		}
		var err error
		switch meta.Kind {
		case "Node":
			err = decodeInto(raw, &sc.Nodes)
		case "Pod":
			var pods []*v1.Pod
			if err = decodeInto(raw, &pods); err == nil {
				if p := pods[0]; p.Spec.NodeName != "" {
					sc.ExistingPods = append(sc.ExistingPods, p)
				} else {
					sc.Pods = append(sc.Pods, p)
				}
			}
		case "Namespace":
			err = decodeInto(raw, &sc.Namespaces)
		case "Service":
			err = decodeInto(raw, &sc.Services)
		case "ReplicationController":
			err = decodeInto(raw, &sc.ReplicationControllers)
		case "ReplicaSet":
			err = decodeInto(raw, &sc.ReplicaSets)
		case "StatefulSet":
			err = decodeInto(raw, &sc.StatefulSets)
		case "PodDisruptionBudget":
			err = decodeInto(raw, &sc.PodDisruptionBudgets)
		case "PriorityClass":
			err = decodeInto(raw, &sc.PriorityClasses)
		case "DeviceClass":
			err = decodeInto(raw, &sc.DeviceClasses)
		case "ResourceSlice":
			err = decodeInto(raw, &sc.ResourceSlices)
		case "ResourceClaim":
			err = decodeInto(raw, &sc.ResourceClaims)
		}
		if err != nil {
			return nil, fmt.Errorf("items[%d] (%s): %w", i, meta.Kind, err)
		}
	}
	return sc, nil
}

// decodeInto appends one List item, decoded as a T, to list.
func decodeInto[T any](raw json.RawMessage, list *[]*T) error {
	o := new(T)
	if err := json.Unmarshal(raw, o); err != nil {
		return err
	}
	*list = append(*list, o)
	return nil
}

// The logical clock of whole-dump mode (docs/scheduler.md §9b). Upstream's queue reads time in three places:
// a pod's queue timestamp (PrioritySort's tie-break after priority: when the informer added it, then when it
// last failed), its backoff expiry (that timestamp + 1 s × 2^(failures−1), at most 10 s, truncated to the 1 s
// backoffQ ordering window: backoff_queue.go getBackoffTime / calculateBackoffDuration), and the periodic
// flushes (backoffQ every second, the unschedulable pool after 5 min: PriorityQueue.Run). The oracle drives the
// real PriorityQueue on a fake clock: a pod enters the queue at its creationTimestamp plus its List index in
// nanoseconds (the informer adds pods as they are created, in List order within a second), the run starts at
// the next whole second after the last of them, and every scheduling cycle takes cycleTime. The whole run thus
// fits in one backoff window: no backoff completes and no flush is due while it runs, so a pod rejected and
// moved by an event waits in backoffQ until activeQ is empty, when Pop takes backoffQ's head (SchedulerPopFromBackoffQ,
// on since v1.33): fewest failures first, then PrioritySort (priority, then the time of the last failure).
// Binding is instantaneous on this clock: a placed pod's bind event (AssignedPod/Add) is delivered before the
// next cycle, as are a preemption's deletions (AssignedPod/Delete) and status patches (nominatedNodeName).
const (
	cycleTime = time.Microsecond
	// maxCycles bounds a run that would not settle (it cannot: every retry needs an event, and events come from
	// placements and deletions, both finite); well inside the one-second window at cycleTime.
	maxCycles = 200_000
)

// enqueueAtCreation adds the pods the profile answers to (eventhandlers.go responsibleForPod) to the queue at
// their creation times, in creation then List order (the logical clock above). A gated pod stays in the
// unschedulable pool (PreEnqueue: SchedulingGates).
func enqueueAtCreation(ctx context.Context, sched *scheduler.Scheduler, clk *testingclock.FakeClock, schedulerName string, pods []*v1.Pod) {
	type item struct {
		pod   *v1.Pod
		index int
	}
	var items []item
	for i, p := range pods {
		if p.Spec.SchedulerName == schedulerName {
			items = append(items, item{p, i})
		}
	}
	sort.SliceStable(items, func(a, b int) bool {
		return items[a].pod.CreationTimestamp.Before(&items[b].pod.CreationTimestamp)
	})
	for _, it := range items {
		clk.SetTime(it.pod.CreationTimestamp.Time.Add(time.Duration(it.index)))
		sched.SchedulingQueue.Add(ctx, it.pod)
	}
}

// runStart is the logical time the run starts: the next whole second after every pod was queued.
func runStart(pods []*v1.Pod) time.Time {
	var last time.Time
	for i, p := range pods {
		if t := p.CreationTimestamp.Time.Add(time.Duration(i)); t.After(last) {
			last = t
		}
	}
	return last.Truncate(time.Second).Add(time.Second)
}

func runWholeDump(sc *Scenario, req RunRequest, opts Options, out *RunOutput) error {
	clk := testingclock.NewFakeClock(time.Time{})
	opts.clock = clk
	e, cancel, err := buildEnv(sc, opts)
	defer cancel()
	if err != nil {
		return err
	}
	_ = takeUpstreamPanic()
	e.prefer = req.Prefer
	e.carryOut = true
	e.preferPreemption, e.preemptionsBy = req.PreferPreemption, map[string]int{}
	e.preferPreemptionTies()
	pq, ok := e.sched.SchedulingQueue.(*internalqueue.PriorityQueue)
	if !ok {
		return fmt.Errorf("the scheduling queue is a %T, not a PriorityQueue", e.sched.SchedulingQueue)
	}
	for _, p := range sc.Pods {
		key := p.Namespace + "/" + p.Name
		if p.Spec.SchedulerName != e.schedulerName {
			out.Skipped = append(out.Skipped, key)
		} else if s := e.preEnqueue(p); s != nil {
			out.Gated = append(out.Gated, GatedPod{Pod: key, Plugin: s.Plugin(), Message: s.Message()})
		}
	}

	clk.SetTime(runStart(sc.Pods))
	results := []PodResult{}
	slot := map[string]int{}
	victimsOf := map[string][]string{}
	preemptedOn := map[string]string{}
	// Pods whose last cycle had no rejecting plugin (an error, no nodes) wait in the error backoff queue, which
	// Pop never takes early.
	errored := sets.New[types.UID]()
	for cycles := 0; len(pq.PodsInActiveQ())+len(pq.PodsInBackoffQ())-errored.Len() > 0; cycles++ {
		if cycles == maxCycles {
			return fmt.Errorf("the run did not settle after %d scheduling cycles", maxCycles)
		}
		entity, err := pq.Pop(e.logger)
		if err != nil {
			return err
		}
		qpi, ok := entity.(*framework.QueuedPodInfo)
		if !ok {
			return fmt.Errorf("the queue popped a %T", entity)
		}
		clk.Step(cycleTime)
		out.Cycles++
		pod := qpi.Pod
		key := pod.Namespace + "/" + pod.Name
		if _, seen := slot[key]; !seen {
			slot[key] = len(results)
			results = append(results, PodResult{})
		}
		r := e.scheduleOne(pod)
		if err := takeUpstreamPanic(); err != nil {
			return err
		}
		r.Cycle = out.Cycles
		errored.Delete(pod.UID)
		switch r.Status {
		case "Scheduled":
			pq.Done(pod.UID)
			if err := e.bind(key); err != nil {
				return err
			}
			out.Bindings = append(out.Bindings, Binding{Pod: key, Node: r.Chosen, Cycle: out.Cycles})
		case "Skipped":
			pq.Done(pod.UID) // skipPodSchedule: a pod being deleted is not requeued
		default:
			toErrorQueue, err := e.requeue(qpi, r.Status == "Error")
			if err != nil {
				return err
			}
			if toErrorQueue {
				errored.Insert(pod.UID)
			}
			// A preemption (PostFilter nominated a node): its deletions, and prepareCandidate's clearing of the
			// lower-priority nominations on the node, which happens also when every victim was terminating
			// already and nothing was deleted.
			if r.NominatedNode != "" {
				if err := e.evict(pod, r.NominatedNode, r.Victims, out); err != nil {
					return err
				}
			}
			if len(r.Victims) > 0 {
				victimsOf[key] = append(victimsOf[key], r.Victims...)
				preemptedOn[key] = r.NominatedNode
			}
		}
		results[slot[key]] = r
	}
	for key, i := range slot {
		if v, ok := victimsOf[key]; ok {
			results[i].Victims = v
			results[i].PreemptedOn = preemptedOn[key]
		}
	}
	out.Results = results
	return nil
}

// bind is the binding cycle finishing at once on the logical clock, and the pod informer's update event for
// it (eventhandlers.go updatePod → addAssignedPodToCache: Cache.AddPod confirms the assumed pod, then
// MoveAllToActiveOrBackoffQueue with AssignedPod/Add).
func (e *env) bind(key string) error {
	p := e.inCache[key]
	if err := e.sched.Cache.AddPod(e.logger, p); err != nil {
		return err
	}
	e.sched.SchedulingQueue.MoveAllToActiveOrBackoffQueue(e.logger, framework.EventAssignedPodAdd, nil, p, nil)
	return nil
}

// requeue is handleSchedulingFailure (schedule_one.go) for the popped pod: the rejecting plugins of a FitError
// (the queue's hints ask them; none after an error, which counts as one), the pod as the informer holds it, back
// to the queue (AddUnschedulablePodIfNotPresent: the unschedulable pool, or backoffQ when an event during the
// cycle made it worth retrying), then the status patch's nominatedNodeName as the pod informer delivers it
// (updatePodInSchedulingQueue). The nominator already holds the nomination (scheduleOne).
func (e *env) requeue(qpi *framework.QueuedPodInfo, isError bool) (toErrorQueue bool, err error) {
	pi := qpi.DeepCopy()
	pi.ClearRejectorPlugins()
	if !isError {
		pi.UnschedulablePlugins = e.diagnosis.UnschedulablePlugins
		pi.PendingPlugins = e.diagnosis.PendingPlugins
	}
	// No rejecting plugin (an error, or no nodes at all): ConsecutiveErrorsCount, the error backoff queue.
	toErrorQueue = pi.UnschedulablePlugins.Len() == 0 && pi.PendingPlugins.Len() == 0
	lister := e.informers.Core().V1().Pods()
	cached, err := lister.Lister().Pods(qpi.Pod.Namespace).Get(qpi.Pod.Name)
	if err != nil {
		return toErrorQueue, err
	}
	pi.PodInfo, _ = framework.NewPodInfo(cached.DeepCopy())
	if err := e.sched.SchedulingQueue.AddUnschedulablePodIfNotPresent(e.logger, pi, e.sched.SchedulingQueue.SchedulingCycle()); err != nil {
		return toErrorQueue, err
	}
	if e.nominatingInfo.Mode() == fwk.ModeOverride && cached.Status.NominatedNodeName != e.nominatingInfo.NominatedNodeName {
		return toErrorQueue, e.patchNominatedNode(cached, e.nominatingInfo.NominatedNodeName)
	}
	return toErrorQueue, nil
}

// patchNominatedNode is a status patch of nominatedNodeName as the scheduler's pod informer delivers it
// (eventhandlers.go updatePodInSchedulingQueue): the queue's copy is updated, and a nomination that changed
// frees its node for lower- or equal-priority pods (AssignedPod/Delete with the LE-priority pre-check).
func (e *env) patchNominatedNode(old *v1.Pod, node string) error {
	updated := old.DeepCopy()
	updated.Status.NominatedNodeName = node
	if err := e.informers.Core().V1().Pods().Informer().GetIndexer().Update(updated); err != nil {
		return err
	}
	e.sched.SchedulingQueue.Update(e.ctx, old, updated)
	if old.Status.NominatedNodeName != "" && old.Status.NominatedNodeName != node {
		prio := podPriority(old)
		e.sched.SchedulingQueue.MoveAllToActiveOrBackoffQueue(e.logger, framework.EventAssignedPodDelete, old, nil, func(p *v1.Pod) bool { return podPriority(p) <= prio })
	}
	return nil
}

// deletedPods are the pods a slice of fake-clientset actions deleted ("namespace/name", in order).
func deletedPods(actions []testing.Action) []string {
	var out []string
	for _, a := range actions {
		if d, ok := a.(testing.DeleteAction); ok && a.GetResource().Resource == "pods" {
			out = append(out, d.GetNamespace()+"/"+d.GetName())
		}
	}
	return out
}

// evict applies what the deletion of the victims does to the scheduler: the cache loses them (the pod
// informer's delete handler) and the pods of lower priority nominated to the node lose their nomination
// (prepareCandidate → clearNominatedNodeName, whose status patch the queue's update handler turns into a
// nominator update). Each deletion reaches the queue as the pod informer's delete handler sends it
// (deleteAssignedPodFromCache: AssignedPod/Delete).
func (e *env) evict(preemptor *v1.Pod, node string, victims []string, out *RunOutput) error {
	for _, v := range victims {
		p, ok := e.inCache[v]
		if !ok {
			return fmt.Errorf("preemption of %s/%s deleted %s, which the cache does not hold", preemptor.Namespace, preemptor.Name, v)
		}
		if err := e.sched.Cache.RemovePod(e.logger, p); err != nil {
			return err
		}
		e.sched.SchedulingQueue.MoveAllToActiveOrBackoffQueue(e.logger, framework.EventAssignedPodDelete, p, nil, nil)
		if err := e.informers.Core().V1().Pods().Informer().GetIndexer().Delete(p); err != nil {
			return err
		}
		delete(e.inCache, v)
		out.Evictions = append(out.Evictions, Eviction{Pod: v, Node: node, Preemptor: preemptor.Namespace + "/" + preemptor.Name})
	}
	for _, pi := range e.fw.NominatedPodsForNode(node) {
		if q := pi.GetPod(); podPriority(q) < podPriority(preemptor) {
			e.sched.SchedulingQueue.DeleteNominatedPodIfExists(q)
			cached, err := e.informers.Core().V1().Pods().Lister().Pods(q.Namespace).Get(q.Name)
			if err != nil {
				return err
			}
			if err := e.patchNominatedNode(cached, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

// podPriority is corev1helpers.PodPriority: spec.priority, 0 when unset.
func podPriority(p *v1.Pod) int32 {
	if p.Spec.Priority == nil {
		return 0
	}
	return *p.Spec.Priority
}
