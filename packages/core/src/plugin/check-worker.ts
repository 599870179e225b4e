// The worker side of createCheckRunner: one context per worker, kept across runs for incremental re-checks.
import { parentPort, workerData } from 'node:worker_threads';
import { createContext } from '../context.js';
import { isWarmbuildError } from '../errors.js';
import type { WarmbuildOptions } from '../types.js';
import { runWithContext } from './check-runner.js';

const port = parentPort!;
const { options } = workerData as { options: WarmbuildOptions };
const context = createContext(options, { logger: { warn: (message) => port.postMessage({ type: 'warn', message }) } });

port.on('message', async (message: { type: 'run' | 'close'; id: number; changed?: string[]; checks?: boolean }) => {
  try {
    if (message.type === 'close') {
      await context.close();
      port.postMessage({ type: 'done', id: message.id, value: undefined });
      return;
    }
    const value = await runWithContext(context, message.changed, message.checks !== false);
    port.postMessage({ type: 'done', id: message.id, value });
  } catch (error) {
    const details = isWarmbuildError(error) ? { code: error.code, hint: error.hint, file: error.file } : {};
    port.postMessage({ type: 'failed', id: message.id, error: { message: (error as Error)?.message ?? String(error), ...details } });
  }
});
