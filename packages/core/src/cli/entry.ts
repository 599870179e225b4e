import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pickEntryFile } from '../internal/entry-file.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * The module bin.js runs. `check` and `cache` run from main.bundle.js (main.js and the engine as one
 * file, built by build-worker.mjs after tsc: one module to load instead of ~45) when it was built
 * from the current compile (a bare `tsc` leaves an older one behind); anything else (`--help`,
 * `--version`, no bundle) from main.js, which loads nothing more.
 */
export function cliEntry(command: string | undefined, dir: string = HERE): string {
  const plain = path.join(dir, 'main.js');
  if (command !== 'check' && command !== 'cache') return plain;
  return pickEntryFile(plain, path.join(dir, 'main.bundle.js')) ?? plain;
}
