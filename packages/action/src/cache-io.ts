import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The slice of @actions/cache the action uses (a seam for run(deps)). */
export interface CacheClient {
  isFeatureAvailable(): boolean;
  restoreCache(paths: string[], primaryKey: string, restoreKeys?: string[]): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<number>;
}

export interface RestoreOutcome {
  /** The key that matched, exact or through a restore key. */
  matchedKey: string | undefined;
  /** True only for an exact match of the primary key (a re-run of the same run). */
  exactHit: boolean;
  ms: number;
  /** Bytes on disk under the cache paths after the restore. */
  bytes: number;
  /** Why nothing could be restored, when it was an error rather than a miss. */
  error: string | undefined;
}

export interface SaveOutcome {
  saved: boolean;
  ms: number;
  bytes: number;
  /** Why the cache was not saved (untrusted event, empty paths, service error). */
  skipped: string | undefined;
}

/** A `path` entry as a directory: `~` is the home directory, relative is against the workspace. */
export function resolveCachePath(root: string, entry: string): string {
  if (entry === '~' || entry.startsWith('~/')) return path.join(os.homedir(), entry.slice(1));
  return path.resolve(root, entry);
}

/** Total size of the files under these paths (missing paths count 0). */
export function measureBytes(root: string, paths: readonly string[]): number {
  let total = 0;
  const walk = (target: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(target);
    } catch {
      return; // removed while walking, or never there
    }
    if (stat.isDirectory()) for (const name of fs.readdirSync(target)) walk(path.join(target, name));
    else if (stat.isFile()) total += stat.size;
  };
  for (const entry of paths) walk(resolveCachePath(root, entry));
  return total;
}

export async function restoreWithReport(
  client: CacheClient,
  root: string,
  paths: string[],
  primaryKey: string,
  restoreKeys: string[],
  warn: (message: string) => void,
): Promise<RestoreOutcome> {
  const started = performance.now();
  if (!client.isFeatureAvailable()) {
    const error = 'the Actions cache service is not available in this environment (no ACTIONS_RESULTS_URL)';
    warn(`warmbuild: ${error}; building without restored caches`);
    return { matchedKey: undefined, exactHit: false, ms: 0, bytes: measureBytes(root, paths), error };
  }
  let matchedKey: string | undefined;
  let error: string | undefined;
  try {
    matchedKey = await client.restoreCache(paths, primaryKey, restoreKeys);
  } catch (caught) {
    // @actions/cache already turns service errors into a warning and a miss; what reaches here
    // is a validation error (a bad key or path), which must not stop the build either.
    error = (caught as Error).message;
    warn(`warmbuild: cache restore failed, building without restored caches: ${error}`);
  }
  return {
    matchedKey,
    exactHit: matchedKey === primaryKey,
    ms: performance.now() - started,
    bytes: measureBytes(root, paths),
    error,
  };
}

export async function saveWithReport(
  client: CacheClient,
  root: string,
  paths: string[],
  key: string,
  warn: (message: string) => void,
): Promise<SaveOutcome> {
  const started = performance.now();
  const bytes = measureBytes(root, paths);
  if (!client.isFeatureAvailable()) {
    return { saved: false, ms: 0, bytes, skipped: 'the Actions cache service is not available' };
  }
  if (!paths.some((entry) => fs.existsSync(resolveCachePath(root, entry)))) {
    return { saved: false, ms: 0, bytes, skipped: 'none of the cache paths exist' };
  }
  try {
    // The same path list as the restore: the service versions entries by it.
    const id = await client.saveCache(paths, key);
    const ms = performance.now() - started;
    // -1: the toolkit already warned (reserve failed, service error, read-only token).
    return id === -1
      ? { saved: false, ms, bytes, skipped: 'the cache service did not accept the entry (see the warning above)' }
      : { saved: true, ms, bytes, skipped: undefined };
  } catch (caught) {
    const message = (caught as Error).message;
    warn(`warmbuild: cache save failed: ${message}`);
    return { saved: false, ms: performance.now() - started, bytes, skipped: message };
  }
}
