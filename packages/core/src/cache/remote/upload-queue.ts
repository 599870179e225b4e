import { debug } from '../../internal/debug.js';
import type { ArchiveEntry } from './archive.js';

/** How long a partial batch waits for company before it goes anyway. */
const BATCH_DELAY_MS = 200;

/**
 * Background uploads: entries wait for a batch (or a short delay), then go; every upload in
 * flight is tracked so `drain()` can await them before the run ends. An upload never rejects
 * into the void: a failure is counted through `onError`, since an unhandled rejection would
 * crash the build the cache is meant to speed up.
 */
export interface UploadQueue {
  push(entry: ArchiveEntry): void;
  /** Send what is queued now. */
  dispatch(): void;
  /** Track an upload started elsewhere (an archive). */
  track(upload: Promise<void>): void;
  /** Drop what is queued and not yet sent (the tier turned writes off). */
  clear(): void;
  /** Send what is queued and wait until nothing is in flight. */
  drain(): Promise<void>;
}

export function createUploadQueue(options: {
  batchSize: number;
  upload(entry: ArchiveEntry): Promise<void>;
  onError(error: unknown): void;
}): UploadQueue {
  const pending: ArchiveEntry[] = [];
  const inflight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;

  function trackAll(uploads: Promise<void>[]): void {
    const running = Promise.all(
      uploads.map((upload) =>
        upload.catch((error: unknown) => {
          options.onError(error);
          debug('remote', `upload failed: ${(error as Error).message}`);
        }),
      ),
    ).then(() => undefined);
    inflight.add(running);
    void running.finally(() => inflight.delete(running));
  }

  function dispatch(): void {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (pending.length === 0) return;
    trackAll(pending.splice(0, pending.length).map(options.upload));
  }

  return {
    push(entry) {
      pending.push(entry);
      if (pending.length >= options.batchSize) dispatch();
      else if (!timer) {
        timer = setTimeout(dispatch, BATCH_DELAY_MS);
        timer.unref();
      }
    },
    dispatch,
    track: (upload) => trackAll([upload]),
    clear() {
      pending.length = 0;
    },
    async drain() {
      dispatch();
      while (inflight.size > 0) {
        await Promise.all([...inflight]);
        dispatch();
      }
    },
  };
}
