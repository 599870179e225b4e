// The React cells' assertions, shared by every Vite major: a cold build, a warm one (hits for every
// module the babel pass changed, output byte-identical, the same as without the cache), one module
// through the dev server cold and warm (refresh code identical), and each invalidation path.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import type { TransformCacheStats } from '@warmbuild/core';
import { REACT_APP, REACT_JSX_MODULES } from './apps.js';
import {
  buildApp,
  copyPackageWithVersion,
  makeApp,
  serveModule,
  statsByPlugin,
  warmbuildWarnings,
  type ViteLike,
} from './cell.js';

/** How a cell puts React Compiler into its plugin list, cached or not. */
export interface ReactSetup {
  vite: ViteLike;
  cellDir: string;
  /** The plugin whose transform runs the compiler (`vite:react-babel`, `@rolldown/plugin-babel`). */
  compilerPlugin: string;
  /** The plugins, cached through `cached` with `onStats`; `compilerOptions` replaces the compiler's options. */
  plugins(
    cached: boolean,
    onStats: (stats: TransformCacheStats) => void,
    compilerOptions?: Record<string, unknown>,
    factories?: { compiler?: unknown },
  ): Promise<unknown[]> | unknown[];
  /** The package whose factory makes the compiler plugin, for the faked upgrade. */
  pluginPackage: string;
  /** warmbuild warnings this setup is expected to print once. */
  allowedWarnings?: RegExp[];
}

/**
 * plugin-react v4/v5 with the compiler passed inline (`react({ babel: { plugins: [...] } })`): the
 * cell passes its own Vite, plugin-react and `cached`, each resolved from its fixture package.
 */
export function inlineBabelSetup(
  vite: unknown,
  react: (options: object) => unknown,
  cached: (factory: never, options: object, cacheOptions: object) => unknown,
  cellDir: string,
): ReactSetup {
  return {
    vite: vite as ViteLike,
    cellDir,
    compilerPlugin: 'vite:react-babel',
    pluginPackage: '@vitejs/plugin-react',
    plugins(useCache, onStats, compilerOptions, factories) {
      const factory = (factories?.compiler ?? react) as typeof react;
      const compiler = compilerOptions
        ? ['babel-plugin-react-compiler', compilerOptions]
        : 'babel-plugin-react-compiler';
      const options = { babel: { plugins: [compiler] } };
      return useCache ? [cached(factory as never, options, { onStats })] : [factory(options)];
    },
  };
}

const ENTRY = 'src/main.jsx';

export async function coldWarmAndDev(setup: ReactSetup): Promise<void> {
  const root = makeApp(setup.cellDir, REACT_APP);
  const stats = statsByPlugin();
  const cold = await buildApp(setup.vite, root, await setup.plugins(true, stats.onStats), ENTRY);
  const coldStats = stats.of(setup.compilerPlugin)!;
  expect(coldStats).toMatchObject({ hits: 0, bypassed: 0 });
  expect(coldStats.misses).toBeGreaterThanOrEqual(REACT_JSX_MODULES);
  // The compiler ran: memo cache slots from react/compiler-runtime.
  expect(cold.output['main.js']).toContain('react/compiler-runtime');
  // No `no version found` (the package is inferred from the factory), nothing refused.
  expect(
    warmbuildWarnings(cold.warnings).filter(
      (warning) => !(setup.allowedWarnings ?? []).some((allowed) => allowed.test(warning)),
    ),
  ).toEqual([]);

  stats.reset();
  const warm = await buildApp(setup.vite, root, await setup.plugins(true, stats.onStats), ENTRY);
  expect(stats.of(setup.compilerPlugin)).toMatchObject({ hits: coldStats.misses, misses: 0, bypassed: 0 });
  expect(warm.output).toEqual(cold.output);
  expect(warm.infos.join('\n')).toContain(
    `warmbuild transform cache (${setup.compilerPlugin}): ${coldStats.misses} hits, 0 misses, 0 bypassed`,
  );

  const uncached = await buildApp(setup.vite, root, await setup.plugins(false, stats.onStats), ENTRY);
  expect(uncached.output).toEqual(cold.output);

  // Dev: one module as the browser gets it, with the refresh wrapper, cold then warm from a new server.
  stats.reset();
  const devCold = await serveModule(setup.vite, root, await setup.plugins(true, stats.onStats), '/src/App.jsx');
  expect(stats.of(setup.compilerPlugin)).toMatchObject({ misses: 1, hits: 0 });
  expect(devCold.code).toMatch(/\$RefreshReg\$|RefreshRuntime/);
  stats.reset();
  const devWarm = await serveModule(setup.vite, root, await setup.plugins(true, stats.onStats), '/src/App.jsx');
  expect(stats.of(setup.compilerPlugin)).toMatchObject({ misses: 0, hits: 1 });
  // Vite's import analysis stamps pre-bundled deps with a hash of each server's start (`?v=`): not the plugin's output.
  // Its CommonJS interop lines (`const _c = __vite__cjsImport0_...["c"];`) are inserted as each
  // dependency's resolution settles, so their order varies between servers: compared sorted.
  const unstamped = (code: string) => {
    const stamped = code.replace(/\?v=[0-9a-f]+/g, '?v=*');
    const interop = /const _[\w$]+ = __vite__cjsImport\d+_[\w$]+\["[^"]+"\];/g;
    const lines = (stamped.match(interop) ?? []).sort();
    let next = 0;
    return stamped.replace(interop, () => lines[next++]);
  };
  expect(unstamped(devWarm.code)).toBe(unstamped(devCold.code));
  expect(devWarm.code).toMatch(/react_compiler-runtime|react\/compiler-runtime/);
}

