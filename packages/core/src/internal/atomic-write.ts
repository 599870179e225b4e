import fs from 'node:fs';
import path from 'node:path';

let written = 0;

/**
 * `.<name>.<pid>.<8 hex digits>.tmp` (the shape cache-dir.ts recognises as ours): unique among
 * writers by process id, within the process by a count (low half), across machines sharing a
 * directory by a random high half. Not crypto: nothing is kept secret by a temp name, and
 * loading node:crypto for it cost every run that records anything.
 */
function tempName(target: string): string {
  const unique = ((Math.floor(Math.random() * 0x10000) * 0x10000 + (written++ % 0x10000)) >>> 0)
    .toString(16)
    .padStart(8, '0');
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${unique}.tmp`);
}

/**
 * Write via a temp file in the same directory and rename over the target, so a
 * reader (another process included) sees either the old bytes or the new, never half.
 */
export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  const tmp = tempName(target);
  try {
    await fs.promises.writeFile(tmp, data);
    await fs.promises.rename(tmp, target);
  } catch (error) {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Synchronous twin for exit handlers, where no promise will ever settle. */
export function writeFileAtomicSync(target: string, data: Uint8Array | string): void {
  const tmp = tempName(target);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, target);
  } catch (error) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // the temp file may never have been created; the original error is what matters
    }
    throw error;
  }
}
