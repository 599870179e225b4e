import fs from 'node:fs';

/**
 * The file to run of a compiled module that build-worker.mjs also bundled into one file: the bundle
 * when it was built from the current compile (a bare `tsc` leaves an older one behind), else the
 * plain module, which does the same, starting slower. Undefined when the plain module is missing
 * (running from TypeScript sources).
 */
export function pickEntryFile(plain: string, bundle: string): string | undefined {
  let plainStat: fs.Stats;
  try {
    plainStat = fs.statSync(plain);
  } catch {
    return undefined;
  }
  try {
    if (fs.statSync(bundle).mtimeMs >= plainStat.mtimeMs) return bundle;
  } catch {
    // no bundle: a build without the bundling step
  }
  return plain;
}
