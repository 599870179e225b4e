/**
 * Where a build's transform time goes, per plugin, before anything is wrapped in `cached()`: a
 * user sees which plugin is worth caching, and that none is when transforms are a small share.
 *
 * Each plugin's `transform` handler is timed as *busy time*: the wall time during which at least
 * one of its calls was in flight. Summing call durations would count concurrent async calls
 * several times over and could exceed the build; busy time cannot, so its share of the build is
 * meaningful.
 */
import { hookHandler, replaceHandler } from '../transform/cached-plugin.js';
import { formatDuration } from '../transform/transform-cache-stats.js';

export interface PluginTransformTime {
  plugin: string;
  calls: number;
  /** Wall time with at least one call of this plugin in flight, ms. */
  busyMs: number;
  /** busyMs / the build's duration, 0..1. */
  share: number;
}

export interface TransformTimes {
  /** Plugins with at least one call, slowest first. */
  plugins: PluginTransformTime[];
  /** The slowest plugin not yet in `cached()` if it takes a tenth of the build and a second or more, else undefined. */
  worthCaching: string | undefined;
  /** Plugins already wrapped in `cached()`. */
  cached: string[];
}

/** Below this share of the build a plugin's transforms are not worth a cache (reading entries costs too). */
export const WORTH_CACHING_SHARE = 0.1;
/** Nor below this much time: a tenth of a fast build is not worth a cache directory and its upkeep. */
export const WORTH_CACHING_MS = 1000;

interface Timer {
  calls: number;
  busyMs: number;
  inFlight: number;
  since: number;
}

const TIMED = Symbol.for('warmbuild.timedTransform');
/** Set by `cached()` on the plugins it wraps. */
export const CACHED = Symbol.for('warmbuild.cached');

export interface TransformTimer {
  /** Wrap each plugin's transform handler (Vite's resolved `config.plugins`), once. */
  instrument(plugins: readonly unknown[]): void;
  /** A build starts: counters from zero. */
  reset(): void;
  /** The times so far against a build that has run `buildMs`. */
  read(buildMs: number): TransformTimes;
}

export function createTransformTimer(): TransformTimer {
  let timers = new Map<string, Timer>();
  const cachedNames = new Set<string>();
  const timerOf = (name: string): Timer => {
    let timer = timers.get(name);
    if (!timer) timers.set(name, (timer = { calls: 0, busyMs: 0, inFlight: 0, since: 0 }));
    return timer;
  };
  return {
    instrument(plugins) {
      for (const plugin of plugins as Record<string | symbol, unknown>[]) {
        if (!plugin || typeof plugin !== 'object' || plugin[TIMED]) continue;
        const handler = hookHandler(plugin.transform);
        if (!handler || typeof plugin.name !== 'string') continue;
        const name = plugin.name;
        plugin[TIMED] = true;
        if (plugin[CACHED]) cachedNames.add(name);
        plugin.transform = replaceHandler(plugin.transform, function (this: unknown, ...args: unknown[]) {
          const timer = timerOf(name);
          timer.calls++;
          if (timer.inFlight++ === 0) timer.since = performance.now();
          const done = (): void => {
            if (--timer.inFlight === 0) timer.busyMs += performance.now() - timer.since;
          };
          let result: unknown;
          try {
            result = handler.apply(this, args);
          } catch (error) {
            done();
            throw error;
          }
          // A synchronous handler stays synchronous: the bundler treats both forms alike, but not every caller does.
          if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
            return (result as Promise<unknown>).finally(done);
          }
          done();
          return result;
        });
      }
    },
    reset() {
      timers = new Map();
    },
    read(buildMs) {
      const plugins = [...timers]
        .map(([plugin, timer]) => {
          const busyMs = timer.busyMs + (timer.inFlight > 0 ? performance.now() - timer.since : 0);
          return {
            plugin,
            calls: timer.calls,
            busyMs: Math.round(busyMs),
            share: buildMs > 0 ? Math.min(1, Math.round((busyMs / buildMs) * 1000) / 1000) : 0,
          };
        })
        .sort((a, b) => b.busyMs - a.busyMs);
      const top = plugins.find((entry) => !cachedNames.has(entry.plugin));
      return {
        plugins,
        worthCaching:
          top && top.share >= WORTH_CACHING_SHARE && top.busyMs >= WORTH_CACHING_MS ? top.plugin : undefined,
        cached: plugins.filter((entry) => cachedNames.has(entry.plugin)).map((entry) => entry.plugin),
      };
    },
  };
}

/** `warmbuild: transform time by plugin: vite:react-babel 3.2 s (41%), vite:css 40 ms (1%); worth caching: vite:react-babel` */
export function formatTransformTimes(times: TransformTimes, buildMs: number): string | undefined {
  if (times.plugins.length === 0) return undefined;
  const list = times.plugins
    .slice(0, 6)
    .map(
      (entry) =>
        `${entry.plugin}${times.cached.includes(entry.plugin) ? ' [cached]' : ''} ${formatDuration(entry.busyMs)} (${Math.round(entry.share * 100)}%)`,
    )
    .join(', ');
  const verdict = times.worthCaching
    ? `worth caching: ${times.worthCaching} (wrap it in cached())`
    : `no uncached plugin takes ${Math.round(WORTH_CACHING_SHARE * 100)}% of the build and ${formatDuration(WORTH_CACHING_MS)}: caching more transforms would not pay`;
  return `transform time by plugin over a ${formatDuration(buildMs)} build: ${list}; ${verdict}`;
}
