import fs from 'node:fs';
import path from 'node:path';
import { cacheDisabledByEnv, createContentCache, type ContentCache } from '../cache/content-cache.js';
import { hashContent } from '../cache/hash.js';
import { createOnceLogger, stderrLogger, type Logger } from '../internal/logger.js';
import { escapesRoot, toRepoRelative } from '../internal/paths.js';
import {
  babelPackageNames,
  createConfigSearch,
  expandPathNames,
  dependencyVersions,
  findPackage,
  hashConfigFiles,
  isBabelPlugin,
  rootConfigFiles,
} from './key-inputs.js';
import { forgetOnInterrupt, printStatsOnInterrupt } from './exit-stats.js';
import type { FactoryPackage } from './factory-package.js';
import { optionsFingerprint } from './portable-options.js';
import { refusalMessage } from './refusal.js';
import { createRelocator, type Relocator } from './relocate.js';
import { createTransformRemote, transformRemoteTier, type TransformRemote } from './remote-transforms.js';
import { hashWatchedFile, newCallRecord, recordingContext, storableResult } from './replay.js';
import { addToTotals, emptyTransformStats, formatStatsLine, trackLiveStats } from './transform-cache-stats.js';
import type {
  CacheablePlugin,
  PluginHook,
  PluginInput,
  TransformCacheOptions,
  TransformCacheStats,
  TransformHookOptions,
} from './types.js';

const ENTRY_VERSION = 1;

/** One stored call: the result as returned, what it watched (path, content hash), its warnings, its cost. */
interface Entry {
  v: number;
  result: unknown;
  watch: [file: string, hash: string][];
  warnings: unknown[];
  ms: number;
  /** Hash of the earlier plugins' combined source map, when the call asked for it. */
  combinedMap?: string;
}

/** Root-relative before hashing, so the same map in another checkout has the same hash. */
function combinedMapHash(state: BuildState, json: string): string {
  return hashContent(state.relocator.store(json) ?? json);
}

/** True unless the entry was made with a combined source map that differs from this build's. */
function sameCombinedMap(state: BuildState, context: unknown, entry: Entry): boolean {
  if (entry.combinedMap === undefined) return true;
  const get = (context as { getCombinedSourcemap?: () => unknown } | null)?.getCombinedSourcemap;
  if (typeof get !== 'function') return false;
  try {
    return combinedMapHash(state, JSON.stringify(get.call(context) ?? null)) === entry.combinedMap;
  } catch {
    return false;
  }
}

interface BuildState {
  cache: ContentCache;
  root: string;
  relocator: Relocator;
  /** A hash of the config files a plugin searches for from a module's directory (SVGR's `.svgrrc`). */
  configFor?: (file: string) => string;
}

/** Vite's resolved config, as far as the cache reads it (no vite import in the engine). */
interface ResolvedConfigLike {
  root?: string;
  mode?: string;
  command?: string;
  logger?: { warn(message: string): void; info(message: string): void };
}

type AnyHandler = (this: unknown, ...args: unknown[]) => unknown;

export function hookHandler(hook: unknown): AnyHandler | undefined {
  if (typeof hook === 'function') return hook as AnyHandler;
  if (hook && typeof hook === 'object' && typeof (hook as { handler?: unknown }).handler === 'function') {
    return (hook as { handler: AnyHandler }).handler;
  }
  return undefined;
}

/**
 * The hook with its handler replaced, in the same form. In the object form, `filter`, `order` and
 * `sequential` stay live views of the original: plugins such as @rolldown/plugin-babel compute
 * their filter in `configResolved` and assign it to their own hook object.
 */
export function replaceHandler(hook: unknown, handler: AnyHandler): unknown {
  if (typeof hook === 'function') return handler;
  const original = hook as Record<string, unknown>;
  const replaced: Record<string, unknown> = { handler };
  for (const field of ['filter', 'order', 'sequential']) {
    Object.defineProperty(replaced, field, {
      enumerable: true,
      configurable: true,
      get: () => original[field],
      set: (value: unknown) => {
        original[field] = value;
      },
    });
  }
  return replaced;
}

