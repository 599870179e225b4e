import fs from 'node:fs';
import path from 'node:path';
import { createContentCache } from '../cache/content-cache.js';
import { notADirectory, notOursError, ownershipOf } from '../cache/cache-dir.js';
import { describeWriteFailure } from '../cache/write-failure.js';
import { WarmbuildError } from '../errors.js';
import { loadConfigFile, resolveCacheDir } from '../config.js';
import { readLifetimeStats } from '../cache/lifetime-stats.js';
import { oneOf, parseCommandArgs, positiveNumber, withUsageErrors } from './args.js';

const ACTIONS = ['stats', 'prune', 'clear'] as const;
const DAY = 24 * 60 * 60 * 1000;
const MB = 1024 * 1024;

export function cacheCommand(argv: string[]): Promise<number> {
  return withUsageErrors(async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      'cache-dir': { type: 'string' },
      format: { type: 'string' },
      'max-age': { type: 'string' },
      'max-size': { type: 'string' },
      unused: { type: 'boolean', default: false },
    });
    const [action, rootArg] = positionals;
    if (!action)
      throw new WarmbuildError('USAGE', 'warmbuild cache needs an action', { hint: `one of ${ACTIONS.join(', ')}` });
    oneOf('action', action, ACTIONS, 'stats');
    const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
    const root = path.resolve(rootArg ?? process.cwd());
    // The same directory `check` uses: flag, environment, then the repository's config.
    const cacheDir = resolveCacheDir(
      root,
      fs.existsSync(root) ? loadConfigFile(root) : { options: {} },
      values['cache-dir'],
    );
    if (!isDirectoryOrAbsent(cacheDir)) throw notADirectory(cacheDir);
    const cache = createContentCache({ root, cacheDir });
    const print = (value: Record<string, unknown>, text: string) =>
      process.stdout.write(format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);

    if (action === 'stats') {
      const usage = await cache.usage();
      const lastRun = await cache.disk?.lastRunStart();
      const lifetime = cache.disk ? await readLifetimeStats(cache.disk.root) : undefined;
      const hitRate =
        lifetime && lifetime.hits + lifetime.misses > 0 ? lifetime.hits / (lifetime.hits + lifetime.misses) : 0;
      print(
        {
          cacheDir,
          ...usage,
          lastRunStartedAt: lastRun ? new Date(lastRun).toISOString() : null,
          lifetime: lifetime ?? null,
        },
        `${cacheDir}\n${usage.entries} entries, ${(usage.bytes / MB).toFixed(2)} MB\n` +
          (lifetime
            ? `${lifetime.runs} runs: ${lifetime.hits} hits, ${lifetime.misses} misses (hit rate ${(hitRate * 100).toFixed(1)}%), ` +
              `${(lifetime.bytesRead / MB).toFixed(2)} MB read, ${(lifetime.bytesWritten / MB).toFixed(2)} MB written, ${lifetime.evictions} evictions\n`
            : '') +
          Object.entries(usage.namespaces)
            .map(([name, ns]) => `  ${name}: ${ns.entries} entries, ${(ns.bytes / MB).toFixed(2)} MB`)
            .join('\n'),
      );
    } else if (action === 'prune') {
      const maxAgeDays = positiveNumber('max-age', values['max-age']);
      const maxSizeMb = positiveNumber('max-size', values['max-size']);
      const ownership = ownershipOf(cacheDir);
      if (ownership.state === 'foreign') throw notOursError(cacheDir, 'prune', ownership.reason);
      const unusedSince = values.unused ? await cache.disk?.lastRunStart() : undefined;
      const result =
        ownership.state === 'absent'
          ? { removed: 0, bytesRemoved: 0, remaining: 0, bytesRemaining: 0, staleTemps: 0 }
          : await cache
              .prune({
                maxAge: maxAgeDays === undefined ? undefined : maxAgeDays * DAY,
                maxDiskSize: maxSizeMb === undefined ? undefined : maxSizeMb * MB,
                unusedSince,
              })
              .catch((error: unknown) => {
                throw unwritable(cacheDir, 'prune', error);
              });
      print(
        { cacheDir, ...result },
        `pruned ${result.removed} entries (${(result.bytesRemoved / MB).toFixed(2)} MB)` +
          (result.staleTemps ? ` and ${result.staleTemps} stale temp files` : '') +
          `; ${result.remaining} left (${(result.bytesRemaining / MB).toFixed(2)} MB)`,
      );
    } else {
      const absent = ownershipOf(cacheDir).state === 'absent';
      const left = await cache.clear();
      print(
        { cacheDir, cleared: true, left },
        absent
          ? `nothing to clear in ${cacheDir}`
          : `cleared ${cacheDir}${left.length > 0 ? `; left ${left.length} entries warmbuild did not write: ${left.join(', ')}` : ''}`,
      );
    }
    return 0;
  });
}

function unwritable(cacheDir: string, action: string, error: unknown): WarmbuildError {
  if (error instanceof WarmbuildError) return error;
  return new WarmbuildError(
    'CACHE_UNWRITABLE',
    `cannot ${action} the cache directory ${cacheDir}: ${describeWriteFailure(error, cacheDir)}`,
    {
      hint: 'make it writable (remount a read-only file system read-write, fix the permissions), or pass --cache-dir with another directory',
      cause: error,
    },
  );
}

function isDirectoryOrAbsent(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}
