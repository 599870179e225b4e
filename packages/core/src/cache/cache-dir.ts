import fs from 'node:fs';
import path from 'node:path';
import { CACHE_FORMAT_VERSION, WARMBUILD_VERSION } from '../version.js';
import { errnoCode, WarmbuildError } from '../errors.js';

/**
 * Who owns a cache directory. warmbuild writes `<cacheDir>/v<format>/meta.json` (its marker,
 * with the format tag) before anything else, and only ever deletes in a versioned directory that
 * carries the marker, and there only the names it writes: `--cache-dir` can name any directory,
 * and `rm -rf <dir>/v1` once removed a user's `api/v1/users.ts`.
 */
export const META_FILE = 'meta.json';

/**
 * Everything warmbuild writes inside `v<format>/` (temp files and locks aside, see isOurTempName).
 * A new top-level name must be added here, or a run would take its own directory for a foreign one.
 */
const OWN_NAMES = new Set(['entries', 'packs', 'state', META_FILE, 'last-run.json', 'usage.json', 'stats.json']);

/** Temp files of writeFileAtomic (`.<name>.<pid>.<hex>.tmp`) and pack locks. */
const TEMP_NAME = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;
const LOCK_NAME = /\.pack\.lock$/;
/** A temp file or lock this old belongs to no live writer (a killed run left it). */
export const STALE_TEMP_MS = 60 * 60 * 1000;

export function metaText(): string {
  return JSON.stringify({ format: CACHE_FORMAT_VERSION, writtenBy: WARMBUILD_VERSION });
}

/** The marker warmbuild wrote: a JSON object with this format tag and the version that wrote it. */
export function isOurMeta(text: string): boolean {
  try {
    const meta = JSON.parse(text) as { format?: unknown; writtenBy?: unknown };
    return meta.format === CACHE_FORMAT_VERSION && typeof meta.writtenBy === 'string';
  } catch {
    return false;
  }
}

export function isOurTempName(name: string): boolean {
  return TEMP_NAME.test(name) || LOCK_NAME.test(name);
}

export type Ownership =
  /** No versioned directory: nothing of ours, nothing to do. */
  | { state: 'absent' }
  | { state: 'ours' }
  /** The versioned directory exists without our marker. */
  | { state: 'foreign'; reason: string };

/** Ownership of `<cacheDir>/v<format>`; throws a WarmbuildError naming the path when it cannot even be looked at. */
export function ownershipOf(cacheDir: string): Ownership {
  const versioned = path.join(cacheDir, `v${CACHE_FORMAT_VERSION}`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(versioned);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT') return { state: 'absent' };
    if (code === 'ENOTDIR') throw notADirectory(cacheDir);
    throw new WarmbuildError(
      'CACHE_UNWRITABLE',
      `cannot read the cache directory ${cacheDir} (${code ?? (error as Error).message})`,
      {
        hint: 'fix its permissions, or pass --cache-dir with another directory',
      },
    );
  }
  if (!stat.isDirectory()) return { state: 'foreign', reason: `${versioned} is a file` };
  let meta: string;
  try {
    meta = fs.readFileSync(path.join(versioned, META_FILE), 'utf8');
  } catch {
    return { state: 'foreign', reason: `${versioned} has no ${META_FILE}` };
  }
  return isOurMeta(meta)
    ? { state: 'ours' }
    : { state: 'foreign', reason: `${path.join(versioned, META_FILE)} was not written by warmbuild` };
}

/** A refusal to touch a directory warmbuild did not write, naming it and the way out. */
export function notOursError(cacheDir: string, action: string, reason: string): WarmbuildError {
  return new WarmbuildError(
    'CACHE_DIR_FOREIGN',
    `refusing to ${action} ${cacheDir}: it does not carry warmbuild's marker (${reason})`,
    {
      hint:
        `warmbuild only ${action}s directories it created (v${CACHE_FORMAT_VERSION}/${META_FILE} with its format tag); ` +
        'check --cache-dir / cache.cacheDir, or delete the directory yourself if it really is a cache',
    },
  );
}

