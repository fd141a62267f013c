package main

// Priority admission, as the API server runs it when a pod is created: the real admission plugin
// (plugin/pkg/admission/priority) over the scenario's PriorityClasses plus the built-in system classes that
// the API server creates at bootstrap. Pods that already carry spec.priority were stored by an API server,
// hence admitted when they were created, and are left as they are.

import (
	"context"
	"fmt"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	api "k8s.io/kubernetes/pkg/apis/core"
	apiv1 "k8s.io/kubernetes/pkg/apis/core/v1"
	schedulingapiv1 "k8s.io/kubernetes/pkg/apis/scheduling/v1"
	"k8s.io/kubernetes/plugin/pkg/admission/priority"
)

func admitPriorities(ctx context.Context, sc *Scenario) error {
	client := fake.NewSimpleClientset() //nolint:staticcheck // as in buildEnv
	f := informers.NewSharedInformerFactory(client, 0)
	idx := f.Scheduling().V1().PriorityClasses().Informer().GetIndexer()
	listed := sets.New[string]()
	for _, pc := range sc.PriorityClasses {
		schedulingapiv1.SetDefaults_PriorityClass(pc)
		if err := idx.Add(pc); err != nil {
			return err
		}
		listed.Insert(pc.Name)
	}
	for _, pc := range schedulingapiv1.SystemPriorityClasses() {
		if listed.Has(pc.Name) {
			continue
		}
		schedulingapiv1.SetDefaults_PriorityClass(pc)
		if err := idx.Add(pc); err != nil {
			return err
		}
	}
	plugin := priority.NewPlugin()
	plugin.SetExternalKubeClientSet(client)
	plugin.SetExternalKubeInformerFactory(f)
	if err := plugin.ValidateInitialization(); err != nil {
		return err
	}
	for _, list := range [][]*v1.Pod{sc.ExistingPods, sc.Pods} {
		for _, pod := range list {
			if pod.Spec.Priority != nil {
				continue
			}
			var internal api.Pod
			if err := apiv1.Convert_v1_Pod_To_core_Pod(pod, &internal, nil); err != nil {
				return err
			}
			attrs := admission.NewAttributesRecord(&internal, nil, api.Kind("Pod").WithVersion("version"), pod.Namespace, pod.Name,
				api.Resource("pods").WithVersion("version"), "", admission.Create, &metav1.CreateOptions{}, false, nil)
			if err := plugin.Admit(ctx, attrs, nil); err != nil {
				return fmt.Errorf("admission: %w", err)
			}
			pod.Spec.Priority = internal.Spec.Priority
			pod.Spec.PriorityClassName = internal.Spec.PriorityClassName
			if internal.Spec.PreemptionPolicy != nil {
				pp := v1.PreemptionPolicy(*internal.Spec.PreemptionPolicy)
				pod.Spec.PreemptionPolicy = &pp
			}
		}
	}
	return nil
}
