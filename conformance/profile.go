package main

import (
	"encoding/json"
	"fmt"

	schedconfig "k8s.io/kubernetes/pkg/scheduler/apis/config"
	"k8s.io/kubernetes/pkg/scheduler/apis/config/scheme"
	"k8s.io/kubernetes/pkg/scheduler/apis/config/validation"
)

// loadProfile turns an optional v1 KubeSchedulerProfile into the internal configuration exactly as
// kube-scheduler --config does: wrap it in a v1 KubeSchedulerConfiguration, decode with the
// scheduler scheme (strict, with v1 defaulting: default plugins merged with the profile's
// enabled/disabled sets, default plugin args), then validate.
func loadProfile(profile json.RawMessage, percentageOfNodesToScore *int32) (*schedconfig.KubeSchedulerConfiguration, error) {
	doc := map[string]any{
		"apiVersion": "kubescheduler.config.k8s.io/v1",
		"kind":       "KubeSchedulerConfiguration",
	}
	if len(profile) > 0 && string(profile) != "null" {
		doc["profiles"] = []json.RawMessage{profile}
	}
	if percentageOfNodesToScore != nil {
		doc["percentageOfNodesToScore"] = *percentageOfNodesToScore
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	obj, gvk, err := scheme.Codecs.UniversalDecoder().Decode(data, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	cfg, ok := obj.(*schedconfig.KubeSchedulerConfiguration)
	if !ok {
		return nil, fmt.Errorf("profile: decoded %s, not a KubeSchedulerConfiguration", gvk)
	}
	cfg.TypeMeta.APIVersion = gvk.GroupVersion().String()
	if err := validation.ValidateKubeSchedulerConfiguration(cfg); err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	if len(cfg.Profiles) != 1 {
		return nil, fmt.Errorf("profile: expected exactly one profile, got %d", len(cfg.Profiles))
	}
	return cfg, nil
}
