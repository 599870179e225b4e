/**
 * Synchronous flushes run on normal exit, SIGINT/SIGTERM and uncaught errors, so an
 * interrupted run loses at most the entries being written at that instant.
 */
type Flush = () => void;

const hooks = new Set<Flush>();
let installed = false;

function runAll(): void {
  for (const hook of [...hooks]) {
    try {
      hook();
    } catch (error) {
      // exiting anyway: report, never mask the real reason the process ends
      process.stderr.write(`warmbuild: could not flush cache on exit: ${(error as Error).message}\n`);
    }
  }
  hooks.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  runAll();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  // Re-raise with default behaviour when nobody else handles it, so the exit status says "killed by signal".
  // Others still listening (Vite's SIGTERM handler closes the dev server, which runs closeBundle
  // and our uploads, then exits) decide when the process ends.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runAll);
  process.on('uncaughtExceptionMonitor', runAll);
  // First in line: a `once` listener registered earlier (Vite's) is already gone from the list by
  // the time a later listener runs, so this one would count nobody else and kill the process
  // before that listener's async work (server.close()) got anywhere.
  process.prependListener('SIGINT', onSignal);
  process.prependListener('SIGTERM', onSignal);
}

/** Register a flush; returns the function that unregisters it. */
export function onExit(flush: Flush): () => void {
  install();
  hooks.add(flush);
  return () => hooks.delete(flush);
}
