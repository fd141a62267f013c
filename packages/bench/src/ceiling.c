// The C ceiling of the resource kernel (suite "ceiling", ceiling.ts): the formulas the WebAssembly kernel
// runs for a profile of NodeResourcesFit (LeastAllocated or MostAllocated, cpu and memory, weights 1) and
// NodeResourcesBalancedAllocation (cpu and memory, v1.36 change in balance), every node examined, no assume,
// written branch-free so that gcc vectorizes the node loop. Built by ceiling.ts with
// `cc -O3 -msse4.2 -mno-avx` (x86-64: 128-bit SSE, 2 f64 lanes, as WebAssembly SIMD128) and IEEE arithmetic
// (no -ffast-math; -fno-trapping-math only lets both sides of a select be computed, as the kernel's lanes do):
// every operation is the kernel's, so the chosen nodes are the same, which ceiling.ts checks.
//
// Input file (little-endian): int32 n, int32 pods, int32 most (1: MostAllocated); then f64 columns of n
// entries: allocatable cpu, memory, pods; requested cpu, memory; non-zero requested cpu, memory; pod count;
// then per pod f64 cpu, memory, non-zero cpu, non-zero memory.
// Protocol on stdin/stdout: "run K" schedules the next K pods (round robin) and answers "ok <checksum>";
// "check" answers each pod's chosen node (the first top total, -1 when none fits), one per line.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int n, npods, most;
static double *acpu, *amem, *apods, *rcpu, *rmem, *zcpu, *zmem, *pods, *bw, *score;
static double *pod;

static double *column(FILE *f) {
  double *c = aligned_alloc(64, ((size_t)n * 8 + 63) / 64 * 64);
  if (c == NULL || fread(c, 8, (size_t)n, f) != (size_t)n) exit(2);
  return c;
}

// balanced_allocation.go balancedResourceScorer for two resources, the node without the incoming pod (the
// kernel's BW cache).
static void without_pod(void) {
  for (int i = 0; i < n; i++) {
    double f0 = fmin(rcpu[i] / acpu[i], 1.0);
    double f1 = fmin(rmem[i] / amem[i], 1.0);
    double std = fabs((f0 - f1) * 0.5);
    bw[i] = trunc((1.0 - std) * 100.0);
  }
}

// One pod over every node: fit, both scores, their weighted sum (−inf when the node does not fit), then the
// first top total. Returns its node, or -1. Both sides of every select are computed (as the SIMD kernel's
// lanes do), so that the loop has no control flow and vectorizes; min is (b < a ? b : a), f64x2.pmin.
static inline double pmin(double a, double b) { return b < a ? b : a; }

static int schedule(const double *p) {
  const double qc = p[0], qm = p[1], zc = p[2], zm = p[3];
  const int useCpu = qc > 0.0, useMem = qm > 0.0;
  for (int i = 0; i < n; i++) {
    double c0 = acpu[i], c1 = amem[i];
    int bad = (pods[i] + 1.0 > apods[i]) | (useCpu & (qc > c0 - rcpu[i])) | (useMem & (qm > c1 - rmem[i]));
    double q0 = zcpu[i] + zc, q1 = zmem[i] + zm;
    double s0, s1;
    if (most) {
      s0 = trunc(pmin(q0, c0) * 100.0 / c0);
      s1 = trunc(pmin(q1, c1) * 100.0 / c1);
    } else {
      double l0 = trunc((c0 - q0) * 100.0 / c0);
      double l1 = trunc((c1 - q1) * 100.0 / c1);
      s0 = q0 > c0 ? 0.0 : l0;
      s1 = q1 > c1 ? 0.0 : l1;
    }
    double fit = trunc((s0 + s1) * 0.5);
    double g0 = pmin((rcpu[i] + qc) / c0, 1.0);
    double g1 = pmin((rmem[i] + qm) / c1, 1.0);
    double std = fabs((g0 - g1) * 0.5);
    double with = trunc((1.0 - std) * 100.0);
    double bal = 50.0 + trunc((50.0 + with - bw[i]) * 0.5);
    double total = fit + bal;
    score[i] = bad ? -INFINITY : total;
  }
  double m0 = -INFINITY, m1 = -INFINITY;
  int i = 0;
  for (; i + 1 < n; i += 2) {
    m0 = score[i] > m0 ? score[i] : m0;
    m1 = score[i + 1] > m1 ? score[i + 1] : m1;
  }
  for (; i < n; i++) m0 = score[i] > m0 ? score[i] : m0;
  double max = m1 > m0 ? m1 : m0;
  if (max == -INFINITY) return -1;
  for (i = 0; i < n; i++)
    if (score[i] == max) return i;
  return -1;
}

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  FILE *f = fopen(argv[1], "rb");
  if (f == NULL) return 2;
  int32_t h[3];
  if (fread(h, 4, 3, f) != 3) return 2;
  n = h[0];
  npods = h[1];
  most = h[2];
  acpu = column(f);
  amem = column(f);
  apods = column(f);
  rcpu = column(f);
  rmem = column(f);
  zcpu = column(f);
  zmem = column(f);
  pods = column(f);
  pod = malloc((size_t)npods * 4 * 8);
  if (pod == NULL || fread(pod, 8, (size_t)npods * 4, f) != (size_t)npods * 4) return 2;
  fclose(f);
  bw = aligned_alloc(64, ((size_t)n * 8 + 63) / 64 * 64);
  score = aligned_alloc(64, ((size_t)n * 8 + 63) / 64 * 64);
  without_pod();
  char line[64];
  int next = 0;
  while (fgets(line, sizeof line, stdin) != NULL) {
    if (strncmp(line, "run ", 4) == 0) {
      long k = strtol(line + 4, NULL, 10);
      long sum = 0;
      for (long j = 0; j < k; j++) {
        sum += schedule(pod + 4 * (size_t)next);
        next = (next + 1) % npods;
      }
      printf("ok %ld\n", sum);
    } else if (strncmp(line, "check", 5) == 0) {
      for (int j = 0; j < npods; j++) printf("%d\n", schedule(pod + 4 * (size_t)j));
    }
    fflush(stdout);
  }
  return 0;
}
