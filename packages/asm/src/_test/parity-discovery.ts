// Which of core's test files the engine-parity tests run again, found on disk so that a new table or test file is
// covered without editing a parity test, and which golden tables of core/test-data each parity run accounts for.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** core's sources and golden tables. */
export const coreSrc = fileURLToPath(new URL("../../../core/src/", import.meta.url));
const testData = fileURLToPath(new URL("../../../core/test-data/", import.meta.url));

const coreTests = (readdirSync(coreSrc, { recursive: true }) as string[]).filter((f) => f.endsWith(".test.ts")).sort();
const source = (file: string) => readFileSync(coreSrc + file, "utf8");

/** Every golden table (a .json file) of core/test-data. */
export const TABLES: readonly string[] = readdirSync(testData).filter((f) => f.endsWith(".json")).sort();

/** Every per-plugin golden table test of core (`<plugin>.fixtures.test.ts`). */
export const SCHEDULING_FIXTURE_TESTS: readonly string[] = coreTests.filter((f) => f.endsWith(".fixtures.test.ts"));

/**
 * core's functions the CPU-truth engine has a twin of (WasmCpuEngine: layeredReport; waterFillGroups for
 * waterFill; cpuCgroups for milliCPUToShares and milliCPUToQuota; sharesToWeights for sharesToWeight).
 */
export const CPU_TWINS = ["layeredReport", "waterFill", "milliCPUToShares", "milliCPUToQuota", "sharesToWeight"] as const;

/** Every core test file that calls a function of CPU_TWINS: the CPU parity runs each with the call wrapped. */
export const CPU_PARITY_TESTS: readonly string[] = coreTests.filter((f) => CPU_TWINS.some((name) => new RegExp(`\\b${name}\\(`).test(source(f))));

/** A reference call's outcome for the parity wrappers: its value, or what it threw (`error` null when it returned). */
export function attempt<T>(ref: () => T): { value: T | undefined; error: unknown } {
  try {
    return { value: ref(), error: null };
  } catch (e) {
    return { value: undefined, error: e ?? new Error(String(e)) };
  }
}

/**
 * core's _test/fixtures.ts with `loadFixture` recording each table it reads into `tables`: the parity tests'
 * `vi.mock` factory for it, so their coverage checks know which tables the core test files they ran loaded.
 */
export async function recordingFixtures<M extends { loadFixture(file: string): unknown }>(importOriginal: () => Promise<M>, tables: Set<string>): Promise<M> {
  const fixtures = await importOriginal();
  return {
    ...fixtures,
    loadFixture: (file: string) => {
      tables.add(file);
      return fixtures.loadFixture(file);
    },
  };
}

/** The golden tables whose file name appears in any of `files` (core test files). */
export function tablesNamedIn(files: readonly string[]): string[] {
  const text = files.map(source).join("\n");
  return TABLES.filter((t) => text.includes(`"${t}"`));
}

/**
 * Golden tables no parity run reads through core's test files, and why: each is checked by core's own tests,
 * and where the WASM side has a twin, by a test of its own.
 */
export const ENGINE_INDEPENDENT: ReadonlyMap<string, string> = new Map([
  ["failed_scheduling_message.json", "FitError message formatting, shared by both engines"],
  ["gomath.json", "Go math ports"],
  ["kubectl-sample.json", "kubectl JSON decoding"],
  ["kubelet_pod_cgroup.json", "kubelet QoS, PodLimits and pod cgroup (src/cpu/layered.test.ts runs every pod through both engines)"],
  ["num_feasible_nodes.json", "numFeasibleNodesToFind arithmetic, shared by both engines"],
  ["openstack_placement.json", "OpenStack Placement"],
  ["pod_requests.json", "pod request arithmetic, shared by both engines"],
  ["quantity.json", "Kubernetes quantity parsing"],
]);
