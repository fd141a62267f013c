// Command oracle evaluates kube-scheduler scenarios with the upstream scheduler framework linked in
// as a library, and prints per-pod filter statuses, scores, totals and FailedScheduling messages.
//
// Usage: oracle [-parallelism N] [-v N] [-pretty] [FILE|-]
//
//	oracle -describe [FILE|-]   # effective plugins per extension point of the (default) profile
//	oracle -generate N [-seed S] # the seeded benchmark cluster as a scenario (see nodegen.go)
//	oracle -run LIST [-prefer FILE] # a whole kubectl-style List scheduled in queue order (run.go)
//	oracle -run -                   # the same for each JSON line {list, prefer, profile?} on stdin
//
// Input is one scenario object, a JSON array of scenarios, or a stream of scenario objects (JSON
// lines). Output mirrors the shape: an object, an array, or one object per line. See README.md.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/go-logr/logr"
	v1 "k8s.io/api/core/v1"
	"k8s.io/klog/v2"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "oracle:", err)
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("oracle", flag.ContinueOnError)
	fs.SetOutput(stderr)
	parallelism := fs.Int("parallelism", 1, "framework parallelism (results do not depend on it)")
	verbosity := fs.Int("v", -1, "upstream klog verbosity on stderr (-1 = silent)")
	pretty := fs.Bool("pretty", false, "indent the output")
	describe := fs.Bool("describe", false, "print version, feature gates and the profile's plugins, then exit")
	generate := fs.Int("generate", 0, "print the seeded benchmark cluster of N nodes (plus the bench pod) as a scenario, then exit")
	seed := fs.Uint("seed", uint(BenchSeed), "seed for -generate")
	runList := fs.String("run", "", "schedule every pending pod of this kubectl-style List in queue order, preemptions carried out (run.go)")
	prefer := fs.String("prefer", "", "with -run: JSON object pod → node to take when that node is among the top-scoring ones")
	if err := fs.Parse(args); err != nil {
		return err
	}
	opts := Options{Parallelism: int32(*parallelism), Logger: setupLogging(*verbosity, stderr)}
	if *runList == "-" {
		return runDumpStream(stdin, stdout, opts)
	}
	if *runList != "" {
		return runDump(*runList, *prefer, opts, stdout)
	}
	if *generate > 0 {
		nodes, fill := GenerateCluster(uint32(*seed), *generate)
		hundred := int32(100)
		b, err := json.Marshal(Scenario{Nodes: nodes, ExistingPods: fill, Pods: []*v1.Pod{BenchPod()}, PercentageOfNodesToScore: &hundred})
		if err != nil {
			return err
		}
		_, err = stdout.Write(append(b, '\n'))
		return err
	}

	in := stdin
	if fs.NArg() > 1 {
		return errors.New("at most one input file")
	}
	if fs.NArg() == 1 && fs.Arg(0) != "-" {
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	w := bufio.NewWriterSize(stdout, 1<<16)
	defer w.Flush()

	if *describe {
		return runDescribe(in, w, opts)
	}
	return runStream(in, w, opts, *pretty)
}

// setupLogging silences klog unless a verbosity is requested; upstream logs go through the
// context logger and the klog globals.
func setupLogging(v int, stderr io.Writer) klog.Logger {
	kfs := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(kfs)
	if v < 0 {
		_ = kfs.Set("logtostderr", "false")
		_ = kfs.Set("stderrthreshold", "FATAL")
		klog.SetOutput(io.Discard)
		return logr.Discard()
	}
	_ = kfs.Set("v", fmt.Sprint(v))
	klog.SetOutput(stderr)
	return klog.Background()
}

func runStream(in io.Reader, w *bufio.Writer, opts Options, pretty bool) error {
	br := bufio.NewReaderSize(in, 1<<20)
	first, err := peekNonSpace(br)
	if err == io.EOF {
		return errors.New("empty input")
	}
	if err != nil {
		return err
	}
	dec := json.NewDecoder(br)
	encode := func(v any) error {
		var b []byte
		var err error
		if pretty {
			b, err = json.MarshalIndent(v, "", "  ")
		} else {
			b, err = json.Marshal(v)
		}
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}

	if first == '[' {
		if _, err := dec.Token(); err != nil {
			return err
		}
		if _, err := w.WriteString("["); err != nil {
			return err
		}
		for i := 0; dec.More(); i++ {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return fmt.Errorf("scenario %d: %w", i, err)
			}
			if i > 0 {
				if _, err := w.WriteString(",\n"); err != nil {
					return err
				}
			}
			if err := encode(evaluateRaw(raw, opts)); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return err
		}
		_, err := w.WriteString("]\n")
		return err
	}

	for i := 0; ; i++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("scenario %d: %w", i, err)
		}
		if err := encode(evaluateRaw(raw, opts)); err != nil {
			return err
		}
		if err := w.WriteByte('\n'); err != nil {
			return err
		}
		// Flush per scenario so a caller streaming JSON lines gets answers as they are ready.
		if err := w.Flush(); err != nil {
			return err
		}
	}
}

func evaluateRaw(raw json.RawMessage, opts Options) ScenarioOutput {
	sc, err := decodeScenario(raw)
	if err != nil {
		var idOnly struct {
			ID json.RawMessage `json:"id"`
		}
		_ = json.Unmarshal(raw, &idOnly)
		return ScenarioOutput{ID: idOnly.ID, KubernetesVersion: KubernetesVersion(), Error: "decoding scenario: " + err.Error(), Results: []PodResult{}}
	}
	return RunScenario(sc, opts)
}

func peekNonSpace(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.Peek(1)
		if err != nil {
			return 0, err
		}
		if !bytes.ContainsAny(b, " \t\r\n") {
			return b[0], nil
		}
		if _, err := br.ReadByte(); err != nil {
			return 0, err
		}
	}
}
