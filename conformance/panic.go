package main

// Upstream code that panics in a goroutine it runs under HandleCrash (the Score plugins run per node through
// client-go's workqueue.ParallelizeUntil) takes kube-scheduler's process down: HandleCrash re-panics while
// apimachinery's runtime.ReallyCrash is true. The oracle must answer every scenario, so it turns that off and
// records the panic instead; the scenario is then answered with an error naming where upstream panicked, which
// schedkit must match with its own refusal (compare.ts). Without this, one such scenario would end the oracle
// and every comparison after it.

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
)

var upstreamPanic struct {
	sync.Mutex
	msg string
}

func init() {
	utilruntime.ReallyCrash = false
	utilruntime.PanicHandlers = append(utilruntime.PanicHandlers, func(_ context.Context, r interface{}) {
		msg := fmt.Sprintf("%v (in %s)", r, pluginFrames(string(debug.Stack())))
		upstreamPanic.Lock()
		if upstreamPanic.msg == "" {
			upstreamPanic.msg = msg
		}
		upstreamPanic.Unlock()
	})
}

// pluginFrames: the scheduler plugins' functions on the panicking goroutine's stack, innermost first, without
// their package paths and arguments ("noderesources.(*resourceAllocationScorer).deviceMatchesClass <- ...").
func pluginFrames(stack string) string {
	const marker = "k8s.io/kubernetes/pkg/scheduler/framework/plugins/"
	var frames []string
	for _, line := range strings.Split(stack, "\n") {
		if strings.HasPrefix(line, "\t") || !strings.HasPrefix(line, marker) {
			continue
		}
		name := strings.TrimPrefix(line, marker)
		if i := strings.LastIndex(name, "/"); i >= 0 {
			name = name[i+1:]
		}
		if i := strings.LastIndex(name, "("); i > 0 && strings.HasSuffix(name, ")") {
			name = name[:i]
		}
		frames = append(frames, name)
	}
	if len(frames) == 0 {
		return "no scheduler plugin"
	}
	return strings.Join(frames, " <- ")
}

// settleWorkers waits until no worker goroutine of workqueue.ParallelizeUntil is left. A worker defers
// HandleCrash before wg.Done, so Done runs first: ParallelizeUntil (and the cycle) can return while a panicking
// worker has yet to reach the panic handlers. Without this wait a panic could be missed by its scenario and
// blamed on the next one. A worker still running after settleTimeout is an error of its scenario, so a stuck
// upstream worker fails the comparison instead of hanging the run.
func settleWorkers() error {
	deadline := time.Now().Add(settleTimeout)
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n == len(buf) {
			buf = make([]byte, 2*len(buf))
			continue
		}
		if !bytes.Contains(buf[:n], []byte("workqueue.ParallelizeUntil.func1")) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("kube-scheduler's parallel workers were still running %s after the cycle returned", settleTimeout)
		}
		runtime.Gosched()
		time.Sleep(10 * time.Microsecond)
	}
}

// settleTimeout bounds settleWorkers: the workers it waits for have finished their work and are only unwinding.
const settleTimeout = 30 * time.Second

// takeUpstreamPanic returns the error for a panic recorded since the last call, or nil.
func takeUpstreamPanic() error {
	if err := settleWorkers(); err != nil {
		return err
	}
	upstreamPanic.Lock()
	defer upstreamPanic.Unlock()
	if upstreamPanic.msg == "" {
		return nil
	}
	err := fmt.Errorf("kube-scheduler panicked: %s", upstreamPanic.msg)
	upstreamPanic.msg = ""
	return err
}
