// Invalidation for the non-React cells: from one warm app, each input of the key changed alone
// (the plugin's version, one of its options, Vite's mode, NODE_ENV, a config file the plugin reads
// by itself) must miss every stored call, and the build must equal the same build without the cache.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import type { TransformCacheStats } from '@warmbuild/core';
import { buildApp, copyPackageWithVersion, makeApp, statsByPlugin, type CellBuild, type ViteLike } from './cell.js';
import { resolveExport } from './react-cells.js';

export interface InvalidationCell {
  vite: ViteLike;
  cellDir: string;
  files: Record<string, string>;
  entry: string;
  /** The wrapped plugin whose counters are read. */
  plugin: string;
  /** The npm package the factory comes from, and the factory's export name in it. */
  pluginPackage: string;
  exportName: string;
  /** The plugins for this build: `factory(options)`, through `cached()` when `cacheDir` is given. */
  plugins(
    factory: unknown,
    options: Record<string, unknown>,
    cache: { cacheDir: string; onStats: (stats: TransformCacheStats) => void } | undefined,
  ): unknown[];
  factory: unknown;
  options: Record<string, unknown>;
}

export interface WarmApp {
  root: string;
  cacheDir: string;
  /** Calls stored by the cold build: the warm one hit each. */
  stored: number;
  cold: CellBuild;
  /** Builds cached and uncached with these changes; the cached one must miss them all and equal the uncached one. */
  expectMiss(change?: {
    factory?: unknown;
    options?: Record<string, unknown>;
    extra?: Record<string, unknown>;
    root?: string;
  }): Promise<CellBuild>;
  /** A cached build in another checkout of the app: every stored call a hit. */
  expectHit(root: string): Promise<void>;
}

export async function warmApp(
  cell: InvalidationCell,
  root = makeApp(cell.cellDir, cell.files),
  cacheDir = path.join(root, '.warmbuild-cache'),
): Promise<WarmApp> {
  const stats = statsByPlugin();
  const build = async (
    cached: boolean,
    change: {
      factory?: unknown;
      options?: Record<string, unknown>;
      extra?: Record<string, unknown>;
      root?: string;
    } = {},
  ) => {
    stats.reset();
    const plugins = cell.plugins(
      change.factory ?? cell.factory,
      change.options ?? cell.options,
      cached ? { cacheDir, onStats: stats.onStats } : undefined,
    );
    const result = await buildApp(cell.vite, change.root ?? root, plugins, cell.entry, change.extra);
    return { result, stats: stats.of(cell.plugin) };
  };
  const cold = await build(true);
  expect(cold.stats, `${cell.plugin} reported no counters`).toMatchObject({ hits: 0, bypassed: 0 });
  const stored = cold.stats!.misses;
  expect(stored).toBeGreaterThan(0);
  expect((await build(true)).stats).toMatchObject({ hits: stored, misses: 0, bypassed: 0 });
  return {
    root,
    cacheDir,
    stored,
    cold: cold.result,
    async expectMiss(change = {}) {
      const changed = await build(true, change);
      expect(changed.stats).toMatchObject({ hits: 0, bypassed: 0 });
      expect(changed.stats!.misses).toBeGreaterThan(0);
      const uncached = await build(false, change);
      expect(changed.result.output).toEqual(uncached.result.output);
      return changed.result;
    },
    async expectHit(other) {
      expect((await build(true, { root: other })).stats).toMatchObject({ hits: stored, misses: 0, bypassed: 0 });
    },
  };
}

/** The factory imported from a copy of its package, in the app's node_modules, with a bumped version. */
export async function bumpedFactory(cell: InvalidationCell, root: string): Promise<unknown> {
  const copy = copyPackageWithVersion(root, cell.cellDir, cell.pluginPackage, '99.0.0-compat');
  const manifest = JSON.parse(fs.readFileSync(path.join(copy, 'package.json'), 'utf8')) as {
    exports?: Record<string, unknown>;
    main?: string;
  };
  const module = (await import(pathToFileURL(path.join(copy, resolveExport(manifest))).href)) as Record<
    string,
    unknown
  >;
  expect(module[cell.exportName]).toBeTypeOf('function');
  return module[cell.exportName];
}

/** NODE_ENV set for one call, then restored. */
export async function withNodeEnv<T>(value: string, run: () => Promise<T>): Promise<T> {
  const saved = process.env.NODE_ENV;
  process.env.NODE_ENV = value;
  try {
    return await run();
  } finally {
    process.env.NODE_ENV = saved;
  }
}