/** Each input of the key, changed alone, misses every module the compiler changed; the output is the uncached one. */
export async function invalidation(setup: ReactSetup): Promise<void> {
  const root = makeApp(setup.cellDir, REACT_APP);
  const stats = statsByPlugin();
  const build = async (
    options?: Record<string, unknown>,
    factories?: { compiler?: unknown },
    extra?: Record<string, unknown>,
  ) => {
    stats.reset();
    const result = await buildApp(
      setup.vite,
      root,
      await setup.plugins(true, stats.onStats, options, factories),
      ENTRY,
      extra,
    );
    return { result, stats: stats.of(setup.compilerPlugin) as TransformCacheStats };
  };
  const first = await build();
  const changed = first.stats.misses;
  const allMiss = { hits: 0, misses: changed };
  expect((await build()).stats).toMatchObject({ hits: changed, misses: 0 });

  // A babel option: annotation mode compiles nothing here.
  const annotated = await build({ compilationMode: 'annotation' });
  // (With the v6 preset's code filter no module even reaches the plugin: no counters at all.)
  expect(annotated.stats?.hits ?? 0).toBe(0);
  expect(annotated.result.output['main.js']).not.toContain('react/compiler-runtime');

  // A babel config file appears (the plugins pass configFile: false, so only the key changes).
  fs.writeFileSync(path.join(root, 'babel.config.json'), '{ "comments": true }\n');
  expect((await build()).stats).toMatchObject(allMiss);

  // Vite's mode, and NODE_ENV.
  expect((await build(undefined, undefined, { mode: 'staging' })).stats).toMatchObject(allMiss);
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    expect((await build()).stats).toMatchObject(allMiss);
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  expect((await build()).stats).toMatchObject({ hits: changed, misses: 0 });

  // The compiler's version: a copy of babel-plugin-react-compiler in the app's own node_modules
  // (babel resolves it from the root) with a bumped version in its package.json.
  const compilerCopy = copyPackageWithVersion(root, setup.cellDir, 'babel-plugin-react-compiler', '99.0.0-compat');
  expect((await build()).stats).toMatchObject(allMiss);
  expect((await build()).stats).toMatchObject({ hits: changed, misses: 0 });
  fs.rmSync(compilerCopy, { recursive: true });

  // The plugin's version: the factory imported from a copy of the plugin package with a bumped version.
  const pluginCopy = copyPackageWithVersion(root, setup.cellDir, setup.pluginPackage, '99.0.0-compat');
  const manifest = JSON.parse(fs.readFileSync(path.join(pluginCopy, 'package.json'), 'utf8')) as {
    exports?: Record<string, unknown>;
    main?: string;
  };
  const entry = resolveExport(manifest);
  const upgraded = (await import(pathToFileURL(path.join(pluginCopy, entry)).href)) as { default: unknown };
  expect((await build(undefined, { compiler: upgraded.default })).stats).toMatchObject(allMiss);
  expect((await build(undefined, { compiler: upgraded.default })).stats).toMatchObject({ hits: changed, misses: 0 });
}

export function resolveExport(manifest: { exports?: unknown; main?: string; module?: string }): string {
  const root = (manifest.exports as Record<string, unknown> | undefined)?.['.'] ?? manifest.exports;
  const pick = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object') {
      for (const key of ['import', 'default', 'node']) {
        const found = pick((value as Record<string, unknown>)[key]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return pick(root) ?? manifest.module ?? manifest.main ?? 'index.js';
}
