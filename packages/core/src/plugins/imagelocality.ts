// kube-scheduler: pkg/scheduler/framework/plugins/imagelocality/image_locality.go (docs/scheduler.md §5.6).
import { DomainError } from "../errors.js";
import type { CycleState, Plugin, PluginFactory } from "../framework/interfaces.js";
import type { SnapshotView } from "../framework/types.js";
import type { Pod } from "../model/types.js";
import { MAX_NODE_SCORE } from "./helper/normalize-score.js";

const NAME = "ImageLocality";

const MB = 1024 * 1024;
/** minThreshold: 23 MiB, below which an image scores nothing. */
export const MIN_THRESHOLD = 23 * MB;
/** maxContainerThreshold: 1000 MiB per container. */
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;
/**
 * Most containers (init + regular) a pod may have here: keeps `100 * maxThreshold` below 2^53 so the int64
 * arithmetic of calculatePriority is exact in float64.
 */
const MAX_CONTAINERS = 80_000;

const STATE_KEY = "Score" + NAME;

/** normalizedImageName: append `:latest` unless a tag or digest follows the last `/`. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(":") <= name.lastIndexOf("/") ? name + ":latest" : name;
}

/** What Score needs of the snapshot, computed once per pod. */
interface PreScoreState {
  /** Normalized image name per container (init containers first, as upstream sums them). */
  readonly images: readonly string[];
  /** scaledImageScore's spread per container: nodes holding the image / all nodes (0 when none does). */
  readonly spreads: Float64Array;
}

function preScoreState(pod: Pod, snapshot: SnapshotView): PreScoreState {
  const images: string[] = [];
  for (const c of pod.initContainers) images.push(normalizedImageName(c.image));
  for (const c of pod.containers) images.push(normalizedImageName(c.image));
  if (images.length > MAX_CONTAINERS) {
    throw new DomainError(`pods[${pod.namespace}/${pod.name}].spec`, images.length, `containers exceed the exact domain of ImageLocality (max ${MAX_CONTAINERS})`);
  }
  // totalNumNodes is every node of the snapshot, not only the feasible ones.
  const total = snapshot.nodes.length;
  const spreads = new Float64Array(images.length);
  for (let i = 0; i < images.length; i++) {
    const s = snapshot.imageState(images[i]!);
    spreads[i] = s === undefined ? 0 : s.numNodes / total;
  }
  return { images, spreads };
}

/** calculatePriority: clamp the summed image score to [min, max] and scale it to [0, 100] (int64 division). */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  let s = sumScores;
  if (s < MIN_THRESHOLD) s = MIN_THRESHOLD;
  else if (s > maxThreshold) s = maxThreshold;
  const num = MAX_NODE_SCORE * (s - MIN_THRESHOLD);
  const den = maxThreshold - MIN_THRESHOLD;
  // A pod without containers: Go computes 0 / negative = 0.
  if (num === 0) return 0;
  // Both operands are exact integers below 2^53; correct the float quotient to Go's truncation.
  let q = Math.trunc(num / den);
  if (q * den > num) q--;
  else if ((q + 1) * den <= num) q++;
  return q;
}

function create(): Plugin {
  return {
    name: NAME,
    score(state: CycleState, pod, node) {
      // The per-pod part (normalized names, cluster-wide spread) is computed at the first node and kept for the cycle.
      let s = state.read<PreScoreState>(STATE_KEY);
      if (s === undefined) {
        s = preScoreState(pod.pod, state.snapshot);
        state.write(STATE_KEY, s);
      }
      let sum = 0;
      for (let i = 0; i < s.images.length; i++) {
        // Size of the cache's summary for the name (the first node that listed it, see Snapshot.build); spread is cluster-wide.
        const size = node.imageSizes.get(s.images[i]!);
        if (size !== undefined) sum += Math.trunc(size * s.spreads[i]!);
      }
      return calculatePriority(sum, s.images.length);
    },
  };
}

/** ImageLocality: prefers nodes that already hold the pod's (large, not widely spread) images. */
export const imageLocality: PluginFactory = { name: NAME, create };
