/**
 * Async flushes on Ctrl-C. `vite dev` has no end of build and Vite does not handle SIGINT: the
 * process just dies, and the synchronous exit hooks (internal/exit-hooks.ts) cannot wait for an
 * upload. While a flush is registered, SIGINT runs every flush (each bounded by its deadline),
 * then re-raises the signal so the process still ends as killed by SIGINT. A second Ctrl-C
 * during the flush exits at once.
 */
type Flush = () => Promise<void>;

const flushes = new Map<Flush, number>();
let flushing = false;

async function onInterrupt(): Promise<void> {
  if (flushing) {
    process.exit(130);
  }
  flushing = true;
  const pending = [...flushes].map(([flush, deadline]) => {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, deadline);
    });
    return Promise.race([
      flush().catch((error: unknown) =>
        process.stderr.write(`warmbuild: could not flush the transform cache: ${(error as Error).message}\n`),
      ),
      expired,
    ]).finally(() => clearTimeout(timer));
  });
  await Promise.all(pending);
  process.off('SIGINT', onInterrupt);
  // Others still listening decide what SIGINT means to them; otherwise end as Ctrl-C would have.
  if (process.listenerCount('SIGINT') === 0) process.kill(process.pid, 'SIGINT');
}

/** Run `flush` (at most `deadline` long) on SIGINT before the process ends; returns the unregister function. */
export function flushOnInterrupt(flush: Flush, deadline: number): () => void {
  if (flushes.size === 0) process.on('SIGINT', onInterrupt);
  flushes.set(flush, deadline);
  return () => {
    flushes.delete(flush);
    if (flushes.size === 0 && !flushing) process.off('SIGINT', onInterrupt);
  };
}
