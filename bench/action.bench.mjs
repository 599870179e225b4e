// `pnpm bench action`: does the action's verdict cry wolf? Real wall times of one command, run
// back to back on this machine, are cut into blocks of `runs` samples (one block = one CI job).
// Every pair of blocks of the SAME code is compared as baseline vs pull request, and every pair
// (normal, slowed) as a real regression. Side by side: the action's rule (bootstrap interval of
// the ratio of medians beyond the threshold AND a minimum ms difference) against the single-run
// ratio rule of github-action-benchmark, at 10% and at its 200% default. Threshold 10%,
// min-delta-ms 100 (the action's defaults) throughout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { fmtMs, median, repoRoot, table, timeCommand } from './lib.mjs';

const RUNS = 5;
const BLOCKS = 8;
const NORMAL = 3e7;
const SLOWED = 6e7;

/** The action's comparison code itself, transpiled from its TypeScript source (Node 20 cannot load .ts). */
async function loadStats() {
  const source = fs.readFileSync(path.join(repoRoot, 'packages/action/src/sample-statistics.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'warmbuild-bench-stats-')), 'stats.mjs');
  fs.writeFileSync(file, outputText);
  return import(pathToFileURL(file).href);
}

/** One CI job: `RUNS` runs of the build, each preceded by the action's reference workload. */
function job(iterations, CALIBRATION_SCRIPT) {
  const script = `let x = 0; for (let i = 0; i < ${iterations}; i++) x += i;`;
  const samples = [];
  const calibration = [];
  for (let r = 0; r < RUNS; r++) {
    calibration.push(timeCommand(process.execPath, ['-e', CALIBRATION_SCRIPT]).ms);
    samples.push(timeCommand(process.execPath, ['-e', script]).ms);
  }
  return { samples, calibration: median(calibration) };
}

/** The action's reference workload, read from its source so the bench times the same loop. */
async function loadBenchmarkConstant() {
  const source = fs.readFileSync(path.join(repoRoot, 'packages/action/src/benchmark.ts'), 'utf8');
  const match = source.match(/CALIBRATION_SCRIPT = '([^']+)'/);
  if (!match) throw new Error('bench/action: CALIBRATION_SCRIPT not found in packages/action/src/benchmark.ts');
  return { CALIBRATION_SCRIPT: match[1] };
}

export default async function () {
  const { compareSamples } = await loadStats();
  const { CALIBRATION_SCRIPT } = await loadBenchmarkConstant();
  // Alternate the two builds so machine load drifts hit both alike.
  const normalBlocks = [];
  const slowedBlocks = [];
  for (let b = 0; b < BLOCKS; b++) {
    normalBlocks.push(job(NORMAL, CALIBRATION_SCRIPT));
    slowedBlocks.push(job(SLOWED, CALIBRATION_SCRIPT));
  }
  const normal = normalBlocks.flatMap((block) => block.samples);
  const slowed = slowedBlocks.flatMap((block) => block.samples);
  const same = [];
  for (const [i, a] of normalBlocks.entries())
    for (const [j, b] of normalBlocks.entries()) if (i !== j) same.push([a, b]);
  const regressed = [];
  for (const a of normalBlocks) for (const b of slowedBlocks) regressed.push([a, b]);

  const options = { threshold: 10, minDeltaMs: 100 };
  const rules = [
    [
      'warmbuild action, calibrated (default)',
      (a, b) =>
        compareSamples(
          a.samples.map((s) => (s * b.calibration) / a.calibration),
          b.samples,
          options,
        ).verdict === 'regressed',
    ],
    [
      'warmbuild action, calibrate: false',
      (a, b) => compareSamples(a.samples, b.samples, options).verdict === 'regressed',
    ],
    ['single run, ratio > 1.10 (benchmark-action style at 10%)', (a, b) => b.samples[0] / a.samples[0] > 1.1],
    ['single run, ratio > 2.00 (benchmark-action default 200%)', (a, b) => b.samples[0] / a.samples[0] > 2.0],
  ];
  const rate = (pairs, rule) => pairs.filter(([a, b]) => rule(a, b)).length;
  console.log(
    `command: node -e <loop>, ${BLOCKS} jobs × ${RUNS} runs each build; normal median ${fmtMs(median(normal))}, ` +
      `slowed median ${fmtMs(median(slowed))} (+${((median(slowed) / median(normal) - 1) * 100).toFixed(0)}%)\n`,
  );
  table(
    ['rule', `false alarms, same code (${same.length} pairs)`, `regressions caught (${regressed.length} pairs)`],
    rules.map(([name, rule]) => {
      const wolf = rate(same, rule);
      const caught = rate(regressed, rule);
      return [
        name,
        `${wolf} (${((wolf / same.length) * 100).toFixed(0)}%)`,
        `${caught} (${((caught / regressed.length) * 100).toFixed(0)}%)`,
      ];
    }),
  );
}
