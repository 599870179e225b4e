import { debug } from '../internal/debug.js';
import os from 'node:os';
import type { WorkerPool } from '../files/worker-pool.js';
import type { FactsOptions, ModuleFacts } from './module-facts.js';
import { parseModuleFacts } from './parse-guard.js';
import type { ParseTask } from './parse-worker.js';
import type { LoadedTypeScript } from './typescript.js';

export interface ParseJob {
  path: string;
  /** Bytes as read; decoded one file at a time, so the whole repository is never held twice. */
  content: Buffer;
  options: FactsOptions;
}

const parseInThread = (typescript: LoadedTypeScript, job: ParseJob) =>
  parseModuleFacts(typescript.ts, job.path, job.content.toString('utf8'), job.options);

/**
 * Below this many bytes to parse, workers cost more than they save. Each worker loads its own
 * compiler and V8 optimizes the parser again in every thread (background compilation of its
 * own), so a worker adds CPU before it parses anything. On a 2-core machine that CPU competes
 * with the main thread: on the 2,000-file bench app one worker raised the CPU of a cold run and
 * did not lower its wall time, so workers also need MIN_WORKER_CORES.
 */
export const WORKER_THRESHOLD_BYTES = 12 * 1024 * 1024;
export const MIN_WORKER_CORES = 4;
/** At most this many workers: each holds its own compiler in memory. */
export const MAX_WORKERS = 3;
/** Small batches keep the main thread and the workers finishing together. */
const BATCH_BYTES = 64 * 1024;

let pool: Promise<WorkerPool<ParseTask, string>> | undefined;
let poolTypeScript: string | undefined;

/** Workers besides the main thread (which parses too): one fewer than cores, at least one. */
function workerCount(): number {
  return Math.max(0, Math.min(MAX_WORKERS, os.availableParallelism() - 1));
}

/** WARMBUILD_PARSE_WORKERS=always|never overrides the size heuristic (tests, debugging). */
function workersAllowed(bytes: number | undefined): boolean {
  // Workers need compiled JS, so they exist only when running from dist.
  if (!import.meta.url.endsWith('.js')) return false;
  const forced = process.env.WARMBUILD_PARSE_WORKERS;
  if (forced === 'always') return true;
  if (forced === 'never' || os.availableParallelism() < MIN_WORKER_CORES) return false;
  return bytes === undefined || bytes >= WORKER_THRESHOLD_BYTES;
}

function ensurePool(typescriptPath: string): Promise<WorkerPool<ParseTask, string>> {
  if (pool && poolTypeScript === typescriptPath) return pool;
  void closeParsePool();
  poolTypeScript = typescriptPath;
  pool = (async () => {
    // Loaded only here: a warm run never pays for the pool library.
    const { createWorkerPool } = await import('../files/worker-pool.js');
    const started = createWorkerPool<ParseTask, string>(
      new URL('./parse-worker.js', import.meta.url),
      Math.max(1, workerCount()),
      {
        concurrentTasksPerWorker: 2,
      },
    );
    // An empty task per worker: each starts its thread and loads the compiler now, while this
    // thread does other work (reading files, loading its own compiler).
    for (let i = 0; i < started.size; i++) void started.run({ typescriptPath, files: [] }).catch(() => undefined);
    return started;
  })();
  return pool;
}

/**
 * Start parse workers ahead of a large parse (a cold cache), so their start-up overlaps with
 * whatever this thread does first. Does nothing where workers would not be used.
 */
export function startParseWorkers(typescriptPath: string, expectedBytes?: number): void {
  if (!workersAllowed(expectedBytes)) return;
  void ensurePool(typescriptPath).catch((error: unknown) =>
    debug('module-graph', `parse workers did not start: ${String(error)}`),
  );
}

export interface ParseOptions {
  /** Force workers on or off (default: by size and cores). */
  workers?: boolean;
  /** Called on this thread with each job's facts as soon as they are known (in no set order). */
  onResult?: (jobIndex: number, facts: ModuleFacts) => void;
}

/**
 * Module facts of many files: in this thread for a few; for many, this thread and the workers
 * take batches from one queue, this thread yielding between its batches so worker results and
 * worker start-up are never held up behind it.
 */
export async function parseFiles(
  typescript: LoadedTypeScript,
  jobs: readonly ParseJob[],
  options: ParseOptions = {},
): Promise<ModuleFacts[]> {
  const bytes = jobs.reduce((sum, job) => sum + job.content.length, 0);
  const useWorkers = import.meta.url.endsWith('.js') && (options.workers ?? workersAllowed(bytes));
  const onResult = options.onResult ?? (() => undefined);
  if (!useWorkers) {
    // All parsing first, then the callbacks: measured cheaper in CPU than interleaving parsing
    // with the caller's resolution.
    const all = jobs.map((job) => parseInThread(typescript, job));
    all.forEach((facts, i) => {
      onResult(i, facts);
    });
    return all;
  }
  debug('module-graph', `parsing ${jobs.length} files (${bytes} bytes) in this thread and worker threads`);
  const workers = await ensurePool(typescript.modulePath);
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
  const firstJob: number[] = [];
  let start = 0;
  for (const batch of batches) {
    firstJob.push(start);
    start += batch.length;
  }
  const done = (index: number, facts: ModuleFacts[]) => {
    results[index] = facts;
    facts.forEach((result, k) => {
      onResult(firstJob[index] + k, result);
    });
  };
  const results = new Array<ModuleFacts[]>(batches.length);
  let next = 0;
  const toTask = (files: ParseJob[]): ParseTask => ({
    typescriptPath: typescript.modulePath,
    files: files.map((job) => ({ path: job.path, text: job.content.toString('utf8'), options: job.options })),
  });
  const workerLane = async () => {
    while (next < batches.length) {
      const index = next++;
      done(
        index,
        // Facts come back as one JSON string: far cheaper to pass and rebuild than a cloned object graph.
        await workers.run(toTask(batches[index])).then(
          (json) => JSON.parse(json) as ModuleFacts[],
          (error: unknown) => {
            // A worker that died (out of memory, killed) costs time, not results.
            debug('module-graph', `parse worker failed, parsing its batch here: ${String(error)}`);
            return batches[index].map((job) => parseInThread(typescript, job));
          },
        ),
      );
    }
  };
  const mainLane = async () => {
    while (next < batches.length) {
      const index = next++;
      done(
        index,
        batches[index].map((job) => parseInThread(typescript, job)),
      );
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  // Two lanes per worker: the next batch is already queued when one comes back.
  const lanes = Array.from({ length: workers.size * 2 }, workerLane);
  lanes.push(mainLane());
  await Promise.all(lanes);
  return results.flat();
}

export async function closeParsePool(): Promise<void> {
  const closing = pool;
  pool = undefined;
  poolTypeScript = undefined;
  await (await closing)?.close();
}
