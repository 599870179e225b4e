#!/usr/bin/env node
// `pnpm bench [name...]`: runs bench/<name>.bench.mjs files in order, each printing
// side-by-side measurements and ratios from this one run. Corpora live outside the repo
// (WARMBUILD_BENCH_DIR, default: $TMPDIR/warmbuild-bench).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const all = fs
  .readdirSync(here)
  .filter((name) => name.endsWith('.bench.mjs'))
  .map((name) => name.replace(/\.bench\.mjs$/, ''))
  .sort();
const selected = wanted.length > 0 ? wanted : all;
for (const name of selected) {
  if (!all.includes(name)) {
    console.error(`bench: no bench/${name}.bench.mjs; have ${all.join(', ')}`);
    process.exit(2);
  }
}
for (const name of selected) {
  console.log(`\n## ${name}\n`);
  const started = performance.now();
  const mod = await import(pathToFileURL(path.join(here, `${name}.bench.mjs`)).href);
  await mod.default({ args: process.argv.slice(2) });
  console.log(`\n(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
