import { cacheEnabled, wrapInput } from './cached-plugin.js';
import { callFactory } from './factory-package.js';
import { optionsFingerprint } from './portable-options.js';
import type { PluginInput, TransformCacheOptions } from './types.js';

/**
 * Persistent transform cache for the slow plugins of a Vite / Rolldown / Rollup build.
 *
 * ```js
 * import babel from '@rolldown/plugin-babel';
 * import { cached } from '@warmbuild/vite-plugin';
 * plugins: [cached(babel, { plugins: ['babel-plugin-react-compiler'] })]
 * ```
 *
 * The factory form calls `factory(factoryOptions)` and keys the cache on those options. The plugin
 * form, `cached(plugin, { options })`, wraps a plugin that already exists. Either returns what it
 * was given (a plugin, a promise of one, an array) with `transform` (and with `{ load: true }`,
 * `load`) answered from the cache. With WARMBUILD_CACHE=0 it returns the plugin untouched.
 */
export function cached<Options, Result extends PluginInput>(
  factory: (options: Options) => Result,
  factoryOptions: Options,
  options?: Omit<TransformCacheOptions, 'options'>,
): Result;
export function cached<Result extends PluginInput>(plugin: Result, options?: TransformCacheOptions): Result;
export function cached(input: unknown, second?: unknown, third?: unknown): unknown {
  if (typeof input === 'function') {
    const options: TransformCacheOptions = { ...(third as TransformCacheOptions | undefined), options: second };
    if (!cacheEnabled(options)) return (input as (options: unknown) => unknown)(second);
    // Fingerprinted before the factory runs: a factory may fill defaults into its options object.
    const fingerprint = optionsFingerprint(second);
    // The package the factory lives in versions every plugin it returns (plugin-react's are named `vite:react-*`).
    const { result, factoryPackage } = callFactory(input as (options: unknown) => PluginInput, second);
    return wrapInput(result, { options, fingerprint, factoryPackage });
  }
  const options = (second as TransformCacheOptions | undefined) ?? {};
  if (!cacheEnabled(options)) return input;
  return wrapInput(input as PluginInput, { options, fingerprint: undefined });
}

/** `cached(plugin, options)` for each plugin of a list: `plugins: wrapPlugins([a(), b()], { options: ... })`. */
export function wrapPlugins<List extends readonly PluginInput[]>(
  plugins: List,
  options: TransformCacheOptions = {},
): List {
  return plugins.map((plugin) => cached(plugin, options)) as unknown as List;
}

export { currentTransformCacheStats, transformCacheTotals, formatStatsLine } from './transform-cache-stats.js';
export type { TransformCacheReport } from './transform-cache-stats.js';
export type {
  CacheablePlugin,
  PluginInput,
  TransformCacheOptions,
  TransformCacheStats,
  TransformHookOptions,
} from './types.js';
