import fs from 'node:fs';

/**
 * The file to run of a compiled module that build-worker.mjs also built into one file (esbuild's
 * `.bundle.js`): that single file when it was built from the current compile (a bare `tsc` leaves
 * an older one behind), else the compiled module, which does the same, starting slower. Undefined
 * when the compiled module is missing (running from TypeScript sources).
 */
export function pickEntryFile(compiled: string, singleFile: string): string | undefined {
  let compiledStat: fs.Stats;
  try {
    compiledStat = fs.statSync(compiled);
  } catch {
    return undefined;
  }
  try {
    if (fs.statSync(singleFile).mtimeMs >= compiledStat.mtimeMs) return singleFile;
  } catch {
    // no single file: a build without build-worker.mjs's step
  }
  return compiled;
}
