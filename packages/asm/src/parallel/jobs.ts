// How a parallel question's jobs are handed out: to a pool's threads as they are ready and free, and for a
// one-call question to the calling thread as well. Answers are taken in any order; a question is decided by
// its own test (capacityEach: every shape answered; nodesToAdd: the search's result), never by who answered.

/** A question as jobs: the next one worth starting (undefined: none now), how it travels, its answer, and when it is decided. */
export interface Jobs<J, O> {
  /**
   * Whether every job is known up front, so that next() giving none means that none will come (capacityEach's
   * shapes, unlike nodesToAdd's probes, which follow the answers): only then does a one-call question's calling
   * thread run a thread's job again (runJobs), rather than wait for the answer that decides the next job.
   */
  readonly known: boolean;
  next(): J | undefined;
  input(job: J): unknown;
  answer(job: J, out: O): void;
  done(): boolean;
}

/** The threads a question's jobs go to. */
export interface Threads {
  /** How many jobs they run at once. */
  readonly count: number;
  /** Whether they take jobs now. */
  ready(): boolean;
  /** Starts them unless they are started; resolves once they take jobs. */
  start(): Promise<void>;
  run<O>(fn: string, input: unknown): Promise<O>;
}

/**
 * Runs a question's jobs until it is decided: one per thread at a time, once the threads are ready, and with
 * `local` (a one-call question), one at a time on the calling thread as well — synchronously, yielding between
 * jobs so that the threads' answers and readiness come in.
 *
 * A warm pool's question resolves once none of its jobs runs any more (a speculative probe still running when
 * the answers decide the question is this question's time, not the next one's on that thread). A one-call
 * question's threads start cold: while a thread starts, imports, builds its cluster and runs its first jobs on
 * code V8 has not warmed, it takes the second core from the calling thread's own collector and compiler, and
 * its job can end long after the calling thread has nothing left to do. So with `local`:
 * - the threads are started only once the calling thread has answered for `startAfterMs` (about a thread's
 *   start-up): a question that ends sooner starts none;
 * - once every job of a question whose jobs are `known` is started, the calling thread runs again the oldest
 *   job still running on a thread; the first answer of a job is the one taken (jobs are deterministic: both
 *   answers are the same);
 * - the question resolves once it is decided, leaving jobs still running to the threads' close().
 * Rejects with the first failure.
 */
export async function runJobs<J, O>(threads: Threads, fn: string, local: ((input: unknown) => O) | undefined, startAfterMs: number, q: Jobs<J, O>): Promise<void> {
  const t0 = performance.now();
  // Jobs running on the threads, oldest first; and every job answered (a job run twice is answered once).
  const onThreads: J[] = [];
  const answered = new Set<J>();
  const rerun = new Set<J>();
  let failure: { readonly error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const woken = () => new Promise<void>((r) => (wake = r));
  const fail = (error: unknown) => {
    failure ??= { error };
    notify();
  };
  const take = (job: J, out: O) => {
    // An answer that comes after the question is decided (a speculative probe), or a second answer of a job, is not needed.
    if (failure !== undefined || answered.has(job) || q.done()) return;
    answered.add(job);
    q.answer(job, out);
  };
  const fill = () => {
    while (failure === undefined && threads.ready() && onThreads.length < threads.count && !q.done()) {
      const job = q.next();
      if (job === undefined) return;
      onThreads.push(job);
      const ended = () => void onThreads.splice(onThreads.indexOf(job), 1);
      threads.run<O>(fn, q.input(job)).then(
        (out) => {
          ended();
          try {
            take(job, out);
          } catch (e) {
            fail(e);
          }
          fill();
          notify();
        },
        (e: unknown) => {
          ended();
          fail(e);
        },
      );
    }
  };
  let started = false;
  const start = () => {
    started = true;
    threads.start().then(() => {
      fill();
      notify();
    }, fail);
  };
  if (local === undefined) start();
  try {
    for (;;) {
      fill();
      if (failure !== undefined || q.done()) break;
      if (local !== undefined) {
        if (!started && performance.now() - t0 >= startAfterMs) start();
        const job = q.next() ?? (q.known ? onThreads.find((j) => !rerun.has(j)) : undefined);
        if (job !== undefined) {
          if (onThreads.includes(job)) rerun.add(job);
          take(job, local(q.input(job)));
          await new Promise<void>((r) => setImmediate(r));
          continue;
        }
      }
      if (onThreads.length === 0 && (local !== undefined || threads.ready())) throw new Error("schedkit: a parallel question is undecided with no job left to run");
      await woken();
    }
  } catch (e) {
    fail(e);
  }
  if (local === undefined) while (onThreads.length > 0) await woken();
  if (failure !== undefined) throw failure.error;
}
