import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertAsyncProperty, propertySeeds, runParameters } from "../../../core/src/_test/long.js";
import { runJobs, type Jobs, type Threads } from "./jobs.js";

/**
 * `count` fake threads, ready `readyAt` ms after start() (null: never): a job answers `2 · input` after
 * `delay(input)` ms, or fails where `fail(input)`. The log says what they ran.
 */
function fakeThreads(count: number, delay: (input: number) => number, { readyAt = 0 as number | null, fail = (_: number): boolean => false } = {}) {
  const log = { starts: 0, ran: [] as number[], running: 0, most: 0 };
  let ready = false;
  const threads: Threads = {
    count,
    ready: () => ready,
    start: () => {
      log.starts++;
      return readyAt === null ? new Promise<void>(() => {}) : new Promise<void>((r) => setTimeout(r, readyAt)).then(() => void (ready = true));
    },
    run<O>(_fn: string, input: unknown): Promise<O> {
      const i = input as number;
      if (!ready) throw new Error(`job ${i} handed to threads that are not ready`);
      log.ran.push(i);
      log.running++;
      log.most = Math.max(log.most, log.running);
      return new Promise<O>((resolve, reject) =>
        setTimeout(() => {
          log.running--;
          if (fail(i)) reject(new Error(`job ${i} failed`));
          else resolve((2 * i) as O);
        }, delay(i)),
      );
    },
  };
  return { threads, log };
}

/** Jobs 0 … n−1, each to be answered once with 2 · i; decided when all are. */
function everyJob(n: number) {
  let next = 0;
  const answers: number[][] = Array.from({ length: n }, () => []);
  const q: Jobs<number, number> = {
    known: true,
    next: () => (next < n ? next++ : undefined),
    input: (i) => i,
    answer: (i, out) => void answers[i]!.push(out),
    done: () => answers.every((a) => a.length > 0),
  };
  return { q, answers };
}

const range = (n: number) => [...Array(n).keys()];
const twice = (answers: number[][]) => answers.map((a) => a.map((x) => x / 2));

