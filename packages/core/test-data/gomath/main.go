// Generates gomath.json: Go math.Log / math.Round reference values (Log as the amd64 assembly computes it) for util/golog.test.ts and
// util/goround.test.ts. Run from this directory: `go run . > ../gomath.json` (amd64, GOAMD64=v1).
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"runtime"
)

// splitmix64 gives the same sequence as the TS test's BigInt version.
type splitmix64 uint64

func (s *splitmix64) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// randomFinite returns the n-th finite float64 of the sequence (NaN/Inf bit patterns are skipped).
func randomFinites(seed uint64, n int, positive bool) []float64 {
	s := splitmix64(seed)
	out := make([]float64, 0, n)
	for len(out) < n {
		b := s.next()
		if positive {
			b &^= 1 << 63
		}
		if (b>>52)&0x7ff == 0x7ff {
			continue
		}
		out = append(out, math.Float64frombits(b))
	}
	return out
}

func digest(xs []float64, f func(float64) float64) string {
	h := sha256.New()
	var b [8]byte
	for _, x := range xs {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(f(x)))
		h.Write(b[:])
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

type row struct {
	X    string `json:"x"`    // input bits, hex
	Want string `json:"want"` // Go result bits, hex
}

func table(xs []float64, f func(float64) float64) []row {
	out := make([]row, len(xs))
	for i, x := range xs {
		out[i] = row{fmt.Sprintf("%016x", math.Float64bits(x)), fmt.Sprintf("%016x", math.Float64bits(f(x)))}
	}
	return out
}

func main() {
	ints := make([]float64, 200000)
	for i := range ints {
		ints[i] = float64(i + 1)
	}
	logSpecial := []float64{1, 2, 3, 14, 176, 185, 0.5, 0.7071067811865476, 0.7071067811865475, 1e-300,
		math.Ldexp(math.Sqrt2/2, 32), math.Ldexp(math.Sqrt2/2, 33), 6.5e-310, // amd64 assembly ≠ portable log.go here
		5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, math.MaxFloat64, 0, math.Copysign(0, -1), -1,
		math.Inf(1), math.Inf(-1), math.NaN(), 1.0000000000000002, 0.9999999999999999, math.E, 10, 5002}
	roundSpecial := []float64{0, math.Copysign(0, -1), 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994,
		-0.49999999999999994, 0.5000000000000001, 4503599627370495.5, -4503599627370495.5, 4503599627370496,
		9007199254740993, 2251799813685247.5, 1.9999999999999998, 2.5000000000000004, 1e300, -1e300, 5e-324,
		-5e-324, math.Inf(1), math.Inf(-1), math.NaN(), 12.5, 123.49999999999999, 7.000000000000001, 0.9999999999999999}
	doc := map[string]any{
		"generator":    "packages/core/test-data/gomath/main.go",
		"goVersion":    runtime.Version(),
		"goarch":       runtime.GOARCH,
		"splitmix":     map[string]any{"logSeed": 1, "roundSeed": 2, "count": 200000},
		"logSpecial":   table(logSpecial, math.Log),
		"logIntegers":  map[string]any{"from": 1, "to": 200000, "sha256": digest(ints, math.Log)},
		"logRandom":    digest(randomFinites(1, 200000, true), math.Log),
		"roundSpecial": table(roundSpecial, math.Round),
		"roundRandom":  digest(randomFinites(2, 200000, false), math.Round),
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(doc); err != nil {
		panic(err)
	}
}
