#!/usr/bin/env node
// `pnpm demo`: builds examples/vite-react-compiler (800 React components through the React
// Compiler) cold, then warm from warmbuild's transform cache, and prints both times and the ratio.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const example = path.join(repoRoot, 'examples', 'vite-react-compiler');
const viteBin = path.join(example, 'node_modules', 'vite', 'bin', 'vite.js');
const cacheDir = path.join(example, 'node_modules', '.cache', 'warmbuild');

function run(label, command, args) {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: example, encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - started;
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    console.error(`demo: ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
  return { ms, output: result.stdout + result.stderr };
}

if (!fs.existsSync(viteBin)) {
  console.error('demo: the example is not installed; run `pnpm install` at the repository root first');
  process.exit(1);
}
if (!fs.existsSync(path.join(repoRoot, 'packages', 'core', 'dist', 'index.js'))) {
  console.log('demo: building warmbuild first (pnpm build)');
  const built = spawnSync('pnpm', ['build'], { cwd: repoRoot, stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}

run('generating the components', process.execPath, ['scripts/generate.mjs']);
fs.rmSync(cacheDir, { recursive: true, force: true });
console.log('demo: vite build of 800 React components with the React Compiler (@rolldown/plugin-babel)');
const cold = run('the cold build', process.execPath, [viteBin, 'build']);
const statsLine = (output) =>
  output.split('\n').find((line) => line.includes('warmbuild transform cache')) ?? '(no stats line)';
console.log(`  cold (empty cache):  ${(cold.ms / 1000).toFixed(2)} s   ${statsLine(cold.output)}`);
const warm = run('the warm build', process.execPath, [viteBin, 'build']);
console.log(`  warm (cache filled): ${(warm.ms / 1000).toFixed(2)} s   ${statsLine(warm.output)}`);
console.log(`  warm is ${(cold.ms / warm.ms).toFixed(1)}× faster than cold`);
