/**
 * A Vite dev server stopped with Ctrl-C exits on SIGINT without closing its plugins, so no
 * closeBundle prints the cache's counters. Each wrapped plugin serving a dev server registers
 * its printer here; one SIGINT listener prints them all, then lets the signal end the process
 * as it would have without the listener.
 */
const printers = new Map<object, () => void>();
let listening = false;

function onInterrupt(): void {
  for (const print of printers.values()) {
    try {
      print();
    } catch {
      // A printer that fails must not keep the process from exiting on Ctrl-C.
    }
  }
  printers.clear();
  process.removeListener('SIGINT', onInterrupt);
  listening = false;
  // With other listeners (the bundler's own, a remote-cache flush) they decide when to exit;
  // alone, re-raise so the process ends as Node ends it on an unhandled SIGINT.
  if (process.listenerCount('SIGINT') === 0) process.kill(process.pid, 'SIGINT');
}

export function printStatsOnInterrupt(owner: object, print: () => void): void {
  printers.set(owner, print);
  if (listening) return;
  listening = true;
  process.on('SIGINT', onInterrupt);
}

/** The plugin printed its line (closeBundle ran): nothing left to print on SIGINT. */
export function forgetOnInterrupt(owner: object): void {
  printers.delete(owner);
  if (printers.size > 0 || !listening) return;
  process.removeListener('SIGINT', onInterrupt);
  listening = false;
}
