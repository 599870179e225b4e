/** A single rewritten progress line on stderr, only when stderr is a terminal. */
export function createProgress(label: string): { update(done: number, total: number): void; done(): void } {
  if (!process.stderr.isTTY) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && done !== total) return;
      last = now;
      shown = true;
      process.stderr.write(`\r${label} ${done}/${total}`);
    },
    done() {
      if (shown) process.stderr.write('\r\u001b[2K');
    },
  };
}
