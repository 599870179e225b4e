// Shared helpers for bench/*.bench.mjs: timing, ratios, child processes, corpus dirs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const cliPath = path.join(repoRoot, 'packages/core/dist/cli/bin.js');

/** Where corpora and generated repos live: never inside this repository. */
export function benchDir(name) {
  const dir = path.join(process.env.WARMBUILD_BENCH_DIR ?? path.join(os.tmpdir(), 'warmbuild-bench'), name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Run a command, return wall ms and the child's peak RSS (bytes, via /usr/bin/time when present). */
export function timeCommand(command, args, options = {}) {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  const ms = performance.now() - started;
  if (result.error) throw result.error;
  return { ms, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Median wall time of a node script over `runs` runs, with an optional `before` per run. */
export function timeNode(args, { runs = 3, before, cwd, env } = {}) {
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    before?.();
    last = timeCommand(process.execPath, args, { cwd, env: { ...process.env, ...env } });
    times.push(last.ms);
  }
  return { ms: median(times), times, last };
}

export function fmtMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

export function ratio(a, b) {
  return `${(a / b).toFixed(1)}×`;
}

/** Print a markdown table: rows are arrays of cells. */
export function table(header, rows) {
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map(() => '---').join(' | ')} |`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}
