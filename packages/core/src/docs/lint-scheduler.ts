import os from 'node:os';
import type { WorkerPool } from '../files/worker-pool.js';
import { debug } from '../internal/debug.js';
import { lintMarkdownFile, type FileDocResult, type LintFileOptions } from './lint-file.js';
import type { LintTask } from './lint-worker.js';

/**
 * Below this many bytes of markdown, a worker cannot pay for itself: it loads markdown-it and
 * warms up its JIT on its own, a fixed CPU cost (measured on the PowerShell-Docs corpus) that a
 * smaller input cannot win back.
 */
export const LINT_WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024;
/**
 * Fewer cores than this: no workers. Two V8 isolates warming up the same linter, each with its
 * own optimizing-compiler thread, do not fit on 2 cores: in `pnpm bench docs` on a 2-core machine
 * a cold run that chose a worker (on an idle machine) took more wall time and more CPU than the
 * next run in-thread. The module graph's parse workers hold the same limit (graph/parse-files.ts).
 */
export const MIN_LINT_WORKER_CORES = 4;
/** This thread lints one small batch between looks at worker replies; a worker takes several. */
const BATCH_BYTES = 32 * 1024;
const WORKER_BATCHES = 4;

let pool: WorkerPool<LintTask, FileDocResult[]> | undefined;

/**
 * Cores nobody else is using, by the 1-minute load average (like `make -l`). A worker repeats
 * this thread's start-up (markdown-it, JIT warm-up), which only pays when it gets a core of its
 * own: with the machine busy (measured at load 12 on 2 cores), in-thread linting of PowerShell-Docs
 * finished sooner than linting with a worker.
 */
function idleCores(cores: number): number {
  return Math.floor(cores - os.loadavg()[0]);
}

/**
 * Lint many markdown files: in this thread for a few, and for many (on 4 or more cores) split
 * between this thread and one worker per other core. Workers need compiled JS, so they exist only when running
 * from dist. WARMBUILD_PARSE_WORKERS=always|never overrides the size heuristic.
 */
export async function lintFiles(contents: readonly Uint8Array[], options: LintFileOptions): Promise<FileDocResult[]> {
  let bytes = 0;
  for (const content of contents) bytes += content.length;
  const forced = process.env.WARMBUILD_PARSE_WORKERS;
  const cores = os.availableParallelism();
  const useWorkers =
    import.meta.url.endsWith('.js') &&
    (forced === 'always' ||
      (forced !== 'never' &&
        bytes >= LINT_WORKER_THRESHOLD_BYTES &&
        cores >= MIN_LINT_WORKER_CORES &&
        idleCores(cores) >= 1));
  if (!useWorkers) return contents.map((content) => lintMarkdownFile(content, options));
  const { createWorkerPool } = await import('../files/worker-pool.js');
  pool ??= createWorkerPool<LintTask, FileDocResult[]>(
    new URL('./lint-worker.js', import.meta.url),
    Math.max(1, Math.min(cores, 8) - 1),
    { concurrentTasksPerWorker: 2 },
  );
  debug('docs', `linting ${contents.length} files (${bytes} bytes) here and in ${pool.size} worker thread(s)`);
  const batches: number[][] = [];
  let current: number[] = [];
  let size = 0;
  for (let i = 0; i < contents.length; i++) {
    current.push(i);
    size += contents[i].length;
    if (size >= BATCH_BYTES) {
      batches.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  const results: FileDocResult[] = new Array(contents.length);
  // Workers pull batches from the front; this thread takes them from the back, so both
  // finish together whatever each one's speed (a worker first loads markdown-it).
  let next = 0;
  let last = batches.length - 1;
  const worker = async () => {
    while (next <= last) {
      const batch: number[] = [];
      for (let taken = 0; taken < WORKER_BATCHES && next <= last; taken++) batch.push(...batches[next++]);
      const out = await pool!.run({ files: batch.map((i) => contents[i]), options });
      batch.forEach((fileIndex, j) => {
        results[fileIndex] = out[j];
      });
    }
  };
  // Two tasks in flight per worker: the next one is queued while this thread is busy.
  const workers = Array.from({ length: pool.size * 2 }, worker);
  while (next <= last) {
    const batch = batches[last--];
    for (const fileIndex of batch) results[fileIndex] = lintMarkdownFile(contents[fileIndex], options);
    // Let worker replies land between batches.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await Promise.all(workers);
  return results;
}

export async function closeLintPool(): Promise<void> {
  await pool?.close();
  pool = undefined;
}
