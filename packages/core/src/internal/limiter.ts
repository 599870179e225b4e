import pLimit, { type LimitFunction } from 'p-limit';

/**
 * The one I/O limiter of the process. Every module that touches the disk or the
 * network in bulk goes through it, so two features never multiply concurrency.
 */
let shared: LimitFunction | undefined;

export const DEFAULT_IO_CONCURRENCY = 64;

export function sharedLimiter(): LimitFunction {
  shared ??= pLimit(Number(process.env.WARMBUILD_IO_CONCURRENCY) || DEFAULT_IO_CONCURRENCY);
  return shared;
}

const RETRYABLE = new Set(['EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY']);

/** Retry transient descriptor exhaustion with exponential backoff; rethrow anything else. */
export async function withRetry<T>(operation: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!code || !RETRYABLE.has(code) || attempt >= attempts - 1) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt));
    }
  }
}
