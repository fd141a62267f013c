// @schedkit/core/parallel (Node only: node:worker_threads): independent runs on several threads.
export { createWorkerPool, sweep, MAX_WORKERS } from "./pool.js";
export type { WorkerPool, WorkerPoolOptions, TaskContext, TaskModule, ThreadStats } from "./pool.js";
