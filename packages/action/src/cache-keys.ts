import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RunContext } from './github-context.js';

const LOCKFILES = ['pnpm-lock.yaml', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'bun.lock', 'bun.lockb'];
const CONFIG_FILES = [
  'warmbuild.config.ts',
  'warmbuild.config.mts',
  'warmbuild.config.js',
  'warmbuild.config.mjs',
  'warmbuild.config.cjs',
  'warmbuild.config.json',
  '.warmbuildrc',
  '.warmbuildrc.json',
];

export interface CacheKeys {
  /** Unique per run (ends in the run id), so every trusted run can save. */
  primary: string;
  /** Same branch first, then the base branch; exact lockfile and config before any. */
  restoreKeys: string[];
  /** Restore-key prefixes whose entries were built from the same lockfile and config. */
  samePrefixes: string[];
  lockfileHash: string;
  configHash: string;
}

/** Hash of the named files that exist under root (name and bytes), `none` when none does. */
export function hashFiles(root: string, names: readonly string[]): string {
  const hash = crypto.createHash('sha256');
  let found = false;
  for (const name of names) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path.join(root, name));
    } catch {
      continue; // absent: the common case for all but one lockfile
    }
    found = true;
    hash.update(`${name}\0${bytes.length}\0`).update(bytes);
  }
  return found ? hash.digest('hex').slice(0, 16) : 'none';
}

/** Keys may not hold commas and are compared as prefixes: keep branch names to a safe alphabet. */
export function keySafe(value: string): string {
  return value.replace(/[^A-Za-z0-9._/-]/g, '_');
}

export function computeCacheKeys(
  prefix: string,
  root: string,
  context: RunContext,
  platform = process.platform,
  arch = process.arch,
): CacheKeys {
  const lockfileHash = hashFiles(root, LOCKFILES);
  const configHash = hashFiles(root, CONFIG_FILES);
  const head = `${prefix}-${platform}-${arch}`;
  const branch = keySafe(context.branch);
  const base = keySafe(context.baseBranch);
  const exact = `${lockfileHash}-${configHash}`;
  const restoreKeys = [`${head}-${branch}-${exact}-`, `${head}-${branch}-`];
  const samePrefixes = [`${head}-${branch}-${exact}-`];
  if (base !== branch) {
    restoreKeys.push(`${head}-${base}-${exact}-`, `${head}-${base}-`);
    samePrefixes.push(`${head}-${base}-${exact}-`);
  }
  return {
    primary: `${head}-${branch}-${exact}-${context.runId}`,
    restoreKeys,
    samePrefixes,
    lockfileHash,
    configHash,
  };
}

/** The small baseline entry: one per branch, newest wins on restore. */
export function computeBaselineKeys(
  prefix: string,
  context: RunContext,
  platform = process.platform,
  arch = process.arch,
) {
  const head = `${prefix}-baseline-${platform}-${arch}`;
  return {
    save: `${head}-${keySafe(context.branch)}-${context.runId}`,
    restore: `${head}-${keySafe(context.baseBranch)}-`,
  };
}
