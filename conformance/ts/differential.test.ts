// The differential test: fast-check scenarios through the real kube-scheduler (the oracle, one process for the
// whole run, shrinking included) and through schedkit, pod by pod. Any difference is shrunk to a minimal
// scenario, written with both outputs to conformance/failures/<timestamp>.json, and fails the test.
//   SCHEDKIT_CONFORMANCE_RUNS  scenarios per engine (default 2000)
//   SCHEDKIT_CONFORMANCE_SEED  fast-check seed (default: a fresh one, printed)
import fc from "fast-check";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { scenarioArbitrary, type Scenario } from "@schedkit/core/arbitraries";
import { compareScenario, type Difference } from "./compare.js";
import { Oracle, type OracleOutput } from "./oracle.js";
import { KUBERNETES_VERSION, prepare, runSchedkit, tsUnderTest, type EngineUnderTest, type SchedkitRun } from "./run.js";

const RUNS = Number(process.env["SCHEDKIT_CONFORMANCE_RUNS"] ?? 2000);
const SEED = process.env["SCHEDKIT_CONFORMANCE_SEED"] === undefined ? Date.now() % 2 ** 31 : Number(process.env["SCHEDKIT_CONFORMANCE_SEED"]);
const FAILURES = fileURLToPath(new URL("../failures/", import.meta.url));

// Every family of the generators is on: all default plugins (resources incl. extended resources and hugepages,
// taints/tolerations, node affinity and selectors, host ports, images, topology spread, inter-pod affinity),
// priorities (preemption), cordoned nodes, terminating and finished pods, namespaces; profiles vary weights,
// disabled plugins, scoring strategies and plugin args. Two sizes: the default small clusters (ties, exact
// fits), and larger ones with longer pod sequences (assume, nominations, spread counts).
const generated: fc.Arbitrary<Scenario> = fc.oneof(
  { weight: 3, arbitrary: scenarioArbitrary({ kubernetesVersion: KUBERNETES_VERSION }) },
  { weight: 1, arbitrary: scenarioArbitrary({ kubernetesVersion: KUBERNETES_VERSION, maxNodes: 24, maxPendingPods: 10, maxBoundPodsPerNode: 4 }) },
);

/**
 * The generators leave status.nominatedNodeName unset; here some pending pods carry one (a node of the
 * cluster, or one that does not exist), as pods nominated by an earlier preemption do: the nominator and the
 * nominated-node fast path (evaluateNominatedNode) get exercised too.
 */
const scenarios: fc.Arbitrary<Scenario> = fc
  .tuple(generated, fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }) }))
  .map(([s, picks]) => {
    const pending = s.cluster.pods.filter((p) => (p.spec?.nodeName ?? "") === "");
    if (picks.length === 0 || pending.length === 0) return s;
    const names = s.cluster.nodes.map((n) => n.metadata.name);
    const chosen = new Map(picks.map(([p, n]) => [pending[p % pending.length]!, n % (names.length + 1) === names.length ? "gone-node" : names[n % (names.length + 1)]!]));
    const pods = s.cluster.pods.map((p) => {
      const node = chosen.get(p);
      if (node === undefined) return p;
      const q = structuredClone(p);
      return { ...q, status: { ...q.status, nominatedNodeName: node } };
    });
    return { ...s, cluster: { ...s.cluster, pods } };
  });

async function engines(): Promise<EngineUnderTest[]> {
  const out: EngineUnderTest[] = [tsUnderTest];
  const asm = (await import("@schedkit/asm")) as Record<string, unknown>;
  if (typeof asm["createWasmEngineSync"] === "function") {
    const wasm = (asm["createWasmEngineSync"] as () => { scheduler: EngineUnderTest["scheduler"] })();
    out.push({ name: "wasm", scheduler: (c, o) => wasm.scheduler(c, o) });
  }
  return out;
}

const oracle = new Oracle();
afterAll(() => oracle.close());

interface Counterexample {
  readonly scenario: Scenario;
  readonly oracleInput: unknown;
  readonly oracle: OracleOutput;
  readonly schedkit: SchedkitRun;
  readonly differences: readonly Difference[];
  readonly explain: boolean;
}

function summary(d: readonly Difference[]): string {
  return d
    .slice(0, 8)
    .map((x) => `  ${x.pod} ${x.what}\n    oracle:   ${JSON.stringify(x.oracle)}\n    schedkit: ${JSON.stringify(x.schedkit)}`)
    .join("\n");
}

describe.each(await engines())("schedkit ($name engine) against kube-scheduler v1.37.1", (engine) => {
  it(`agrees on ${RUNS} generated scenarios`, async () => {
    let last: Counterexample | null = null;
    let pods = 0;
    const counts = { Scheduled: 0, Unschedulable: 0, Error: 0, preempting: 0 };
    const t0 = performance.now();
    const property = fc.asyncProperty(scenarios, async (scenario) => {
      const p = prepare(scenario);
      const out = await oracle.run(p.oracle);
      // Explained (every per-node detail), then without explanations (the engines' fast paths, outcomes only).
      for (const explain of [true, false]) {
        const run = runSchedkit(engine, p, out, explain);
        const differences = compareScenario(out, run);
        if (differences.length > 0) {
          last = { scenario, oracleInput: p.oracle, oracle: out, schedkit: run, differences, explain };
          return false;
        }
      }
      pods += out.results.length;
      for (const r of out.results) {
        if (r.status === "Scheduled" || r.status === "Unschedulable" || r.status === "Error") counts[r.status]++;
        if (r.nominatedNode !== undefined) counts.preempting++;
      }
      return true;
    });
    const details = await fc.check(property, { numRuns: RUNS, seed: SEED });
    const seconds = (performance.now() - t0) / 1000;
    if (details.failed && last !== null) {
      const cx: Counterexample = last;
      mkdirSync(FAILURES, { recursive: true });
      const file = `${FAILURES}${new Date().toISOString().replace(/[:.]/g, "-")}-${engine.name}.json`;
      writeFileSync(file, JSON.stringify({ engine: engine.name, seed: details.seed, path: details.counterexamplePath, ...cx }, null, 2) + "\n");
      expect.fail(
        `schedkit (${engine.name}) differs from kube-scheduler ${KUBERNETES_VERSION} on a scenario (shrunk ${details.numShrinks} times; ` +
          `seed ${details.seed}, path ${details.counterexamplePath}); written to ${file}\n${summary(cx.differences)}`,
      );
    }
    if (details.failed) throw details.errorInstance ?? new Error(`property failed (seed ${details.seed})`);
    console.log(
      `[conformance] ${engine.name}: ${details.numRuns} scenarios, ${pods} pods (${counts.Scheduled} scheduled, ${counts.Unschedulable} unschedulable ` +
        `of which ${counts.preempting} nominated by preemption, ${counts.Error} errors) agree with kube-scheduler ${KUBERNETES_VERSION} ` +
        `in ${seconds.toFixed(1)} s (seed ${details.seed})`,
    );
  });
});
