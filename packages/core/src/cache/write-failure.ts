import fs from 'node:fs';
import path from 'node:path';
import { errnoCode } from '../errors.js';

const MEANING: Record<string, string> = {
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a file is where a directory should be',
  EEXIST: 'a file is where a directory should be',
};

/**
 * Why writing under `dir` failed, in words plus the errno. A recursive mkdir on a read-only file
 * system reports ENOENT (Node gives up on the first missing component without saying why), which
 * once made the warning say "ENOENT while creating it": the real reason is found by creating
 * the first missing component alone.
 */
export function describeWriteFailure(error: unknown, dir: string): string {
  let code = errnoCode(error);
  let where = (error as { path?: unknown })?.path;
  if (code === 'ENOENT') {
    const probed = probeCreate(dir);
    if (probed) ({ code, where } = probed);
  }
  if (!code) return (error as Error)?.message ?? String(error);
  const meaning = MEANING[code];
  const at = typeof where === 'string' ? `: ${where}` : '';
  return meaning ? `${meaning}${at} (${code})` : `${code}${at}`;
}

/** Create the first missing ancestor of `dir` on its own, to learn the errno a recursive mkdir hid. */
function probeCreate(dir: string): { code: string; where: string } | undefined {
  let missing = path.resolve(dir);
  for (;;) {
    const parent = path.dirname(missing);
    if (parent === missing) return undefined;
    let parentStat: fs.Stats | undefined;
    try {
      parentStat = fs.statSync(parent);
    } catch {
      missing = parent;
      continue;
    }
    if (!parentStat.isDirectory()) return { code: 'ENOTDIR', where: parent };
    try {
      fs.mkdirSync(missing);
      fs.rmdirSync(missing); // it could be created after all: leave things as they were
      return undefined;
    } catch (probe) {
      const code = errnoCode(probe);
      return code && code !== 'EEXIST' ? { code, where: missing } : undefined;
    }
  }
}
