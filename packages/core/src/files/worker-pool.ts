import os from 'node:os';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';

/**
 * A small pool of worker threads for CPU-heavy work (parsing), sized to the machine.
 * Workers start lazily on the first task and are destroyed by `close()`; Tinypool
 * (the pool Vitest runs on) does the scheduling.
 */
export interface WorkerPool<Task, Result> {
  run(task: Task): Promise<Result>;
  readonly size: number;
  close(): Promise<void>;
}

export function defaultPoolSize(): number {
  return Math.max(1, Math.min(os.availableParallelism(), 8));
}

export interface WorkerPoolOptions {
  /**
   * Tasks handed to one worker at once. Above 1, a synchronous task's successor is already
   * queued in the worker when it finishes, so a busy main thread does not leave it idle.
   * @default 1
   */
  concurrentTasksPerWorker?: number;
}

export function createWorkerPool<Task, Result>(
  worker: URL | string,
  size = defaultPoolSize(),
  options: WorkerPoolOptions = {},
): WorkerPool<Task, Result> {
  let pool: Tinypool | undefined;
  const filename = typeof worker === 'string' ? worker : fileURLToPath(worker);
  return {
    size,
    run(task) {
      pool ??= new Tinypool({
        filename,
        minThreads: 0,
        maxThreads: size,
        idleTimeout: 1_000,
        concurrentTasksPerWorker: options.concurrentTasksPerWorker ?? 1,
      });
      return pool.run(task) as Promise<Result>;
    },
    async close() {
      await pool?.destroy();
      pool = undefined;
    },
  };
}
