import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readBuildReport, buildReportPath, type BuildReport } from './build-report.js';
import { resolveCachePath } from './cache-io.js';

export type Mode = 'cold' | 'warm';

export interface CommandResult {
  command: string;
  mode: Mode;
  /** Wall times of the measured runs (warmup runs excluded), in ms. */
  samples: number[];
  /** The build report of the last measured run, when the build wrote one. */
  report: BuildReport | undefined;
}

export interface CommandFailure {
  command: string;
  mode: Mode;
  exitCode: number | null;
  signal: string | null;
  /** The tail of stdout and stderr, interleaved as written. */
  output: string;
}

export interface BenchmarkOptions {
  root: string;
  /** Cache directories (resolved against root): cleared for cold runs. */
  paths: readonly string[];
  runs: number;
  warmup: number;
  log: (line: string) => void;
  tempDir?: string;
  /** Run the reference workload before every measured run. */
  calibrate?: boolean;
}

export interface BenchmarkOutcome {
  results: CommandResult[];
  failure: CommandFailure | undefined;
  /** Wall times of the reference workload, interleaved with the measured runs (empty when off). */
  calibration: number[];
}

/**
 * A fixed CPU-bound Node workload. Its time tells how fast this runner is right now; comparing
 * it with the baseline run's corrects for a slower machine or a busier host, which would
 * otherwise read as a regression of the build.
 */
export const CALIBRATION_SCRIPT = 'let x = 0; for (let i = 0; i < 2e7; i++) x = (x + i) % 1000003;';

const OUTPUT_TAIL = 64 * 1024;

interface RunOnce {
  ms: number;
  exitCode: number | null;
  signal: string | null;
  output: string;
}

function runOnce(command: string, cwd: string): Promise<RunOnce> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, { cwd, shell: true, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.length > OUTPUT_TAIL * 2) output = output.slice(-OUTPUT_TAIL);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => {
      resolve({ ms: performance.now() - started, exitCode: 127, signal: null, output: `${output}\n${error.message}` });
    });
    child.on('close', (exitCode, signal) => {
      resolve({ ms: performance.now() - started, exitCode, signal, output: output.slice(-OUTPUT_TAIL) });
    });
  });
}

function clearPaths(root: string, paths: readonly string[]): void {
  for (const entry of paths) fs.rmSync(resolveCachePath(root, entry), { recursive: true, force: true });
}

function movePath(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  try {
    fs.renameSync(from, to);
  } catch {
    // Across devices (a temp dir on another mount) a rename fails: copy, then remove.
    fs.cpSync(from, to, { recursive: true });
    fs.rmSync(from, { recursive: true, force: true });
  }
}

/** Move the restored caches aside so cold runs start empty, and bring them back for warm runs. */
function stashPaths(root: string, paths: readonly string[], tempDir: string) {
  const stash = fs.mkdtempSync(path.join(tempDir, 'warmbuild-stash-'));
  const moved: Array<{ from: string; to: string }> = [];
  paths.forEach((entry, index) => {
    const from = resolveCachePath(root, entry);
    if (!fs.existsSync(from)) return;
    const to = path.join(stash, String(index));
    movePath(from, to);
    moved.push({ from, to });
  });
  return {
    restore(): boolean {
      if (moved.length === 0) return false;
      clearPaths(root, paths);
      for (const { from, to } of moved) movePath(to, from);
      fs.rmSync(stash, { recursive: true, force: true });
      return true;
    },
    discard() {
      fs.rmSync(stash, { recursive: true, force: true });
    },
  };
}

async function measure(
  command: string,
  mode: Mode,
  options: BenchmarkOptions,
  calibration: number[],
): Promise<CommandResult | CommandFailure> {
  const samples: number[] = [];
  let report: BuildReport | undefined;
  const total = options.warmup + options.runs;
  for (let i = 0; i < total; i++) {
    const warmup = i < options.warmup;
    if (options.calibrate && !warmup) {
      const reference = await runOnce(`"${process.execPath}" -e "${CALIBRATION_SCRIPT}"`, options.root);
      if (reference.exitCode === 0) calibration.push(Math.round(reference.ms * 100) / 100);
    }
    if (mode === 'cold') clearPaths(options.root, options.paths);
    else fs.rmSync(buildReportPath(options.root), { force: true });
    const run = await runOnce(command, options.root);
    if (run.exitCode !== 0) return { command, mode, exitCode: run.exitCode, signal: run.signal, output: run.output };
    options.log(
      `${mode} ${warmup ? `warmup ${i + 1}/${options.warmup}` : `run ${i - options.warmup + 1}/${options.runs}`}: ${run.ms.toFixed(0)} ms`,
    );
    if (!warmup) {
      samples.push(Math.round(run.ms * 100) / 100);
      report = readBuildReport(options.root);
    }
  }
  return { command, mode, samples, report };
}

/**
 * Each command, `warmup + runs` times cold (cache directories emptied before every run), then
 * the same warm, on the caches restored from earlier CI runs (or, on a miss, the caches the
 * warmup runs fill). Stops at the first failing run.
 */
export async function runBenchmarks(commands: readonly string[], options: BenchmarkOptions): Promise<BenchmarkOutcome> {
  const results: CommandResult[] = [];
  const calibration: number[] = [];
  const stash = stashPaths(options.root, options.paths, options.tempDir ?? os.tmpdir());
  let restored = false;
  try {
    for (const command of commands) {
      const outcome = await measure(command, 'cold', options, calibration);
      if ('output' in outcome) return { results, failure: outcome, calibration };
      results.push(outcome);
    }
    restored = stash.restore();
    for (const command of commands) {
      const outcome = await measure(command, 'warm', options, calibration);
      if ('output' in outcome) return { results, failure: outcome, calibration };
      results.push(outcome);
    }
    return { results, failure: undefined, calibration };
  } finally {
    if (!restored) stash.restore();
  }
}
