import path from 'node:path';
import { createContentCache, defaultCacheDir } from '../cache/content-cache.js';
import { WarmbuildError } from '../errors.js';
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
    if (!action) throw new WarmbuildError('USAGE', 'warmbuild cache needs an action', { hint: `one of ${ACTIONS.join(', ')}` });
    oneOf('action', action, ACTIONS, 'stats');
    const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
    const root = path.resolve(rootArg ?? process.cwd());
    const cacheDir = path.resolve(root, values['cache-dir'] ?? defaultCacheDir(root));
    const cache = createContentCache({ root, cacheDir });
    const print = (value: Record<string, unknown>, text: string) =>
      process.stdout.write(format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);

    if (action === 'stats') {
      const usage = await cache.usage();
      const lastRun = await cache.disk?.lastRunStart();
      const lifetime = cache.disk ? await readLifetimeStats(cache.disk.root) : undefined;
      const hitRate = lifetime && lifetime.hits + lifetime.misses > 0 ? lifetime.hits / (lifetime.hits + lifetime.misses) : 0;
      print(
        { cacheDir, ...usage, lastRunStartedAt: lastRun ? new Date(lastRun).toISOString() : null, lifetime: lifetime ?? null },
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
      const unusedSince = values.unused ? await cache.disk?.lastRunStart() : undefined;
      const result = await cache.prune({
        maxAge: maxAgeDays === undefined ? undefined : maxAgeDays * DAY,
        maxDiskSize: maxSizeMb === undefined ? undefined : maxSizeMb * MB,
        unusedSince,
      });
      print(
        { cacheDir, ...result },
        `pruned ${result.removed} entries (${(result.bytesRemoved / MB).toFixed(2)} MB); ` +
          `${result.remaining} left (${(result.bytesRemaining / MB).toFixed(2)} MB)`,
      );
    } else {
      await cache.clear();
      print({ cacheDir, cleared: true }, `cleared ${cacheDir}`);
    }
    return 0;
  });
}
