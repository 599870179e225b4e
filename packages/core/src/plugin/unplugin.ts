import path from 'node:path';
import { createUnplugin, type UnpluginInstance } from 'unplugin';
import { isWarmbuildError } from '../errors.js';
import { createBuildSession, type BuildError, type BuildOutcome, type BuildSession } from './build-session.js';
import { rollupResolver } from './bundler-resolve.js';
import { applyEsbuildHooks, type EsbuildLikeBuild } from './esbuild-hooks.js';
import type { WarmbuildPluginOptions } from './options.js';
import { findPackage } from '../transform/key-inputs.js';
import { currentTransformCacheStats } from '../transform/transform-cache-stats.js';
import { createTransformTimer, formatTransformTimes, type TransformTimer } from './transform-timings.js';
import { attachDevServer, type ViteDevServerLike } from './vite-dev.js';
import { applyWebpackHooks, type WebpackLikeCompiler } from './webpack-hooks.js';

export const PLUGIN_NAME = 'warmbuild';

// The slice of Rollup's plugin context (shared by Vite and Rolldown) used here.
interface RollupContextLike {
  meta: { watchMode?: boolean; rollupVersion?: string; rolldownVersion?: string; viteVersion?: string };
  getModuleIds(): Iterable<string>;
  getModuleInfo(id: string): { importedIds: readonly string[] } | null;
  warn(message: string): void;
  error(error: string | BuildError): never;
  addWatchFile(file: string): void;
  resolve?(source: string, importer?: string, options?: { skipSelf?: boolean }): Promise<unknown>;
}
interface ViteConfigLike {
  root: string;
  command: 'build' | 'serve';
  plugins: readonly unknown[];
  /** Present on Rolldown-based Vite (8, rolldown-vite), with `build.rolldownOptions`. */
  oxc?: unknown;
  /** Vite's own cache (pre-bundled deps); `<root>/.vite` when there is no node_modules. */
  cacheDir: string;
  build: { outDir: string; rolldownOptions?: unknown };
  logger: { warn(message: string): void; error(message: string): void; info(message: string): void };
}

/**
 * Hooks shared by Rollup, Rolldown and `vite build`: checks start with the build, the
 * bundler's graph is taken at `buildEnd`, and the outcome is awaited in `generateBundle`,
 * so checks run in parallel with module loading, transforms and rendering.
 */
function rollupLikeHooks(
  session: BuildSession,
  options: WarmbuildPluginOptions,
  timer: TransformTimer,
  vite?: { config?: ViteConfigLike; version?: string },
) {
  let skip = false;
  let buildStarted = 0;
  let watchMode = false;
  const changes = new Set<string>();
  return {
    buildStart(this: RollupContextLike) {
      // The Vite dev server calls buildStart too; configureServer drives checks there.
      skip = vite?.config?.command === 'serve';
      if (skip) return;
      watchMode = this.meta.watchMode === true;
      timer.reset();
      buildStarted = performance.now();
      const config = vite?.config;
      const changed = [...changes];
      changes.clear();
      session.begin(
        {
          root: config?.root,
          mode: watchMode ? 'watch' : 'build',
          watchCheckedFiles: watchMode,
          // Vite 5-6 give only Rollup's version in meta: the bundler the user runs is Vite.
          bundlerVersion: vite
            ? (this.meta.viteVersion ?? vite.version)
            : (this.meta.rolldownVersion ?? this.meta.rollupVersion),
          outputDirs: config ? [path.resolve(config.root, config.build.outDir), config.cacheDir] : [],
        },
        changed,
      );
    },
    watchChange(id: string) {
      changes.add(id);
    },
    async buildEnd(this: RollupContextLike, error?: Error) {
      if (skip) return;
      if (options.bundleGraph) {
        const graph = new Map<string, readonly string[]>();
        for (const id of this.getModuleIds()) graph.set(id, this.getModuleInfo(id)?.importedIds ?? []);
        session.setBundleGraph(graph);
      }
      // A bundler error ends the build before generateBundle: the report is still written.
      if (error) await session.finish({ buildError: error, resolve: rollupResolver(this) }).catch(() => undefined);
      else if (watchMode) {
        // The watcher sees only the bundle's files; the checked ones (docs, configs) must re-trigger checks too.
        const outcome = await session.finish({ resolve: rollupResolver(this) }).catch(() => undefined);
        for (const file of outcome?.checkedFiles ?? []) this.addWatchFile(file);
      }
    },
    options(inputOptions: { plugins?: unknown }) {
      // Plain Rollup / Rolldown: the plugin list is known here (Vite's is instrumented in configResolved).
      if (!vite && Array.isArray(inputOptions.plugins)) timer.instrument(inputOptions.plugins.flat(Infinity));
      return null;
    },
    async generateBundle(this: RollupContextLike) {
      if (skip) return;
      const buildMs = performance.now() - buildStarted;
      const line = formatTransformTimes(timer.read(buildMs), buildMs);
      if (line) {
        if (vite?.config) vite.config.logger.info(`warmbuild: ${line}`);
        else process.stderr.write(`warmbuild: ${line}\n`);
      }
      let outcome: BuildOutcome;
      try {
        outcome = await session.finish({ resolve: rollupResolver(this) });
      } catch (error) {
        // A usage error (unknown rule, bad root): fail with its fix.
        this.error(isWarmbuildError(error) ? error.format() : (error as Error).message);
      }
      const warnings = session.takeNewWarningText(outcome);
      if (warnings) this.warn(warnings);
      // In watch mode the watcher reports the error and keeps watching; the next rebuild re-checks.
      // An object, not a string: the bundler shows its file, position and frame (Vite: `File:` and the frame).
      if (outcome.error) this.error(outcome.error);
    },
    async closeBundle() {
      // Watch mode closes each bundle; the session lives until the watcher closes.
      // The Vite dev server calls closeBundle when it closes.
      if (!watchMode) await session.close();
    },
    async closeWatcher() {
      await session.close();
    },
  };
}

