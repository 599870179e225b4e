import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CacheStats } from '../cache/cache-stats.js';
import type { CheckRunResult, WarmbuildContext } from '../context.js';
import { WarmbuildError, type WarmbuildErrorCode } from '../errors.js';
import { pickEntryFile } from '../internal/entry-file.js';
import type { Logger } from '../internal/logger.js';
import type { WarmbuildOptions } from '../types.js';

export interface CheckRun {
  result: CheckRunResult | undefined;
  stats: CacheStats;
  /** False once the cache directory proved unwritable (the cache already said so, once). */
  diskWritable: boolean;
  /** Absolute cache directory (where report.json goes by default). */
  cacheDir: string;
  /** Repo-relative paths of the checked files, when asked for (watchers add them to their watched files). */
  paths?: string[];
  /**
   * With the first run of a worker: milliseconds from spawning it (at plugin creation) until it had
   * loaded the engine and the selected checks. Overlaps the bundler's start-up; not part of the run's timings.
   */
  startupMs?: number;
}

/** What one `CheckRunner.run` does besides re-checking. */
export interface CheckRequest {
  /** False: run no check, only gather the cache statistics (for the report). */
  checks: boolean;
  /** Also list the checked files' paths (`CheckRun.paths`), for a watcher. */
  withPaths?: boolean;
}

/** Runs the configured checks for a build session, in this thread or in a worker. */
export interface CheckRunner {
  readonly root: string;
  readonly inWorker: boolean;
  /** Re-check (incrementally after the first run) after `changed` (repo-relative paths) changed. */
  run(changed: readonly string[] | undefined, request: CheckRequest): Promise<CheckRun>;
  close(): Promise<void>;
}

/** What both runners do with a context; the worker calls it on its side. */
export async function runWithContext(
  context: WarmbuildContext,
  changed: readonly string[] | undefined,
  { checks, withPaths = false }: CheckRequest,
): Promise<CheckRun> {
  if (changed && changed.length > 0) context.invalidateFileList();
  const result = checks ? await context.runChecks() : undefined;
  const paths = withPaths && checks ? await context.discover() : undefined;
  return {
    result,
    stats: context.stats(),
    diskWritable: context.cache.disk?.writable ?? true,
    cacheDir: context.cache.cacheDir,
    paths,
  };
}

/**
 * Checks in the bundler's thread. The engine (discovery, loader, checks) is imported on the
 * first run, so creating the plugin costs the bundler's startup nothing.
 */
export function createInProcessRunner(
  options: WarmbuildOptions & { root: string },
  logger: Logger,
  preload?: EnginePreload,
): CheckRunner {
  let context: Promise<WarmbuildContext> | undefined;
  let startupReported = false;
  const ready = () =>
    (context ??= import('../context.js').then(({ createContext }) => createContext(options, { logger })));
  return {
    root: path.resolve(options.root),
    inWorker: false,
    async run(changed, request) {
      // Checks off: the report needs only the cache directory, not the engine.
      if (!request.checks && !context) {
        const [{ defaultCacheDir }, { emptyCacheStats, finishCacheStats }] = await Promise.all([
          import('../cache/content-cache.js'),
          import('../cache/cache-stats.js'),
        ]);
        const configured = options.cache === false ? undefined : options.cache?.cacheDir;
        return {
          result: undefined,
          stats: finishCacheStats(emptyCacheStats()),
          diskWritable: true,
          cacheDir: path.resolve(options.root, configured ?? defaultCacheDir(path.resolve(options.root))),
        };
      }
      // The first run waits for a preload still under way; that wait is start-up, not check time.
      const startupMs = !startupReported && preload ? await preload.done : undefined;
      startupReported = true;
      const value = await runWithContext(await ready(), changed, request);
      return startupMs === undefined ? value : { ...value, startupMs };
    },
    close: async () => {
      if (context) await (await context).close();
    },
  };
}

/** The engine and the selected checks' modules, imported in this thread ahead of the first run. */
export interface EnginePreload {
  /** Milliseconds from the start of the preload until everything had loaded (failures load again, and fail, in the run). */
  done: Promise<number>;
}

/**
 * Start importing the engine and the checks `only` selects, now, while the bundler loads its config
 * and resolves its first modules (what the worker does on its side, for bundlers that run checks in-thread).
 */
