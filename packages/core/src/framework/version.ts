// Behaviour that changed across releases (docs/scheduler.md §9) is selected by the Kubernetes version.
import { SchedkitError } from "../errors.js";

/** A Kubernetes minor release (patch matters for a few back-ports, e.g. the 1.34 taint reason). */
export interface KubeVersion {
  readonly minor: number;
  readonly patch: number;
}

/** Oldest and newest releases whose behaviour schedkit models. */
const OLDEST_SUPPORTED_MINOR = 30;
const NEWEST_SUPPORTED_MINOR = 37;
/**
 * The default: the newest release schedkit models, the one conformance/ checks it against (kube-scheduler
 * v1.37.1) and the last column of the feature-gate table (version.test.ts keeps the three equal).
 */
export const DEFAULT_KUBERNETES_VERSION = "1.37";

/** Every release `kubernetesVersion` accepts, oldest first ("1.30" … the default). */
export const SUPPORTED_KUBERNETES_VERSIONS: readonly string[] = Object.freeze(
  Array.from({ length: NEWEST_SUPPORTED_MINOR - OLDEST_SUPPORTED_MINOR + 1 }, (_, i) => `1.${OLDEST_SUPPORTED_MINOR + i}`),
);

/** Parses "1.36", "v1.34.2" into a KubeVersion; throws naming the option. */
export function parseKubeVersion(text: unknown, path = "kubernetesVersion"): KubeVersion {
  const m = typeof text === "string" ? /^v?1\.(\d+)(?:\.(\d+))?$/.exec(text) : null;
  if (m === null) throw new SchedkitError(path, text, 'is not a Kubernetes version like "1.36" or "v1.34.2"');
  const minor = Number(m[1]);
  // A minor without a patch means "the latest patch of that minor".
  const patch = m[2] === undefined ? Number.MAX_SAFE_INTEGER : Number(m[2]);
  if (minor < OLDEST_SUPPORTED_MINOR || minor > NEWEST_SUPPORTED_MINOR) {
    throw new SchedkitError(path, text, `is outside the supported releases 1.${OLDEST_SUPPORTED_MINOR}–1.${NEWEST_SUPPORTED_MINOR}`);
  }
  return { minor, patch };
}

export function atLeast(v: KubeVersion, minor: number, patch = 0): boolean {
  return v.minor > minor || (v.minor === minor && v.patch >= patch);
}
