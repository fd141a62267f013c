package main

// Seeded benchmark clusters. The generator is specified in README.md ("Benchmark clusters") so the
// TypeScript bench can rebuild the same objects bit for bit; keep the two in sync.

import (
	"fmt"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// BenchSeed is the seed used by bench_test.go for every cluster size.
const BenchSeed uint32 = 42

// Mulberry32 is the 32-bit PRNG of the same name (Tommy Ettinger); all arithmetic is mod 2^32.
type Mulberry32 struct{ state uint32 }

// NewMulberry32 seeds the generator.
func NewMulberry32(seed uint32) *Mulberry32 { return &Mulberry32{state: seed} }

// Next returns the next uint32 of the stream.
func (m *Mulberry32) Next() uint32 {
	m.state += 0x6D2B79F5
	t := m.state
	t = (t ^ (t >> 15)) * (t | 1)
	t ^= t + (t^(t>>7))*(t|61)
	return t ^ (t >> 14)
}

// GenerateCluster returns n nodes and one "fill" pod bound to each node, drawing six numbers per
// node from one Mulberry32 stream (so a smaller cluster is a prefix of a larger one).
func GenerateCluster(seed uint32, n int) ([]*v1.Node, []*v1.Pod) {
	rng := NewMulberry32(seed)
	nodes := make([]*v1.Node, 0, n)
	pods := make([]*v1.Pod, 0, n)
	for i := 0; i < n; i++ {
		r0, r1, r2, r3, r4, r5 := rng.Next(), rng.Next(), rng.Next(), rng.Next(), rng.Next(), rng.Next()
		name := fmt.Sprintf("node-%05d", i)
		cpuMilli := int64(4000 + 1000*(r0%29))
		memGi := int64(8 + r1%121)
		zone := fmt.Sprintf("zone-%d", r2%3)
		alloc := v1.ResourceList{
			v1.ResourceCPU:    *resource.NewMilliQuantity(cpuMilli, resource.DecimalSI),
			v1.ResourceMemory: resource.MustParse(fmt.Sprintf("%dGi", memGi)),
			v1.ResourcePods:   resource.MustParse("110"),
		}
		node := &v1.Node{
			ObjectMeta: metav1.ObjectMeta{
				Name: name,
				UID:  types.UID("node-" + name),
				Labels: map[string]string{
					"kubernetes.io/hostname":      name,
					"topology.kubernetes.io/zone": zone,
				},
			},
			Status: v1.NodeStatus{Allocatable: alloc, Capacity: alloc.DeepCopy()},
		}
		if r5%10 == 0 {
			node.Spec.Taints = []v1.Taint{{Key: "bench/prefer-avoid", Value: "true", Effect: v1.TaintEffectPreferNoSchedule}}
		}
		nodes = append(nodes, node)

		fillCPU := cpuMilli * int64(r3%90) / 100
		fillMemMi := memGi * 1024 * int64(r4%90) / 100
		pods = append(pods, &v1.Pod{
			ObjectMeta: metav1.ObjectMeta{
				Name: "fill-" + name, Namespace: "bench", UID: types.UID("pod-bench/fill-" + name),
				Labels: map[string]string{"app": "bench"},
			},
			Spec: v1.PodSpec{
				NodeName: name,
				Containers: []v1.Container{{
					Name: "c", Image: "registry.k8s.io/pause:3.10",
					Resources: v1.ResourceRequirements{Requests: v1.ResourceList{
						v1.ResourceCPU:    resource.MustParse(fmt.Sprintf("%dm", fillCPU)),
						v1.ResourceMemory: resource.MustParse(fmt.Sprintf("%dMi", fillMemMi)),
					}},
				}},
			},
			Status: v1.PodStatus{Phase: v1.PodRunning},
		})
	}
	return nodes, pods
}

// BenchPod is the pod every benchmark iteration schedules: 500m / 1Gi, a soft zone spread over the
// fill pods and a soft preference for zone-1.
func BenchPod() *v1.Pod {
	return &v1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name: "incoming", Namespace: "bench", UID: "pod-bench/incoming",
			Labels: map[string]string{"app": "bench"},
		},
		Spec: v1.PodSpec{
			Containers: []v1.Container{{
				Name: "c", Image: "registry.k8s.io/pause:3.10",
				Resources: v1.ResourceRequirements{Requests: v1.ResourceList{
					v1.ResourceCPU:    resource.MustParse("500m"),
					v1.ResourceMemory: resource.MustParse("1Gi"),
				}},
			}},
			TopologySpreadConstraints: []v1.TopologySpreadConstraint{{
				MaxSkew: 1, TopologyKey: "topology.kubernetes.io/zone",
				WhenUnsatisfiable: v1.ScheduleAnyway,
				LabelSelector:     &metav1.LabelSelector{MatchLabels: map[string]string{"app": "bench"}},
			}},
			Affinity: &v1.Affinity{NodeAffinity: &v1.NodeAffinity{
				PreferredDuringSchedulingIgnoredDuringExecution: []v1.PreferredSchedulingTerm{{
					Weight: 10,
					Preference: v1.NodeSelectorTerm{MatchExpressions: []v1.NodeSelectorRequirement{{
						Key: "topology.kubernetes.io/zone", Operator: v1.NodeSelectorOpIn, Values: []string{"zone-1"},
					}}},
				}},
			}},
		},
	}
}