/**
 * The one plugin behind every bundler adapter: `.vite`, `.webpack`, `.rollup`, `.rolldown`,
 * `.esbuild` and `.rspack`. All logic lives in the build session; these are the bundler hooks.
 */
export const warmbuildUnplugin: UnpluginInstance<WarmbuildPluginOptions | undefined, false> = createUnplugin(
  (rawOptions, meta) => {
    const options = rawOptions ?? {};
    const session = createBuildSession(options, { bundler: meta.framework });
    // The persistent transform cache's counters (hits, misses, bypassed, time saved) ride along in report.json.
    // Read at report time (generateBundle), before each wrapped plugin prints its line in closeBundle.
    session.addReportSection('transformCache', () => currentTransformCacheStats());
    const timer = createTransformTimer();
    let buildStarted = performance.now();
    // Each plugin's transform time and share of the build: which plugin is worth caching, if any.
    session.addReportSection('transformTime', () => timer.read(performance.now() - buildStarted));
    const viteState: { config?: ViteConfigLike; version?: string } = {};
    const rollupHooks = rollupLikeHooks(session, options, timer);
    const viteHooks = rollupLikeHooks(session, options, timer, viteState);
    const markStart = <T extends (...args: never[]) => unknown>(hook: T): T =>
      function (this: unknown, ...args: Parameters<T>) {
        buildStarted = performance.now();
        return hook.apply(this, args);
      } as T;
    return {
      name: PLUGIN_NAME,
      rollup: { ...rollupHooks, buildStart: markStart(rollupHooks.buildStart) },
      rolldown: { ...rollupHooks, buildStart: markStart(rollupHooks.buildStart) },
      vite: {
        ...viteHooks,
        buildStart: markStart(viteHooks.buildStart),
        configResolved(config: ViteConfigLike) {
          viteState.config = config;
          viteState.version = findPackage('vite', [config.root])?.version;
          // Rollup-based Vite keeps its JS main thread busy: checks go to a worker under worker: 'auto'.
          session.setEngine(
            config.oxc !== undefined || config.build.rolldownOptions !== undefined ? 'rolldown' : 'rollup',
          );
          timer.instrument(config.plugins);
          session.setLogger({ warn: (message) => config.logger.warn(`warmbuild: ${message}`) });
        },
        configureServer(server: ViteDevServerLike) {
          if (options.check === false) return;
          attachDevServer(server, session, options.overlay !== false);
        },
      },
      webpack(compiler) {
        applyWebpackHooks(compiler as unknown as WebpackLikeCompiler, session, 'webpack', options.bundleGraph === true);
      },
      rspack(compiler) {
        applyWebpackHooks(compiler as unknown as WebpackLikeCompiler, session, 'rspack', options.bundleGraph === true);
      },
      esbuild: {
        setup(build) {
          applyEsbuildHooks(build as unknown as EsbuildLikeBuild, session, options.root, options.bundleGraph === true);
        },
      },
    };
  },
);
