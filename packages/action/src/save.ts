import fs from 'node:fs';
import path from 'node:path';
import { createContentCache, type Logger } from '@warmbuild/core';
import { writeSummary, type ActionCore } from './action-core.js';
import { readBaseline } from './baseline.js';
import { resolveCachePath, saveWithReport, type CacheClient } from './cache-io.js';
import { State } from './constants.js';
import { formatBytes, formatMs } from './render.js';
import { parseSavePlan, type SavePlan } from './save-plan.js';

export interface SaveDeps {
  core: ActionCore;
  cache: CacheClient;
  env: NodeJS.ProcessEnv;
}

/**
 * Bound warmbuild's cache directories with core's LRU prune, so a cache saved on every run stays
 * the size the user chose. Other directories (webpack, Vite) keep their own eviction.
 */
async function pruneWarmbuildCaches(plan: SavePlan, core: ActionCore): Promise<void> {
  for (const entry of plan.paths) {
    const cacheDir = resolveCachePath(plan.root, entry);
    const logger: Logger = { warn: (message) => core.info(`warmbuild: ${message}`) };
    const cache = createContentCache({ root: plan.root, cacheDir, logger });
    if (!cache.disk || !fs.existsSync(cache.disk.root)) continue;
    const result = await cache.prune({ maxDiskSize: plan.maxCacheBytes });
    core.info(
      `warmbuild: pruned ${entry}: removed ${result.removed} entries (${formatBytes(result.bytesRemoved)}), kept ${result.remaining} (${formatBytes(result.bytesRemaining)})`,
    );
  }
}

/** The post step: prune, then save the build caches and this run's baseline (trusted runs only). */
export async function runSave(deps: SaveDeps): Promise<void> {
  const { core } = deps;
  const plan = parseSavePlan(core.getState(State.SavePlan));
  if (!plan) {
    core.info('warmbuild: the main step did not get far enough to plan a save; nothing to save');
    return;
  }
  const warn = (message: string) => core.warning(message);
  const lines: string[] = [];
  if (plan.cacheKey) {
    await pruneWarmbuildCaches(plan, core);
    const saved = await saveWithReport(deps.cache, plan.root, plan.paths, plan.cacheKey, warn);
    const line = saved.saved
      ? `saved \`${plan.cacheKey}\`: ${formatBytes(saved.bytes)} in ${formatMs(saved.ms)}`
      : `not saved (${saved.skipped})`;
    core.info(`warmbuild: cache ${line.replace(/`/g, '')}`);
    lines.push(`**Cache:** ${line}.`);
  } else {
    core.info(`warmbuild: cache not saved: ${plan.skipped}`);
    lines.push(`**Cache:** not saved: ${plan.skipped}.`);
  }
  const baseline = readBaseline(plan.baselineDir);
  if (plan.baselineKey && baseline.status === 'found' && baseline.baseline.runId === plan.runId) {
    const relative = path.relative(plan.root, plan.baselineDir);
    const saved = await saveWithReport(deps.cache, plan.root, [relative], plan.baselineKey, warn);
    core.info(
      saved.saved
        ? `warmbuild: baseline saved as ${plan.baselineKey}`
        : `warmbuild: baseline not saved (${saved.skipped})`,
    );
    lines.push(
      saved.saved ? `**Baseline:** saved \`${plan.baselineKey}\`.` : `**Baseline:** not saved (${saved.skipped}).`,
    );
  }
  await writeSummary(core, deps.env, `${lines.join('\n\n')}\n`);
}