/** The original hook (if any) followed by `after`, keeping the original's form and result. */
function chainHook(hook: unknown, after: (this: unknown, ...args: unknown[]) => unknown, before = false): unknown {
  const original = hookHandler(hook);
  const handler = async function (this: unknown, ...args: unknown[]) {
    if (before) await after.apply(this, args);
    const result = original ? await original.apply(this, args) : undefined;
    if (!before) await after.apply(this, args);
    return result;
  };
  return hook && typeof hook === 'object' ? { ...(hook as object), handler } : handler;
}

/** True for a result that hands the input back: null, or the same code with no other fields. */
function returnedInput(result: unknown, input: string | undefined): boolean {
  if (result === null || result === undefined) return true;
  if (input === undefined) return false;
  if (typeof result === 'string') return result === input;
  if (typeof result !== 'object') return false;
  const fields = Object.entries(result as Record<string, unknown>).filter(
    ([, value]) => value !== undefined && value !== null,
  );
  return (
    fields.every(([field, value]) => (field === 'code' ? value === input : field === 'map')) &&
    (result as { code?: unknown }).code === input
  );
}

function splitId(id: string): { file: string; query: string } {
  const at = id.indexOf('?');
  return at === -1 ? { file: id, query: '' } : { file: id.slice(0, at), query: id.slice(at) };
}

export interface WrapContext {
  options: TransformCacheOptions;
  /** Computed before a factory ran, so a factory that mutates its options cannot change it. */
  fingerprint: { fingerprint: string; hasFunctions: boolean } | undefined;
  /** The package the factory's code lives in (factory form only): versions every plugin it returned. */
  factoryPackage?: () => FactoryPackage | undefined;
}