export function notADirectory(cacheDir: string): WarmbuildError {
  return new WarmbuildError(
    'CACHE_UNWRITABLE',
    `cache directory ${cacheDir} is a file, or a path through a file, not a directory`,
    {
      hint: 'pass --cache-dir (or cache.cacheDir) with a directory, or move that file away',
    },
  );
}

/**
 * May a run write into this versioned directory? Yes when it is absent or empty, carries our
 * marker, or holds only names warmbuild writes (a marker damaged by a flipped bit is rewritten).
 * A directory holding anything else is someone else's: adopting it would later let `cache clear`
 * delete their files.
 */
export function foreignNamesIn(versioned: string, marked = carriesOurMeta(versioned)): string[] {
  // Marked (the usual warm run): no need to list the directory.
  if (marked) return [];
  let names: string[];
  try {
    names = fs.readdirSync(versioned);
  } catch {
    return [];
  }
  return names.filter((name) => !OWN_NAMES.has(name) && !isOurTempName(name));
}

/** Whether `versioned` holds warmbuild's marker ({@link META_FILE} with its format tag); unreadable or absent is no. */
export function carriesOurMeta(versioned: string): boolean {
  try {
    return isOurMeta(fs.readFileSync(path.join(versioned, META_FILE), 'utf8'));
  } catch {
    return false;
  }
}

/**
 * The names warmbuild wrote in `versioned`, removed; anything else is left where it is and
 * returned. Each failure names the path and the fix (a read-only file system, a file in the way).
 */
export async function removeOwnNames(versioned: string): Promise<string[]> {
  const names = await fs.promises.readdir(versioned).catch((error: unknown) => {
    if (errnoCode(error) === 'ENOENT') return [] as string[];
    throw error;
  });
  const left: string[] = [];
  for (const name of names) {
    if (name === META_FILE) continue; // last: an interrupted clear stays recognisable as ours
    if (!OWN_NAMES.has(name) && !isOurTempName(name)) {
      left.push(name);
      continue;
    }
    await fs.promises.rm(path.join(versioned, name), { recursive: true, force: true });
  }
  if (left.length > 0) return left;
  await fs.promises.rm(path.join(versioned, META_FILE), { force: true });
  await fs.promises.rmdir(versioned).catch((error: unknown) => {
    if (errnoCode(error) !== 'ENOENT') throw error;
  });
  return left;
}

/** Temp files and locks older than STALE_TEMP_MS anywhere in the versioned directory, removed; returns how many. */
export async function sweepStaleTemps(versioned: string, now = Date.now()): Promise<number> {
  let removed = 0;
  const visit = async (dir: string, depth: number): Promise<void> => {
    const entries = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => [] as fs.Dirent[]);
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        // v1/entries/<namespace>/<shard>/: three levels at most
        if (depth < 3) await visit(file, depth + 1);
        continue;
      }
      if (!isOurTempName(entry.name)) continue;
      const stat = await fs.promises.stat(file).catch(() => undefined);
      if (stat && now - stat.mtimeMs > STALE_TEMP_MS) {
        await fs.promises.rm(file, { force: true }).catch(() => undefined);
        removed++;
      }
    }
  };
  await visit(versioned, 0);
  return removed;
}

/**
 * A gitignore pattern that leaves a cache directory inside the repository out of discovery, as
 * the default one (under node_modules) always is: scanned, its files changed on every run and
 * were re-read as repository files. Undefined when the directory is outside the root.
 */
export function cacheDirExclusion(root: string, cacheDir: string): string | undefined {
  const rel = path.relative(root, cacheDir);
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return undefined;
  const posix = (rel === '' ? `v${CACHE_FORMAT_VERSION}` : rel).split(path.sep).join('/');
  return `/${posix.replace(/[\\*?[\]!#]/g, (char) => `\\${char}`).replace(/ $/, '\\ ')}/`;
}
