// The scheduling queue's timing rules, in milliseconds of simulated time.
// kube-scheduler: pkg/scheduler/backend/queue/backoff_queue.go and scheduling_queue.go (v1.37.1).

/** DefaultPodInitialBackoffDuration (1 s) and DefaultPodMaxBackoffDuration (10 s), scheduling_queue.go. */
export const DEFAULT_POD_INITIAL_BACKOFF_MS = 1000;
export const DEFAULT_POD_MAX_BACKOFF_MS = 10_000;
/** DefaultPodMaxInUnschedulablePodsDuration (5 min): flushUnschedulableEntitiesLeftover moves older pods out. */
export const POD_MAX_IN_UNSCHEDULABLE_MS = 5 * 60_000;
/** backoffQOrderingWindowDuration (1 s): backoff expirations are truncated to the window (alignToWindow). */
const BACKOFF_WINDOW_MS = 1000;

/**
 * backoffQueue.calculateBackoffDuration for a single pod (entity size 1): 0 before any failed attempt, then
 * initial × 2^(count−1), capped at max. The comparison `initial > max >> shift` is upstream's overflow guard.
 */
export function backoffDurationMs(count: number, initialMs: number, maxMs: number): number {
  if (count === 0) return 0;
  const shift = count - 1;
  // Go's >> on a positive Duration: floor division by 2^shift (0 once shift reaches 63).
  const capShifted = shift >= 63 ? 0 : Math.floor(maxMs / 2 ** shift);
  if (initialMs > capShifted) return maxMs;
  return initialMs * 2 ** shift;
}

/**
 * backoffQueue.getBackoffTime: the last attempt's timestamp plus the backoff for the failure count, truncated
 * to the 1 s ordering window (alignToWindow, with SchedulerPopFromBackoffQ on as in v1.33+). podMaxBackoff 0
 * disables backoff entirely.
 */
export function backoffExpiryMs(lastAttemptMs: number, count: number, initialMs: number, maxMs: number): number {
  if (maxMs === 0 || count === 0) return 0;
  const t = lastAttemptMs + backoffDurationMs(count, initialMs, maxMs);
  return t - (t % BACKOFF_WINDOW_MS);
}
