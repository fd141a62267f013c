// A progress bar on stderr for long scheduling runs. scheduleAll is synchronous, so the bar cannot
// rely on timers: it appears once a run has taken PROGRESS_DELAY_MS and redraws at most every
// REDRAW_MS (terminal writes are synchronous on a TTY).
import cliProgress from "cli-progress";
import type { OutStream } from "./io.js";

const PROGRESS_DELAY_MS = 500;
const REDRAW_MS = 100;

/** An onProgress callback for scheduleAll and a stop() that clears the bar. */
export interface Progress {
  readonly onProgress: (done: number, total: number) => void;
  stop(): void;
}

/** A bar on `stream` when it is a terminal; otherwise undefined (no progress output at all). */
export function progressBar(stream: OutStream, enabled: boolean, unit = "pods"): Progress | undefined {
  if (!enabled || stream.isTTY !== true) return undefined;
  const start = Date.now();
  let last = 0;
  let bar: cliProgress.SingleBar | null = null;
  return {
    onProgress(done, total) {
      const now = Date.now();
      if (bar === null) {
        if (now - start < PROGRESS_DELAY_MS || done === total) return;
        bar = new cliProgress.SingleBar(
          {
            stream: stream as NodeJS.WritableStream,
            format: `${unit === "pods" ? "scheduling" : "simulating"} [{bar}] {value}/{total} ${unit}  {percentage}%  eta {eta_formatted}`,
            clearOnComplete: true,
            hideCursor: true,
            gracefulExit: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
        last = now;
        return;
      }
      if (now - last >= REDRAW_MS || done === total) {
        bar.update(done);
        last = now;
      }
    },
    stop() {
      bar?.stop();
    },
  };
}