export function preloadEngine(only: readonly string[] | undefined): EnginePreload {
  const started = performance.now();
  const done = Promise.all([import('../context.js'), import('./selection.js')])
    .then(([, { preloadChecks }]) => preloadChecks(only))
    // The engine failed to load: the run loads it again and reports the error.
    .catch(() => undefined)
    .then(() => Math.round((performance.now() - started) * 100) / 100);
  return { done };
}

type Reply =
  | { type: 'done'; id: number; value: CheckRun }
  | { type: 'failed'; id: number; error: { message: string; code?: WarmbuildErrorCode; hint?: string; file?: string } }
  | { type: 'warn'; message: string };

const WORKER_FILE = fileURLToPath(new URL('./check-worker.js', import.meta.url));
/** The same worker as one file (build-worker.mjs, after tsc): it starts in about half the time. */
const WORKER_BUNDLE = fileURLToPath(new URL('./check-worker.bundle.js', import.meta.url));

/** The bundle when it was built from the current compile (a bare `tsc` leaves an older one behind), else the plain worker. */
export function checkWorkerEntry(): string | undefined {
  return pickEntryFile(WORKER_FILE, WORKER_BUNDLE);
}

/** A check worker started ahead of the build (while the bundler loads its config); options follow later. */
export interface CheckWorker {
  start(options: WarmbuildOptions & { root: string }, logger: Logger): CheckRunner;
  /** Stop a worker that was never started (the build never began). */
  terminate(): Promise<void>;
}

/**
 * Spawn a worker now, or undefined when workers cannot be used (running from TypeScript sources: Node 20 cannot load .ts in a worker).
 * `only` (the rule selection) lets the worker import those checks' modules while the bundler starts.
 */
export function spawnCheckWorker(preload: { only?: readonly string[] } = {}): CheckWorker | undefined {
  const entry = checkWorkerEntry();
  if (!entry) return undefined;
  const worker = new Worker(entry, {
    workerData: {
      only: preload.only ? [...preload.only] : undefined,
      spawnedAt: performance.timeOrigin + performance.now(),
    },
  });
  // The worker keeps the process alive only while a request is out.
  worker.unref();
  const pending = new Map<number, { resolve(value: CheckRun): void; reject(error: Error): void }>();
  let nextId = 0;
  let logger: Logger | undefined;
  let closed: Promise<void> | undefined;
  worker.on('message', (reply: Reply) => {
    if (reply.type === 'warn') {
      logger?.warn(reply.message);
      return;
    }
    const request = pending.get(reply.id);
    if (!request) return;
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    if (reply.type === 'done') request.resolve(reply.value);
    else
      request.reject(
        reply.error.code
          ? new WarmbuildError(reply.error.code, reply.error.message, reply.error)
          : new Error(reply.error.message),
      );
  });
  const failAll = (error: Error) => {
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  };
  worker.on('error', (error) =>
    failAll(new Error(`warmbuild: the check worker failed: ${error.message}`, { cause: error })),
  );
  worker.on('exit', (code) => {
    if (pending.size > 0) failAll(new Error(`warmbuild: the check worker exited (code ${code}) during a run`));
  });
  const request = (message: Record<string, unknown>) =>
    new Promise<CheckRun>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...message, id });
    });
  const terminate = () => worker.terminate().then(() => undefined);
  return {
    terminate,
    start(options, target) {
      logger = target;
      const root = path.resolve(options.root);
      // Errors of init (a bad root) come back with the first run.
      void request({ type: 'init', options }).catch(() => undefined);
      return {
        root,
        inWorker: true,
        run: (changed, { checks, withPaths }) => request({ type: 'run', changed, checks, withPaths }),
        close() {
          closed ??= request({ type: 'close' }).then(terminate, terminate);
          return closed;
        },
      };
    },
  };
}

/**
 * Checks in a worker thread: they hash, parse and read caches on another core while the
 * bundler works on this one. Falls back to this thread when the options cannot be sent
 * (functions in check options) or no worker can be had.
 */
export function createCheckRunner(
  options: WarmbuildOptions & { root: string },
  logger: Logger,
  worker: CheckWorker | undefined,
  preload?: EnginePreload,
): CheckRunner {
  if (!worker) return createInProcessRunner(options, logger, preload);
  try {
    structuredClone(options);
  } catch {
    void worker.terminate();
    return createInProcessRunner(options, logger);
  }
  return worker.start(options, logger);
}
