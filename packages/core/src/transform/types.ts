import type { Logger } from '../internal/logger.js';
import type { RemoteCacheOptions } from '../types.js';

/**
 * The slice of a Rollup / Rolldown / Vite plugin the transform cache touches. Declared here so
 * the engine never imports a bundler; any object with these optional members can be wrapped.
 */
export interface CacheablePlugin {
  name: string;
  /** Some plugins carry their version; otherwise it is read from the package named by `name`. */
  version?: string;
  transform?: PluginHook<TransformHandler>;
  load?: PluginHook<LoadHandler>;
  [key: string]: unknown;
}

export type TransformHandler = (this: unknown, code: string, id: string, options?: TransformHookOptions) => unknown;
export type LoadHandler = (this: unknown, id: string, options?: TransformHookOptions) => unknown;

/** A hook is a function or Vite/Rollup's object form `{ handler, filter, order, sequential }`. */
export type PluginHook<H> = H | { handler: H; filter?: unknown; order?: unknown; sequential?: unknown };

export interface TransformHookOptions {
  ssr?: boolean;
  moduleType?: string;
  [key: string]: unknown;
}

/**
 * What `cached()` accepts: a plugin, a promise of one, or (nested) arrays of them, as Vite does.
 * Loosely typed on purpose, so Vite's, Rollup's and Rolldown's own plugin types all fit.
 */
export type PluginInput = { name: string } | PromiseLike<unknown> | readonly unknown[] | false | null | undefined;

/** Per-build counters of one wrapped plugin (or the sum over all of them). */
export interface TransformCacheStats {
  /** The wrapped plugin's name, or `'*'` for the sum. */
  plugin: string;
  /** Calls answered from the cache. */
  hits: number;
  /** Calls run and then stored. */
  misses: number;
  /** Calls run and not stored: they emitted files, asked the module graph, or returned what cannot be replayed. */
  bypassed: number;
  /** Why calls were bypassed (`emitFile`, `returned \`ast\``...), with how many calls each. */
  bypassReasons: Record<string, number>;
  /**
   * Calls that returned `null` or their input unchanged (modules outside the plugin's scope):
   * nothing to replay, so they are not stored and run again in every build.
   */
  unchanged: number;
  /** What the hits cost when they were run and stored (wall time of each call), ms. */
  savedMs: number;
}

export interface TransformCacheOptions {
  /**
   * The options the plugin was created with, fingerprinted into the key. Filled in by the
   * factory form `cached(factory, options)`. Functions are fingerprinted by their source.
   */
  options?: unknown;
  /** The plugin's version, when it is not a package named like the plugin. Detected otherwise. */
  version?: string;
  /** The npm package the plugin comes from, to read its version. @default the plugin's name */
  packageName?: string;
  /**
   * Packages whose versions change the output. @default `['@babel/core']` for babel plugins,
   * plus every babel plugin or preset named by string in `options.plugins` / `options.presets`
   */
  dependencies?: readonly string[];
  /**
   * Root-relative files whose contents change the output.
   * Given, it replaces the defaults, including SVGR's search.
   * @default babel.config.{js,cjs,mjs,json,cts,ts}, .babelrc{,.js,.cjs,.mjs,.json}, .browserslistrc for babel plugins;
   * svelte.config.{js,ts,mjs,mts} (or the `configFile` option) for vite-plugin-svelte; for vite-plugin-svgr, every
   * `.svgrrc*`, `svgr.config.*` and package.json from each SVG's directory upward, as SVGR searches them
   */
  configFiles?: readonly string[];
  /** Anything else the output depends on (values a function option captures, say). */
  salt?: readonly (string | number | boolean | undefined)[];
  /** Also cache `load`, keyed by the loaded file's contents. Only safe when `load` reads just that file. @default false */
  load?: boolean;
  /** Paths in entries are stored relative to this. @default Vite's `root`, else the working directory */
  root?: string;
  /** @default '<root>/node_modules/.cache/warmbuild' */
  cacheDir?: string;
  /** @default true, unless WARMBUILD_CACHE=0 */
  enabled?: boolean;
  /**
   * The shared remote tier, from the same settings as the CLI and the checks plugin. Transform
   * results are only taken from it with a valid signature (`signatureKey`), unless
   * `allowUnsigned: true`. `false` turns it off even when WARMBUILD_REMOTE_URL is set.
   * @default from WARMBUILD_REMOTE_URL / _TOKEN / _TEAM / _SIGNATURE_KEY / ..., off without a URL
   */
  remote?: RemoteCacheOptions | false;
  /** Where warnings and the stats line go. @default Vite's logger when there is one, else stderr */
  logger?: Logger;
  /** Called with the counters at the end of each build (after the stats line is printed). */
  onStats?: (stats: TransformCacheStats) => void;
}
