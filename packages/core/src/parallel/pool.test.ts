import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { describe, expect, it } from "vitest";
import { SchedkitError } from "../errors.js";
import { createWorkerPool, sweep } from "./index.js";

const task = new URL("./fixtures/task.mjs", import.meta.url);
const setup = { salt: 0x5eed, table: [[0, "even"], [1, "odd"]] };
const inputs = Array.from({ length: 12 }, (_, i) => ({ seed: i * 7919 + 1, steps: 20_000 + i * 3_000 }));

describe("sweep: the results of one thread, from several", () => {
  it("returns the same results in input order with 1, 2 and 3 threads", async () => {
    const one = await sweep(task, "walk", inputs, { workers: 1, setup });
    expect(one.map((r) => (r as { seed: number }).seed)).toEqual(inputs.map((i) => i.seed));
    expect(await sweep(task, "walk", inputs, { workers: 2, setup })).toEqual(one);
    expect(await sweep(task, "walk", inputs, { workers: 3, setup })).toEqual(one);
  });

  it("starts no more threads than there are inputs, and none for none", async () => {
    expect(await sweep(task, "walk", [], { workers: 4, setup })).toEqual([]);
    const where = await sweep<{ threadId: number }>(task, "where", [{}], { workers: 4, setup });
    expect(where).toHaveLength(1);
  });

  it("takes the task module as a URL or as an absolute path", async () => {
    const byUrl = await sweep(task, "walk", inputs.slice(0, 2), { workers: 2, setup });
    expect(await sweep(fileURLToPath(task), "walk", inputs.slice(0, 2), { workers: 2, setup })).toEqual(byUrl);
  });

  it("passes the jobs' progress to onProgress", async () => {
    let done = 0;
    await sweep(task, "walk", inputs.slice(0, 3), { workers: 2, setup, onProgress: (n) => (done += n) });
    expect(done).toBe(inputs.slice(0, 3).reduce((s, i) => s + Math.floor(i.steps / 1000) * 1000, 0));
  });
});

