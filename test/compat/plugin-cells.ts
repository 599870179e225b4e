// The assertions of a non-React cell: cold, warm (a hit for every call the plugin stored, none
// bypassed unless the reason is named), output byte-identical to cold and to the uncached build.
import { expect } from 'vitest';
import type { TransformCacheStats } from '@warmbuild/core';
import { buildApp, makeApp, statsByPlugin, warmbuildWarnings, type CellBuild, type ViteLike } from './cell.js';

export interface PluginCell {
  vite: ViteLike;
  cellDir: string;
  files: Record<string, string>;
  entry: string;
  plugins(useCache: boolean, onStats: (stats: TransformCacheStats) => void): Promise<unknown[]> | unknown[];
  /** Wrapped plugins that must store calls, with the least number of modules each transforms. */
  expect: Record<string, number>;
  /** warmbuild warnings the cell expects (a function in options, say); anything else fails it. */
  allowedWarnings?: RegExp[];
}

export async function coldWarm(
  cell: PluginCell,
): Promise<{ cold: CellBuild; coldStats: Map<string, TransformCacheStats> }> {
  const root = makeApp(cell.cellDir, cell.files);
  const stats = statsByPlugin();
  const cold = await buildApp(cell.vite, root, await cell.plugins(true, stats.onStats), cell.entry);
  const coldStats = new Map<string, TransformCacheStats>();
  for (const [plugin, least] of Object.entries(cell.expect)) {
    const counted = stats.of(plugin);
    expect(counted, `${plugin} reported no counters`).toBeDefined();
    expect(counted).toMatchObject({ hits: 0, bypassed: 0 });
    expect(counted!.misses).toBeGreaterThanOrEqual(least);
    coldStats.set(plugin, counted!);
  }
  const unexpected = warmbuildWarnings(cold.warnings).filter(
    (warning) => !(cell.allowedWarnings ?? []).some((allowed) => allowed.test(warning)),
  );
  expect(unexpected).toEqual([]);

  stats.reset();
  const warm = await buildApp(cell.vite, root, await cell.plugins(true, stats.onStats), cell.entry);
  for (const [plugin, counted] of coldStats) {
    expect(stats.of(plugin), plugin).toMatchObject({ hits: counted.misses, misses: 0, bypassed: 0 });
  }
  expect(warm.output).toEqual(cold.output);
  const uncached = await buildApp(cell.vite, root, await cell.plugins(false, stats.onStats), cell.entry);
  expect(uncached.output).toEqual(cold.output);
  return { cold, coldStats };
}
