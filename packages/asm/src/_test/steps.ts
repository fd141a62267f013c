// Test-only: a sequence of scheduleMany batches and removals played on the TypeScript Scheduler and on a
// WasmScheduler over their own copies of one cluster, each batch's placements compared.
import { expect } from "vitest";
import type { PodInput, Scheduler, ScheduleResult } from "@schedkit/core";
import type { WasmScheduler } from "../scheduler.js";

/** A batch of pods to schedule, or picks (modulo the placed pods) of pods to remove. */
export type Step = { readonly op: "schedule"; readonly pods: readonly PodInput[] } | { readonly op: "remove"; readonly picks: readonly number[] };

/** What a batch decided, pod by pod: key, status, node. */
export const placements = (rs: readonly ScheduleResult[]) => rs.map((r) => [r.pod, r.status, r.nodeName]);

/**
 * Plays `steps` on both schedulers (`placed`: the pods already bound, by key and node, that removals may pick);
 * `afterBatch` sees each batch's WASM runPods before and after it.
 */
export function playSteps(ts: Scheduler, w: WasmScheduler, steps: readonly Step[], placed: [string, string][] = [], afterBatch?: (runPodsBefore: number) => void): void {
  for (const st of steps) {
    if (st.op === "schedule") {
      const want = placements(ts.scheduleMany(st.pods));
      const before = w.stats.runPods;
      expect(placements(w.scheduleMany(st.pods))).toEqual(want);
      afterBatch?.(before);
      for (const [key, , node] of want) if (node !== null) placed.push([key as string, node as string]);
    } else {
      for (const k of st.picks) {
        if (placed.length === 0) break;
        const [key, node] = placed.splice(k % placed.length, 1)[0]!;
        ts.removePod(key, node);
        w.removePod(key, node);
      }
    }
  }
}