describe("threads: each prepares once, shares nothing", () => {
  it("prepares once per thread, whatever the number of jobs", async () => {
    const pool = createWorkerPool(task, { workers: 2, setup });
    try {
      const seen = await pool.map<{ threadId: number; prepares: number }>("where", Array.from({ length: 20 }, () => ({})));
      expect(pool.threads).toBe(2);
      expect(seen.every((s) => s.threadId > 0 && s.prepares === 1)).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it("keeps nothing of the setup but what the task's prepare returned (a major collection would mark it all)", async () => {
    // The flag applies to isolates created after it is set: the pool's threads then have a global gc().
    setFlagsFromString("--expose-gc");
    const pool = createWorkerPool(task, { workers: 2, setup });
    try {
      expect(await pool.map("setupKept", [{}, {}])).toEqual([false, false]);
    } finally {
      await pool.close();
    }
  });

  it("is ready once every thread has prepared, and stays warm for later jobs", async () => {
    const pool = createWorkerPool(task, { workers: 2, setup });
    try {
      await pool.ready();
      const first = await pool.map<{ prepares: number }>("where", [{}, {}, {}]);
      await pool.ready();
      const later = await pool.map<{ prepares: number }>("where", [{}, {}, {}]);
      expect([...first, ...later].every((s) => s.prepares === 1)).toBe(true);
    } finally {
      await pool.close();
    }
  });

  for (const workers of [1, 2]) {
    it(`reports a thread's failed prepare from ready() and from every job (workers: ${workers})`, async () => {
      const pool = createWorkerPool(task, { workers, setup: { ...setup, failPrepare: true } });
      try {
        await expect(pool.ready()).rejects.toMatchObject({ name: "SchedkitError", path: "setup.cluster", value: "12x" });
        await expect(pool.run("where", {})).rejects.toMatchObject({ name: "SchedkitError", path: "setup.cluster" });
      } finally {
        await pool.close();
      }
    });
  }

  it("with workers: 1 runs every job on the calling thread", async () => {
    const pool = createWorkerPool(task, { workers: 1, setup });
    const seen = await pool.map<{ threadId: number }>("where", [{}, {}]);
    expect(pool.threads).toBe(0);
    expect(seen.map((s) => s.threadId)).toEqual([0, 0]);
    await pool.close();
  });

  it("with workers: 1 and onCallingThread: false runs every job on one thread, the calling thread left free", async () => {
    const pool = createWorkerPool(task, { workers: 1, onCallingThread: false, setup });
    try {
      const seen = await pool.map<{ threadId: number }>("where", [{}, {}]);
      expect(pool.threads).toBe(1);
      expect(seen[0]!.threadId).toBeGreaterThan(0);
      expect(seen[1]!.threadId).toBe(seen[0]!.threadId);
      expect(await pool.map("walk", inputs)).toEqual(await sweep(task, "walk", inputs, { workers: 1, setup }));
    } finally {
      await pool.close();
    }
  });

  it("refuses onCallingThread that is not a boolean, or true with more than one worker", () => {
    expect(() => createWorkerPool(task, { workers: 1, onCallingThread: "no" as never })).toThrow(/^onCallingThread: "no" is not a boolean$/);
    expect(() => createWorkerPool(task, { workers: 2, onCallingThread: true })).toThrow(/^onCallingThread: true cannot hold with workers: 2/);
  });

  it("hands a job a copy of its input, never the caller's object", async () => {
    const input = { seed: 5, steps: 10 };
    const [r] = await sweep<{ seed: number }>(task, "walk", [input], { workers: 1, setup });
    expect(r).not.toBe(input);
    expect(input).toEqual({ seed: 5, steps: 10 });
  });
});

describe("errors: bad input stays bad input across threads", () => {
  const bad = { path: "pods[3].spec.containers[0].resources.requests.cpu", value: "12x", problem: "is not a Kubernetes quantity" };

  for (const workers of [1, 2]) {
    it(`rethrows a thread's SchedkitError as one, with its path, value and text (workers: ${workers})`, async () => {
      const e = await sweep(task, "reject", [bad, bad], { workers, setup }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(SchedkitError);
      expect(e).toMatchObject({ path: bad.path, value: "12x", problem: bad.problem, message: `${bad.path}: "12x" is not a Kubernetes quantity` });
    });
  }

  it("rethrows any other error with its name and message", async () => {
    await expect(sweep(task, "crash", [{}], { workers: 2, setup })).rejects.toMatchObject({ name: "TypeError", message: "not a function" });
  });

  it("names a function the task module does not export", async () => {
    await expect(sweep(task, "nope", [{}], { workers: 2, setup })).rejects.toThrow('the task module has no exported function "nope"');
    await expect(sweep(task, "nope", [{}], { workers: 1, setup })).rejects.toThrow('the task module has no exported function "nope"');
  });

  for (const workers of [1, 2]) {
    it(`refuses an input a thread cannot receive (workers: ${workers})`, async () => {
      await expect(sweep(task, "walk", [{ seed: 1, steps: 1, f: () => 1 }], { workers, setup })).rejects.toThrow(/^input: an object cannot be sent to a worker thread: /);
    });
  }

  for (const workers of [1, 2]) {
    it(`refuses a setup the threads cannot receive, before any thread starts (workers: ${workers})`, () => {
      expect(() => createWorkerPool(task, { workers, setup: { ...setup, f: () => 1 } })).toThrow(/^setup: an object cannot be sent to a worker thread: /);
    });
  }

  it("refuses a worker count outside 1..256", () => {
    for (const workers of [0, 1.5, 257, Number.NaN]) expect(() => createWorkerPool(task, { workers })).toThrow(/^workers: .* is not an integer from 1 to 256$/);
  });

  it("rejects jobs on a closed pool", async () => {
    const pool = createWorkerPool(task, { workers: 2, setup });
    await pool.close();
    await expect(pool.run("where", {})).rejects.toThrow("the worker pool is closed");
  });
});

describe("heap limits: each thread's V8 heap", () => {
  it("gives every thread a 192 MB young generation by default, V8's other limits its own", async () => {
    const seen = await sweep<Record<string, number>>(task, "limits", [{}, {}], { workers: 2, setup });
    for (const l of seen) {
      expect(l.maxYoungGenerationSizeMb).toBe(192);
      expect(l.maxOldGenerationSizeMb).toBeGreaterThan(0);
    }
  });

  it("takes the caller's limits over the default, and keeps the default for the ones not given", async () => {
    // Two inputs: sweep starts no more threads than inputs, and one runs on the calling thread.
    const [own] = await sweep<Record<string, number>>(task, "limits", [{}, {}], { workers: 2, setup, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    expect(own).toMatchObject({ maxYoungGenerationSizeMb: 192, maxOldGenerationSizeMb: 1024 });
    const [small] = await sweep<Record<string, number>>(task, "limits", [{}, {}], { workers: 2, setup, resourceLimits: { maxYoungGenerationSizeMb: 48 } });
    expect(small!.maxYoungGenerationSizeMb).toBe(48);
  });

  it("answers as with V8's default young generation: the limits change when memory is collected, not what a job returns", async () => {
    const byDefault = await sweep(task, "walk", inputs, { workers: 2, setup });
    expect(await sweep(task, "walk", inputs, { workers: 2, setup, resourceLimits: { maxYoungGenerationSizeMb: 48 } })).toEqual(byDefault);
  });

  for (const workers of [1, 2]) {
    it(`refuses limits that are not positive numbers of MB, naming the limit and the value (workers: ${workers})`, () => {
      const cases: [unknown, RegExp][] = [
        [{ maxYoungGenerationSizeMb: 0 }, /^resourceLimits\.maxYoungGenerationSizeMb: 0 is not a number of MB above 0$/],
        [{ maxOldGenerationSizeMb: "1Gi" }, /^resourceLimits\.maxOldGenerationSizeMb: "1Gi" is not a number of MB above 0$/],
        [{ stackSizeMb: Number.NaN }, /^resourceLimits\.stackSizeMb: .* is not a number of MB above 0$/],
        [{ youngMb: 64 }, /^resourceLimits\.youngMb: 64 is not a heap limit \(one of maxYoungGenerationSizeMb, /],
        [128, /^resourceLimits: 128 is not an object of heap limits in MB$/],
      ];
      for (const [resourceLimits, message] of cases) {
        expect(() => createWorkerPool(task, { workers, setup, resourceLimits: resourceLimits as never })).toThrow(SchedkitError);
        expect(() => createWorkerPool(task, { workers, setup, resourceLimits: resourceLimits as never })).toThrow(message);
      }
    });
  }
});

describe("stats: where each thread's time went", () => {
  it("counts every job once, on the thread that ran it, with its work and message passing", async () => {
    const pool = createWorkerPool(task, { workers: 2, setup });
    try {
      await pool.ready();
      expect(pool.stats()).toEqual([0, 1].map(() => ({ jobs: 0, busyMs: 0, gcMs: 0, transitMs: 0 })));
      const t0 = performance.now();
      await pool.map("walk", inputs);
      const wall = performance.now() - t0;
      const stats = pool.stats();
      expect(stats).toHaveLength(2);
      expect(stats.reduce((n, s) => n + s.jobs, 0)).toBe(inputs.length);
      for (const s of stats) {
        expect(s.busyMs).toBeGreaterThan(0);
        expect(s.transitMs).toBeGreaterThanOrEqual(0);
        expect(s.gcMs).toBeGreaterThanOrEqual(0);
        // A thread's work and messages happen within the caller's wall time.
        expect(s.busyMs + s.transitMs).toBeLessThanOrEqual(wall + 1);
      }
    } finally {
      await pool.close();
    }
  });

  it("counts a job's garbage collection pauses in the answer of that job", async () => {
    const pool = createWorkerPool(task, { workers: 2, setup });
    try {
      await pool.ready();
      // A thread's figure so far (its start-up's collections included) comes with its first answer.
      await pool.run("walk", inputs[0]);
      const gcMs = () => pool.stats().reduce((n, s) => n + s.gcMs, 0);
      const before = gcMs();
      // Hundreds of megabytes of short-lived arrays: young-generation collections during the one job.
      await pool.run("garbage", { n: 5_000_000 });
      expect(pool.stats().reduce((n, s) => n + s.jobs, 0)).toBe(2);
      expect(gcMs()).toBeGreaterThan(before);
    } finally {
      await pool.close();
    }
  });

  it("runs in a process started with --expose-gc (the thread's script declares nothing global)", async () => {
    // The flag applies to isolates created after it is set: the pool's threads then have a global gc().
    setFlagsFromString("--expose-gc");
    const pool = createWorkerPool(task, { workers: 2, setup });
    try {
      expect(await pool.run("walk", inputs[0])).toEqual(await sweep(task, "walk", [inputs[0]], { workers: 1, setup }).then((r) => r[0]));
    } finally {
      await pool.close();
    }
  });

  it("counts a job the task ran, answered or thrown, as one job with 1 and 2 threads; one it never ran, not", async () => {
    for (const workers of [1, 2]) {
      const pool = createWorkerPool(task, { workers, setup });
      try {
        await pool.ready();
        await expect(pool.run("crash", {})).rejects.toThrow("not a function");
        await expect(pool.run("nothing", {})).rejects.toThrow('the task module has no exported function "nothing"');
        await pool.run("walk", inputs[0]);
        expect(pool.stats().reduce((n, s) => n + s.jobs, 0), `workers: ${workers}`).toBe(2);
      } finally {
        await pool.close();
      }
    }
  });

  it("reports the calling thread as one entry with workers: 1", async () => {
    const pool = createWorkerPool(task, { workers: 1, setup });
    await pool.map("walk", inputs.slice(0, 3));
    const [own, ...rest] = pool.stats();
    expect(rest).toEqual([]);
    expect(own!.jobs).toBe(3);
    expect(own!.busyMs).toBeGreaterThan(0);
    expect(own!.transitMs).toBe(0);
  });
});