export function wrapPlugin(plugin: CacheablePlugin, wrap: WrapContext): CacheablePlugin {
  const { options } = wrap;
  const transformHook = plugin.transform as PluginHook<AnyHandler> | undefined;
  const loadHook = options.load ? (plugin.load as PluginHook<AnyHandler> | undefined) : undefined;
  const transform = hookHandler(transformHook);
  const load = hookHandler(loadHook);
  if (!transform && !load) return plugin;

  const name = plugin.name;
  let logger: Logger = createOnceLogger(options.logger ?? stderrLogger);
  let config: ResolvedConfigLike | undefined;
  let stats = emptyTransformStats(name);
  let untrack: (() => void) | undefined;
  // Each reason a call could not be stored is said once per plugin, not once per module.
  const refused = new Set<string>();
  let base: ContentCache | undefined;
  // The shared remote tier (options.remote or WARMBUILD_REMOTE_*), resolved once; null: none.
  let remote: TransformRemote | null | undefined;
  let building: Promise<BuildState | undefined> | undefined;
  const pending = new Set<Promise<unknown>>();
  const fingerprint = wrap.fingerprint ?? ('options' in options ? optionsFingerprint(options.options) : undefined);

  function prepare(): Promise<BuildState | undefined> {
    const root = path.resolve(options.root ?? config?.root ?? process.cwd());
    if (fingerprint === undefined) {
      logger.warn(
        `cached(${name}): the plugin's options are not visible to the cache key, so changing them will not invalidate it; ` +
          `wrap the factory instead, cached(factory, options), or pass cached(plugin, { options })`,
      );
    } else if (fingerprint.hasFunctions) {
      logger.warn(
        `cached(${name}): options contain functions, fingerprinted by their source; changes to values they capture are not seen: ` +
          `pass those values in { salt: [...] }, or clear the cache with \`warmbuild cache clear\``,
      );
    }
    const babel = isBabelPlugin(name);
    const fromFactory = wrap.factoryPackage?.();
    const own = options.packageName
      ? findPackage(options.packageName, [root])
      : (fromFactory ?? findPackage(name, [root]));
    const version =
      options.version ?? (typeof plugin.version === 'string' ? plugin.version : undefined) ?? own?.version;
    if (version === undefined) {
      logger.warn(
        `cached(${name}): no version found (no \`version\` on the plugin, no package named ${JSON.stringify(options.packageName ?? name)}` +
          `${fromFactory === undefined && wrap.factoryPackage ? ', and the factory is not in node_modules' : ''}); ` +
          `upgrading it will not invalidate the cache: pass { version } or { packageName }`,
      );
    }
    const dependencies =
      options.dependencies ?? (babel ? ['@babel/core', ...expandPathNames(babelPackageNames(options.options))] : []);
    const fromDirs = own ? [own.dir, root] : [root];
    const salt = [
      name,
      // The package, not only its version: two packages may name a plugin alike.
      !options.packageName && fromFactory ? fromFactory.name : '',
      version ?? 'unversioned',
      // The hook's own source: catches edits to a local, unversioned plugin.
      hashContent(`${String(transform)}\n${String(load)}`),
      fingerprint?.fingerprint ?? 'unknown-options',
      // The plugin resolves @babel/core from its own package; babel resolves plugins and presets named
      // by string from the project root, so those are looked up from the root first.
      JSON.stringify(
        dependencyVersions(
          dependencies,
          babel && !options.dependencies ? [root, ...fromDirs] : fromDirs,
          babel,
          fromDirs,
        ),
      ),
      hashConfigFiles(root, options.configFiles ?? rootConfigFiles(name, options.options)),
      process.env.NODE_ENV,
      babel ? process.env.BABEL_ENV : undefined,
      config?.mode,
      ...(options.salt ?? []),
    ];
    if (remote === undefined) {
      const tier = transformRemoteTier(options.remote, logger);
      remote = tier ? createTransformRemote(tier) : null;
    }
    base ??= createContentCache({
      root,
      cacheDir: options.cacheDir,
      namespace: 'transform',
      logger,
      remote: remote ?? undefined,
    });
    if (!base.enabled) return Promise.resolve(undefined);
    let real = root;
    try {
      real = fs.realpathSync(root);
    } catch {
      // a root that does not exist yet: only its given spelling can appear in results
    }
    const cache = base.namespace('transform', salt);
    remote?.startBuild(root, salt, cache);
    return Promise.resolve({
      cache,
      root,
      relocator: createRelocator([root, real]),
      configFor: options.configFiles ? undefined : createConfigSearch(name, options.options, root),
    });
  }

  function relativeId(root: string, file: string): string {
    // Bundler ids are normalized absolute paths: most are `<root>/<rest>`, sliced without path.relative.
    if (
      path.sep === '/' &&
      file.startsWith(root) &&
      file[root.length] === '/' &&
      !/\/\.{0,2}(?:\/|$)/.test(file.slice(root.length))
    ) {
      return file.slice(root.length + 1);
    }
    if (!path.isAbsolute(file)) return file;
    const rel = toRepoRelative(root, file);
    return escapesRoot(rel) ? file : rel;
  }

  function environmentOf(context: unknown, hookOptions: TransformHookOptions | undefined): string {
    const environment = (context as { environment?: { name?: unknown } } | null)?.environment;
    const envName = typeof environment?.name === 'string' ? environment.name : '';
    return `${envName}|ssr=${hookOptions?.ssr === true}|type=${hookOptions?.moduleType ?? ''}`;
  }

  async function serve(
    state: BuildState,
    context: unknown,
    key: string,
    input: string | undefined,
    id: string,
    call: (context: unknown) => unknown,
  ): Promise<unknown> {
    const stored = await state.cache.get(key);
    if (stored) {
      let entry: Entry | undefined;
      try {
        entry = JSON.parse(state.relocator.replay(stored.toString('utf8'))) as Entry;
      } catch {
        entry = undefined;
      }
      if (
        entry?.v === ENTRY_VERSION &&
        entry.watch.every(([file, hash]) => hashWatchedFile(file) === hash) &&
        sameCombinedMap(state, context, entry)
      ) {
        const ctx = context as { addWatchFile?(file: string): void; warn?(warning: unknown): void } | null;
        for (const [file] of entry.watch) ctx?.addWatchFile?.(file);
        for (const warning of entry.warnings) ctx?.warn?.(warning);
        stats.hits++;
        // What the call cost when it was stored. Serving a hit is not subtracted: hits overlap
        // (hundreds wait on disk reads at once), so their wall times do not add up to a cost.
        stats.savedMs += entry.ms;
        return entry.result ?? undefined;
      }
    }
    const record = newCallRecord();
    const callStarted = performance.now();
    // Errors go to the bundler untouched, exactly as without the cache, and nothing is stored.
    const result = await call(recordingContext(context, record));
    const ms = performance.now() - callStarted;
    if (record.bypass === undefined && returnedInput(result, input)) {
      // Nothing to replay (files outside the plugin's scope, node_modules): storing them only fills the disk.
      stats.unchanged++;
      return result;
    }
    const storable = storableResult(result);
    const reason = record.bypass ?? ('reason' in storable ? storable.reason : undefined);
    if (reason !== undefined || !('value' in storable)) {
      const why = reason ?? 'unknown';
      stats.bypassed++;
      stats.bypassReasons[why] = (stats.bypassReasons[why] ?? 0) + 1;
      if (!refused.has(why)) {
        refused.add(why);
        logger.warn(refusalMessage(name, why, relativeId(state.root, splitId(id).file)));
      }
      return result;
    }
    const entry: Entry = {
      v: ENTRY_VERSION,
      result: storable.value,
      watch: [...record.watchFiles].map((file) => [file, hashWatchedFile(file)]),
      warnings: record.warnings,
      ms,
      ...(record.combinedMap === undefined ? {} : { combinedMap: combinedMapHash(state, record.combinedMap) }),
    };
    const text = state.relocator.store(JSON.stringify(entry));
    if (text === undefined) {
      stats.bypassed++;
      stats.bypassReasons['result holds the root token'] =
        (stats.bypassReasons['result holds the root token'] ?? 0) + 1;
      return result;
    }
    stats.misses++;
    const write = state.cache.set(key, text).catch((error: unknown) => {
      logger.warn(
        `cached(${name}): could not store a transform result (${(error as Error).message}); the build goes on uncached`,
      );
    });
    pending.add(write);
    void write.finally(() => pending.delete(write));
    return result;
  }

  // Marked so the build's transform-time line can tell cached plugins from candidates.
  const wrapped: CacheablePlugin = { ...plugin, [Symbol.for('warmbuild.cached')]: true };

  if (transform) {
    wrapped.transform = replaceHandler(transformHook, async function (this: unknown, ...args: unknown[]) {
      const [code, id, hookOptions] = args as [string, string, TransformHookOptions | undefined];
      building ??= prepare();
      const state = await building;
      if (!state || typeof code !== 'string' || typeof id !== 'string') return transform.apply(this, args);
      const { file, query } = splitId(id);
      // With a query (`icon.svg?react`, `App.vue?vue&type=style`) the code handed in need not be
      // the file: a plugin such as vite-plugin-svgr reads the file itself, and in dev the code is
      // only the asset's URL. The file's own contents go into the key so an edit is never a stale hit.
      const onDisk = query && path.isAbsolute(file) ? hashWatchedFile(file) : '';
      const key = state.cache.key(
        'transform',
        relativeId(state.root, file),
        query,
        environmentOf(this, hookOptions),
        hashContent(code),
        onDisk,
        state.configFor?.(file) ?? '',
      );
      return serve(state, this, key, code, id, (context) => transform.apply(context, args));
    }) as CacheablePlugin['transform'];
  }

  if (load) {
    wrapped.load = replaceHandler(loadHook, async function (this: unknown, ...args: unknown[]) {
      const [id, hookOptions] = args as [string, TransformHookOptions | undefined];
      building ??= prepare();
      const state = await building;
      const { file, query } = splitId(typeof id === 'string' ? id : '');
      // Only a real file's contents can stand for what `load` returns; anything else runs as is.
      const contents = state && path.isAbsolute(file) ? hashWatchedFile(file) : 'absent';
      if (!state || contents === 'absent') return load.apply(this, args);
      const key = state.cache.key(
        'load',
        relativeId(state.root, file),
        query,
        environmentOf(this, hookOptions),
        contents,
        state.configFor?.(file) ?? '',
      );
      return serve(state, this, key, undefined, id, (context) => load.apply(context, args));
    }) as CacheablePlugin['load'];
  }

  wrapped.configResolved = chainHook(plugin.configResolved, (resolved: unknown) => {
    config = resolved as ResolvedConfigLike;
    // A dev server stopped with Ctrl-C never reaches closeBundle: the counters are printed on SIGINT.
    if (config.command === 'serve') printStatsOnInterrupt(wrapped, () => finishStats());
    if (!options.logger && config.logger) {
      const viteLogger = config.logger;
      logger = createOnceLogger({
        warn: (message) => viteLogger.warn(`warmbuild: ${message}`),
        info: (message) => viteLogger.info(message),
      });
    }
  });

  // Each build re-reads versions and config files: in watch mode they may change between builds.
  wrapped.buildStart = chainHook(
    plugin.buildStart,
    () => {
      building = prepare();
      untrack?.();
      untrack = trackLiveStats(() => stats);
    },
    true,
  );

  /** Prints and hands on this build's counters once, from closeBundle or an interrupted dev server. */
  function finishStats(): void {
    untrack?.();
    untrack = undefined;
    const finished: TransformCacheStats = { ...stats, savedMs: Math.round(stats.savedMs) };
    stats = emptyTransformStats(name);
    if (finished.hits + finished.misses + finished.bypassed + finished.unchanged === 0) return;
    addToTotals(finished);
    (logger.info ?? logger.warn)(formatStatsLine(finished));
    options.onStats?.(finished);
  }

  wrapped.closeBundle = chainHook(plugin.closeBundle, async () => {
    await Promise.all(pending);
    const state = building ? await building : undefined;
    if (state) await remote?.finishBuild();
    await state?.cache.flush();
    forgetOnInterrupt(wrapped);
    finishStats();
  });

  if (typeof plugin.applyToEnvironment === 'function') {
    const apply = plugin.applyToEnvironment as AnyHandler;
    // A plugin may hand Vite a different plugin per environment: that one is cached too.
    wrapped.applyToEnvironment = function (this: unknown, ...args: unknown[]) {
      const result = apply.apply(this, args);
      return typeof result === 'boolean' || result === undefined ? result : wrapInput(result as PluginInput, wrap);
    };
  }

  return wrapped;
}

export function wrapInput(input: PluginInput, wrap: WrapContext): PluginInput {
  if (!input) return input;
  if (typeof (input as Promise<PluginInput>).then === 'function') {
    return (input as Promise<PluginInput>).then((resolved) => wrapInput(resolved, wrap));
  }
  if (Array.isArray(input)) return input.map((item: PluginInput) => wrapInput(item, wrap));
  const plugin = input as CacheablePlugin;
  return typeof plugin.name === 'string' ? wrapPlugin(plugin, wrap) : plugin;
}

export function cacheEnabled(options: TransformCacheOptions): boolean {
  return options.enabled !== false && !cacheDisabledByEnv();
}
