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
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"

	v1 "k8s.io/api/core/v1"
	"k8s.io/client-go/testing"
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
}

// runDump reads a List from listPath and the tie choices from preferPath ("" = none) and writes RunOutput.
func runDump(listPath, preferPath string, opts Options, w io.Writer) error {
	out := RunOutput{KubernetesVersion: KubernetesVersion(), Results: []PodResult{}, Evictions: []Eviction{}, Skipped: []string{}}
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
	sc, err := scenarioFromList(data)
	if err == nil {
		err = runWholeDump(sc, prefer, opts, &out)
	}
	if err != nil {
		out.Error = err.Error()
		out.Results = []PodResult{}
	}
	b, err := json.Marshal(out)
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

func runWholeDump(sc *Scenario, prefer map[string]string, opts Options, out *RunOutput) error {
	e, cancel, err := buildEnv(sc, opts)
	defer cancel()
	if err != nil {
		return err
	}
	e.prefer = prefer
	e.carryOut = true

	// The queue: pods for this profile, in PrioritySort order (priority after admission, then creation time,
	// then List order).
	queue := make([]*v1.Pod, 0, len(sc.Pods))
	for _, p := range sc.Pods {
		if p.Spec.SchedulerName != "" && p.Spec.SchedulerName != e.schedulerName {
			out.Skipped = append(out.Skipped, p.Namespace+"/"+p.Name)
			continue
		}
		queue = append(queue, p)
	}
	priority := podPriority
	sort.SliceStable(queue, func(i, j int) bool {
		a, b := queue[i], queue[j]
		if priority(a) != priority(b) {
			return priority(a) > priority(b)
		}
		return a.CreationTimestamp.Before(&b.CreationTimestamp)
	})

	results := make([]PodResult, len(queue))
	slot := map[string]int{}
	for i, p := range queue {
		slot[p.Namespace+"/"+p.Name] = i
	}
	victimsOf := map[string][]string{}
	preemptedOn := map[string]string{}
	pass := queue
	for len(pass) > 0 {
		var retry []*v1.Pod
		for _, p := range pass {
			key := p.Namespace + "/" + p.Name
			r := e.scheduleOne(p)
			if victims := r.Victims; len(victims) > 0 {
				if err := e.evict(p, r.NominatedNode, victims, out); err != nil {
					return err
				}
				victimsOf[key] = append(victimsOf[key], victims...)
				preemptedOn[key] = r.NominatedNode
				retry = append(retry, p)
			}
			results[slot[key]] = r
		}
		// Retried in queue order with the nomination they hold now (it may have been cleared meanwhile).
		next := make([]*v1.Pod, 0, len(retry))
		for _, p := range retry {
			q := p.DeepCopy()
			q.Status.NominatedNodeName = e.nominatedNodeOf(p)
			next = append(next, q)
		}
		pass = next
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
// nominator update).
func (e *env) evict(preemptor *v1.Pod, node string, victims []string, out *RunOutput) error {
	for _, v := range victims {
		p, ok := e.inCache[v]
		if !ok {
			return fmt.Errorf("preemption of %s/%s deleted %s, which the cache does not hold", preemptor.Namespace, preemptor.Name, v)
		}
		if err := e.sched.Cache.RemovePod(e.logger, p); err != nil {
			return err
		}
		delete(e.inCache, v)
		out.Evictions = append(out.Evictions, Eviction{Pod: v, Node: node, Preemptor: preemptor.Namespace + "/" + preemptor.Name})
	}
	for _, pi := range e.fw.NominatedPodsForNode(node) {
		if q := pi.GetPod(); podPriority(q) < podPriority(preemptor) {
			e.sched.SchedulingQueue.DeleteNominatedPodIfExists(q)
		}
	}
	return nil
}

// nominatedNodeOf is the node the queue's nominator holds for p ("" when none).
func (e *env) nominatedNodeOf(p *v1.Pod) string {
	nodes, err := e.snapshot.ListNodesInPlacement()
	if err != nil {
		return ""
	}
	for _, ni := range nodes {
		for _, pi := range e.fw.NominatedPodsForNode(ni.Node().Name) {
			if pi.GetPod().UID == p.UID {
				return ni.Node().Name
			}
		}
	}
	return ""
}

// podPriority is corev1helpers.PodPriority: spec.priority, 0 when unset.
func podPriority(p *v1.Pod) int32 {
	if p.Spec.Priority == nil {
		return 0
	}
	return *p.Spec.Priority
}
