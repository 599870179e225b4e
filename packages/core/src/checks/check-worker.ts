// The worker side of createCheckRunner: one context per worker, kept across runs for incremental re-checks.
import { parentPort, workerData } from 'node:worker_threads';
import { createContext, type WarmbuildContext } from '../context.js';
import { isWarmbuildError } from '../errors.js';
import type { WarmbuildOptions } from '../types.js';
import { runWithContext } from './check-runner.js';
import { preloadChecks } from './selection.js';

const port = parentPort!;

// The check modules (and the libraries they import) load now, while the bundler starts up, so the
// first run does not spend its time importing them; runChecks then finds them in the module cache.
const { only, spawnedAt } = (workerData ?? {}) as { only?: string[]; spawnedAt?: number };
const now = () => performance.timeOrigin + performance.now();
/** When the engine and the selected checks were loaded (epoch ms): the worker's start-up ends here. */
let readyAt: number | undefined;
void preloadChecks(only).then(() => {
  readyAt = now();
});
let startupReported = false;

let context: WarmbuildContext | undefined;
let initError: unknown;

port.on(
  'message',
  async (message: {
    type: 'init' | 'run' | 'close';
    id: number;
    options?: WarmbuildOptions;
    changed?: string[];
    checks?: boolean;
    withPaths?: boolean;
  }) => {
    try {
      if (message.type === 'init') {
        try {
          context = createContext(message.options, {
            logger: { warn: (text) => port.postMessage({ type: 'warn', message: text }) },
          });
        } catch (error) {
          // Said with the first run, where the build can fail with it.
          initError = error;
        }
        port.postMessage({ type: 'done', id: message.id, value: undefined });
        return;
      }
      if (!context) throw initError ?? new Error('warmbuild: the check worker got a run before its options');
      if (message.type === 'close') {
        await context.close();
        port.postMessage({ type: 'done', id: message.id, value: undefined });
        return;
      }
      const value = await runWithContext(context, message.changed, {
        checks: message.checks !== false,
        withPaths: message.withPaths === true,
      });
      if (!startupReported && readyAt !== undefined && spawnedAt !== undefined) {
        startupReported = true;
        value.startupMs = Math.round((readyAt - spawnedAt) * 100) / 100;
      }
      port.postMessage({ type: 'done', id: message.id, value });
    } catch (error) {
      const details = isWarmbuildError(error) ? { code: error.code, hint: error.hint, file: error.file } : {};
      port.postMessage({
        type: 'failed',
        id: message.id,
        error: { message: (error as Error)?.message ?? String(error), ...details },
      });
    }
  },
);