describe("runJobs: a question's jobs on the threads and the calling thread", () => {
  it("answers every job on the calling thread, in order, when the question ends before it is time to start threads", async () => {
    const { threads, log } = fakeThreads(2, () => 0);
    const { q, answers } = everyJob(12);
    const local: number[] = [];
    await runJobs(threads, "f", (i) => (local.push(i as number), 2 * (i as number)), 60_000, q);
    expect(log.starts).toBe(0);
    expect(local).toEqual(range(12));
    expect(twice(answers)).toEqual(range(12).map((i) => [i]));
  });

  it("answers on the calling thread while the threads are not ready", async () => {
    const { threads, log } = fakeThreads(2, () => 0, { readyAt: null });
    const { q, answers } = everyJob(12);
    await runJobs(threads, "f", (i) => 2 * (i as number), 0, q);
    expect(log.starts).toBe(1);
    expect(log.ran).toEqual([]);
    expect(twice(answers)).toEqual(range(12).map((i) => [i]));
  });

  it("hands jobs to the threads once they are ready, the calling thread answering the others meanwhile", async () => {
    const { threads, log } = fakeThreads(2, () => 2, { readyAt: 5 });
    const { q, answers } = everyJob(40);
    const local: number[] = [];
    const busy = (ms: number) => {
      for (const t = performance.now(); performance.now() - t < ms; );
    };
    await runJobs(threads, "f", (i) => (busy(1), local.push(i as number), 2 * (i as number)), 0, q);
    expect(local.length).toBeGreaterThan(0);
    expect(log.ran.length).toBeGreaterThan(0);
    expect(new Set([...local, ...log.ran])).toEqual(new Set(range(40)));
    expect(twice(answers)).toEqual(range(40).map((i) => [i]));
    expect(log.most).toBeLessThanOrEqual(2);
  });

  it("keeps one job per thread on a warm pool (no calling thread), answers in any order", async () => {
    const { threads, log } = fakeThreads(3, (i) => (i * 7) % 5);
    const { q, answers } = everyJob(20);
    await runJobs(threads, "f", undefined, 0, q);
    expect(log.most).toBe(3);
    expect(twice(answers)).toEqual(range(20).map((i) => [i]));
  });

  it("on a warm pool, waits for jobs still running once the question is decided, and does not take their answers", async () => {
    // A search decided by its first answer while a slower, speculative job runs on the other thread.
    const { threads, log } = fakeThreads(2, (i) => (i === 0 ? 1 : 20));
    let next = 0;
    const taken: number[] = [];
    const q: Jobs<number, number> = { known: false, next: () => next++, input: (i) => i, answer: (i) => void taken.push(i), done: () => taken.length > 0 };
    await runJobs(threads, "f", undefined, 0, q);
    expect(taken).toEqual([0]);
    expect(log.ran).toEqual([0, 1]);
    expect(log.running).toBe(0);
  });

  it("with the calling thread, runs a thread's job again when nothing is left to start, takes the first answer and does not wait for the other", async () => {
    // One cold thread: its job takes 200 ms; the calling thread answers the rest, then that job too.
    const { threads, log } = fakeThreads(1, () => 200);
    const { q, answers } = everyJob(4);
    const local: number[] = [];
    const slow = (i: number) => {
      // The thread is ready (0 ms) before the calling thread's first job ends.
      for (const t = performance.now(); i === 1 && performance.now() - t < 5; );
      local.push(i);
      return 2 * i;
    };
    await runJobs(threads, "f", (i) => slow(i as number), 0, q);
    expect(log.running).toBe(1);
    expect(log.ran.length).toBe(1);
    expect(local).toEqual([...range(4).filter((i) => i !== log.ran[0]), log.ran[0]]);
    expect(twice(answers)).toEqual(range(4).map((i) => [i]));
    // The thread's answer comes later and is not taken a second time.
    await new Promise((r) => setTimeout(r, 250));
    expect(twice(answers)).toEqual(range(4).map((i) => [i]));
  });

  it("with the calling thread, waits for the answer a question's next job follows (a search) instead of running a thread's job again", async () => {
    // A chain: job k + 1 exists once job k is answered, as nodesToAdd's next probe follows the answers.
    const { threads, log } = fakeThreads(1, () => 5);
    let handed = 0;
    let taken = 0;
    const q: Jobs<number, number> = { known: false, next: () => (handed === taken && handed < 6 ? handed++ : undefined), input: (i) => i, answer: () => void taken++, done: () => taken === 6 };
    const local: number[] = [];
    await runJobs(threads, "f", (i) => (local.push(i as number), 2 * (i as number)), 0, q);
    expect(taken).toBe(6);
    expect([...local, ...log.ran].sort((a, b) => a - b)).toEqual(range(6));
  });

  it("rejects with the first failure, after the jobs still running have finished", async () => {
    const { threads, log } = fakeThreads(2, (i) => (i === 1 ? 1 : 10), { fail: (i) => i === 1 });
    const { q } = everyJob(6);
    await expect(runJobs(threads, "f", undefined, 0, q)).rejects.toThrow("job 1 failed");
    expect(log.running).toBe(0);
  });

  it("rejects with the calling thread's error (a bad shape's SchedkitError) as the one-thread call throws it", async () => {
    const { threads } = fakeThreads(1, () => 0, { readyAt: null });
    const { q } = everyJob(3);
    const bad = new Error("pods[0]: bad");
    const local = (i: unknown) => {
      if (i === 1) throw bad;
      return 0;
    };
    await expect(runJobs(threads, "f", local, 0, q)).rejects.toBe(bad);
  });

  it("says a question that has nothing left to run and is not decided is undecided, instead of waiting forever", async () => {
    const q: Jobs<number, number> = { known: false, next: () => undefined, input: (i) => i, answer: () => {}, done: () => false };
    await expect(runJobs(fakeThreads(2, () => 0).threads, "f", undefined, 0, q)).rejects.toThrow(/undecided with no job left to run/);
    await expect(runJobs(fakeThreads(2, () => 0, { readyAt: null }).threads, "f", () => 0, 0, q)).rejects.toThrow(/undecided with no job left to run/);
  });

  // A fixed seed, and a fresh one each run (SCHEDKIT_PROPERTY_SEED replaces both, to replay); each prints its seed.
  for (const [label, seed] of propertySeeds(2612)) {
    it(`answers every job exactly once, whoever runs it and whenever the threads start and are ready (${label})`, async () => {
      const setting = fc.record({
        jobs: fc.integer({ min: 1, max: 24 }),
        count: fc.integer({ min: 1, max: 3 }),
        delays: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 24, maxLength: 24 }),
        readyAt: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
        startAfterMs: fc.integer({ min: 0, max: 6 }),
        local: fc.boolean(),
      });
      await assertAsyncProperty(
        `runJobs answers every job once (${label})`,
        fc.asyncProperty(setting, async (s) => {
          // Without the calling thread the threads must be ready at some point, or nothing would ever run.
          const { threads, log } = fakeThreads(s.count, (i) => s.delays[i]!, { readyAt: s.local ? s.readyAt : (s.readyAt ?? 0) });
          const { q, answers } = everyJob(s.jobs);
          const local: number[] = [];
          await runJobs(threads, "f", s.local ? (i) => (local.push(i as number), 2 * (i as number)) : undefined, s.startAfterMs, q);
          expect(twice(answers)).toEqual(range(s.jobs).map((i) => [i]));
          expect(new Set([...local, ...log.ran])).toEqual(new Set(range(s.jobs)));
          // A job runs at most twice: on a thread, and again on the calling thread once nothing is left to start.
          expect(new Set(log.ran).size).toBe(log.ran.length);
          expect(new Set(local).size).toBe(local.length);
          expect(log.most).toBeLessThanOrEqual(s.count);
          expect(log.starts).toBeLessThanOrEqual(1);
          // A warm pool's question waits for its jobs; a one-call question leaves them to the threads' close().
          if (!s.local) expect(log.running).toBe(0);
          await new Promise((r) => setTimeout(r, 4));
          expect(answers.every((a) => a.length === 1)).toBe(true);
        }),
        runParameters(60, seed),
      );
    });
  }
});
