import { debug } from '../internal/debug.js';
import os from 'node:os';
import type { WorkerPool } from '../files/worker-pool.js';
import { extractModuleFacts, type FactsOptions, type ModuleFacts } from './module-facts.js';
import type { ParseTask } from './parse-worker.js';
import type { LoadedTypeScript } from './typescript.js';

export interface ParseJob {
  path: string;
  /** Bytes as read; decoded one file at a time, so the whole repository is never held twice. */
  content: Buffer;
  options: FactsOptions;
}

const parseInThread = (typescript: LoadedTypeScript, job: ParseJob) =>
  extractModuleFacts(typescript.ts, job.path, job.content.toString('utf8'), job.options);

/**
 * Below this many characters to parse, workers cost more than they save: each loads its own
 * compiler (~200 ms, ~85 MB). Measured on a 2-core machine, in-thread won even at 18 MB
 * (10,000 modules: 4.6 s / 250 MB in-thread against 5.2 s / 347 MB with one worker), so
 * workers also need at least MIN_WORKER_CORES cores.
 */
export const MIN_WORKER_CORES = 4;
export const WORKER_THRESHOLD_BYTES = 12 * 1024 * 1024;
const BATCH_BYTES = 256 * 1024;

let pool: WorkerPool<ParseTask, ModuleFacts[]> | undefined;

/**
 * Module facts of many files: in this thread for a few, across worker threads for many.
 * Workers need compiled JS, so they exist only when running from dist.
 */
export async function parseFiles(typescript: LoadedTypeScript, jobs: readonly ParseJob[], options: { workers?: boolean } = {}): Promise<ModuleFacts[]> {
  const bytes = jobs.reduce((sum, job) => sum + job.content.length, 0);
  const workerUrl = new URL('./parse-worker.js', import.meta.url);
  // WARMBUILD_PARSE_WORKERS=always|never overrides the size heuristic (tests, debugging).
  const forced = process.env.WARMBUILD_PARSE_WORKERS;
  const canUseWorkers =
    import.meta.url.endsWith('.js') &&
    (options.workers ?? (forced === 'always' ? true : forced === 'never' ? false : bytes >= WORKER_THRESHOLD_BYTES && os.availableParallelism() >= MIN_WORKER_CORES));
  if (!canUseWorkers) return jobs.map((job) => parseInThread(typescript, job));
  debug('module-graph', `parsing ${jobs.length} files (${bytes} chars) in worker threads`);
  // The main thread parses too, so one worker fewer than cores (each worker loads its own compiler: memory).
  // Loaded only here: a warm run never pays for the pool library.
  const { createWorkerPool, defaultPoolSize } = await import('../files/worker-pool.js');
  pool ??= createWorkerPool<ParseTask, ModuleFacts[]>(workerUrl, Math.max(1, defaultPoolSize() - 1));
  const batches: ParseJob[][] = [];
  let current: ParseJob[] = [];
  let size = 0;
  for (const job of jobs) {
    current.push(job);
    size += job.content.length;
    if (size >= BATCH_BYTES) {
      batches.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  // The main thread (which has the compiler loaded already) takes every (size+1)-th batch itself.
  const share = pool.size + 1;
  const toTask = (files: ParseJob[]): ParseTask => ({
    typescriptPath: typescript.modulePath,
    files: files.map((job) => ({ path: job.path, text: job.content.toString('utf8'), options: job.options })),
  });
  const pending = batches.map((files, i) => (i % share === share - 1 ? undefined : pool!.run(toTask(files))));
  const local = batches.map((files, i) => (pending[i] ? undefined : files.map((job) => parseInThread(typescript, job))));
  const results = await Promise.all(pending.map((run, i) => run ?? Promise.resolve(local[i]!)));
  return results.flat();
}

export async function closeParsePool(): Promise<void> {
  await pool?.close();
  pool = undefined;
}
