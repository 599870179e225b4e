// Module graph: cold / warm / one-file-edited `warmbuild check --only circular-import` against
// dpdm and madge on a generated 2,000-file TS app with tsconfig paths, plus a 10,000-module repo.
// Optional: WARMBUILD_BENCH_REAL=/path/to/app measures a real checkout too (kept outside the repo).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prng } from './synthetic-repo.mjs';
import { benchDir, cliPath, fmtMs, median, ratio, repoRoot, table, timeCommand } from './lib.mjs';

const bin = (name) => path.join(repoRoot, 'node_modules/.bin', name);

/**
 * A deterministic TS app: `features/fN/` folders, imports through `@/` and `@shared/*` aliases and
 * relative paths, type-only imports, classes and interfaces (~3 KB a file), a few real cycles.
 */
export function generateApp(dir, files, seed) {
  const stamp = path.join(dir, '.generated');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === `v2:${files}:${seed}`) return;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const next = prng(seed);
  const perFeature = 40;
  const features = Math.ceil(files / perFeature);
  const name = (i) => `features/f${Math.floor(i / perFeature)}/m${i % perFeature}`;
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'bench-app', private: true, type: 'module' }, null, 2),
  );
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    `{\n  // generated\n  "compilerOptions": {\n    "target": "ES2022", "module": "ESNext", "moduleResolution": "bundler", "strict": true,\n    "baseUrl": ".", "paths": { "@/*": ["src/*"], "@shared/*": ["src/shared/*"] }\n  },\n  "include": ["src"]\n}\n`,
  );
  for (let f = 0; f < features; f++) fs.mkdirSync(path.join(dir, 'src/features', `f${f}`), { recursive: true });
  fs.mkdirSync(path.join(dir, 'src/shared'), { recursive: true });
  for (let i = 0; i < 20; i++) {
    fs.writeFileSync(
      path.join(dir, `src/shared/util${i}.ts`),
      `export interface Shape${i} { id: number; label: string }\nexport function util${i}(value: number): number {\n  return value * ${i + 1};\n}\n`,
    );
  }
  for (let i = 0; i < files - 20; i++) {
    const lines = [];
    const feature = Math.floor(i / perFeature);
    const imports = 3 + Math.floor(next() * 5);
    const used = [];
    for (let k = 0; k < imports; k++) {
      // Mostly "downward" imports (lower index) so the graph is mostly acyclic, like an app.
      const target = Math.floor(next() * Math.max(1, i));
      if (target === i) continue;
      const sameFeature = Math.floor(target / perFeature) === feature;
      const spec = sameFeature ? `./m${target % perFeature}` : `@/${name(target)}`;
      const roll = next();
      if (roll < 0.2) lines.push(`import type { Model${target} } from '${spec}';`);
      else lines.push(`import { Model${target}, run${target} } from '${spec}';`);
      used.push(target);
    }
    lines.push(`import { util${i % 20}, type Shape${i % 20} } from '@shared/util${i % 20}';`);
    // A few upward imports make cycles (m20 <-> m39 in every feature).
    if (i % perFeature === perFeature - 1) lines.push(`import { run${i - 19} } from './m20';`);
    if (i % perFeature === 20 && i + 19 < files - 20) lines.push(`import { run${i + 19} } from './m39';`);
    const uniqueUsed = [...new Set(used)];
    lines.push('', `export interface Model${i} {`, '  id: number;', '  name: string;', `  shape?: Shape${i % 20};`);
    for (const target of uniqueUsed) lines.push(`  ref${target}?: Model${target};`);
    lines.push('}', '', `export class Service${i} {`, '  private readonly items = new Map<number, string>();');
    for (let m = 0; m < 6; m++) {
      lines.push(
        `  method${m}(input: number): number {`,
        `    const value = util${i % 20}(input) + ${m};`,
        `    this.items.set(value, 'v' + value);`,
        '    return value;',
        '  }',
      );
    }
    lines.push('}', '', `export function run${i}(count: number): number {`, '  let total = 0;');
    for (const target of uniqueUsed) lines.push(`  if (typeof run${target} === 'function' && count > 0) total += 1;`);
    if (i % perFeature === perFeature - 1) lines.push(`  total += typeof run${i - 19} === 'function' ? 1 : 0;`);
    if (i % perFeature === 20 && i + 19 < files - 20)
      lines.push(`  total += typeof run${i + 19} === 'function' ? 1 : 0;`);
    lines.push(`  return total + new Service${i}().method0(count);`, '}', '');
    fs.writeFileSync(path.join(dir, 'src', `${name(i)}.ts`), lines.join('\n'));
  }
  fs.writeFileSync(stamp, `v2:${files}:${seed}`);
}

function nodeStartup() {
  const runs = [0, 1, 2, 3, 4].map(() => timed(process.execPath, ['-e', '0']));
  return { ms: median(runs.map((run) => run.ms)), cpu: median(runs.map((run) => run.cpu)) };
}

/** Wall time, CPU time (user + sys) and peak RSS of a command, via /usr/bin/time -v when present. */
function timed(command, args, cwd, env) {
  const haveTime = fs.existsSync('/usr/bin/time');
  const options = { cwd, env: env ? { ...process.env, ...env } : undefined };
  const result = haveTime
    ? timeCommand('/usr/bin/time', ['-v', command, ...args], options)
    : timeCommand(command, args, options);
  const field = (name) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(result.stderr)?.[1] ?? NaN);
  const rss = haveTime ? field('Maximum resident set size \\(kbytes\\)') * 1024 : 0;
  const cpu = haveTime ? (field('User time \\(seconds\\)') + field('System time \\(seconds\\)')) * 1000 : NaN;
  return { ...result, rss, cpu };
}

/**
 * The machine-level V8 code cache of the TypeScript compiler (see compile-cache.ts) lives here
 * for the bench, so that its "first run on the machine" row can start without it.
 */
const compileCache = () => benchDir('graph-compile-cache');

/** Every rule of the module graph: every file is parsed (circular-import alone parses only files the scan leaves on a cycle). */
const ALL_GRAPH_RULES = 'circular-import,unresolved-import,import-case-mismatch,parse-error';

function runWarmbuild(dir, cacheDir, only = 'circular-import') {
  const result = timed(
    process.execPath,
    [cliPath, 'check', dir, '--only', only, '--format', 'json', '--cache-dir', cacheDir],
    undefined,
    {
      WARMBUILD_COMPILE_CACHE: compileCache(),
    },
  );
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`warmbuild failed (${result.status}): ${result.stderr}`);
  const report = JSON.parse(result.stdout);
  const cycles = report.findings.filter((finding) => finding.rule === 'circular-import').length;
  return { ms: result.ms, cpu: result.cpu, cycles, rss: report.stats.cache.peakRssBytes };
}

/** Median wall and CPU of runs (each one fully cold as `before` leaves it); largest RSS. */
function medianRun(runs) {
  return {
    ...runs[0],
    ms: median(runs.map((run) => run.ms)),
    cpu: median(runs.map((run) => run.cpu)),
    rss: Math.max(...runs.map((run) => run.rss)),
  };
}

function measureOurs(dir, label, editRel, coldRuns = 3) {
  const cacheDir = path.join(benchDir('graph-cache'), label);
  const times = Array.from({ length: coldRuns });
  // First run on the machine: no project cache and no compiled compiler either.
  const first = medianRun(
    times.map(() => {
      fs.rmSync(compileCache(), { recursive: true, force: true });
      fs.rmSync(cacheDir, { recursive: true, force: true });
      return runWarmbuild(dir, cacheDir);
    }),
  );
  // Cold: no project cache (a fresh checkout, CI without a restored cache); the compiler's
  // code cache from an earlier run on this machine is there.
  const cold = medianRun(
    times.map(() => {
      fs.rmSync(cacheDir, { recursive: true, force: true });
      return runWarmbuild(dir, cacheDir);
    }),
  );
  // Every graph rule: every file parsed (cold, same compiler code cache).
  const allRules = medianRun(
    times.map(() => {
      fs.rmSync(cacheDir, { recursive: true, force: true });
      return runWarmbuild(dir, cacheDir, ALL_GRAPH_RULES);
    }),
  );
  fs.rmSync(cacheDir, { recursive: true, force: true });
  runWarmbuild(dir, cacheDir);
  const warm = [0, 1, 2].map(() => runWarmbuild(dir, cacheDir));
  const editFile = path.join(dir, editRel);
  const original = fs.readFileSync(editFile, 'utf8');
  const edited = [0, 1, 2].map((n) => {
    fs.writeFileSync(editFile, `${original}\nexport const edit${n} = ${n};\n`);
    return runWarmbuild(dir, cacheDir);
  });
  fs.writeFileSync(editFile, original);
  return { first, cold, allRules, warm: medianRun(warm), edited: medianRun(edited) };
}

const mb = (bytes) => (bytes ? `${(bytes / 1024 / 1024).toFixed(0)} MB` : 'n/a');
const cpu = (value) => (Number.isFinite(value) ? fmtMs(value) : 'n/a');

/** Ours (cold, warm, one file edited) against dpdm and madge on one checkout: one table with ratios. */
function compare(dir, ours, start, { globs, dirs }) {
  const dpdm = timed(
    bin('dpdm'),
    ['--no-tree', '--no-warning', '--no-progress', '-T', '--circular', '--tsconfig', 'tsconfig.json', ...globs],
    dir,
  );
  const dpdmCycles = /Circular Dependencies/.test(dpdm.stdout) ? (dpdm.stdout.match(/^\s*\d+\)/gm) ?? []).length : 0;
  const madge = timed(
    bin('madge'),
    ['--circular', '--no-spinner', '--extensions', 'ts,tsx', '--ts-config', 'tsconfig.json', '--json', ...dirs],
    dir,
  );
  let madgeCycles = 'n/a';
  try {
    madgeCycles = String(JSON.parse(madge.stdout).length);
  } catch {
    // madge printed no JSON (it failed): shown as n/a
  }
  const row = (name, run, cycles) => [
    name,
    fmtMs(run.ms),
    fmtMs(run.ms - start.ms),
    cpu(run.cpu),
    cpu(run.cpu - start.cpu),
    mb(run.rss),
    cycles,
    ratio(run.ms, ours.cold.ms),
    ratio(run.cpu, ours.cold.cpu),
  ];
  table(
    [
      'run',
      'wall',
      'wall above node start-up',
      'CPU',
      'CPU above node start-up',
      'peak RSS',
      'cycles reported',
      'wall vs warmbuild cold',
      'CPU vs warmbuild cold',
    ],
    [
      row('warmbuild cold', ours.cold, `${ours.cold.cycles} components`),
      row(
        'warmbuild cold, no compile cache either (first run on the machine)',
        ours.first,
        `${ours.first.cycles} components`,
      ),
      row('warmbuild cold, every graph rule (every file parsed)', ours.allRules, `${ours.allRules.cycles} components`),
      row('warmbuild warm, no change', ours.warm, ''),
      row('warmbuild warm, one file edited', ours.edited, ''),
      row('dpdm -T', dpdm, `${dpdmCycles} cycle paths`),
      row('madge --circular', madge, `${madgeCycles} cycle paths`),
    ],
  );
  console.log(
    `\ncold speed-up, wall: ${ratio(dpdm.ms, ours.cold.ms)} vs dpdm, ${ratio(madge.ms, ours.cold.ms)} vs madge; ` +
      `CPU: ${ratio(dpdm.cpu, ours.cold.cpu)} vs dpdm, ${ratio(madge.cpu, ours.cold.cpu)} vs madge` +
      `\nfirst run on the machine (compiler not compiled before), wall: ${ratio(dpdm.ms, ours.first.ms)} vs dpdm, ${ratio(madge.ms, ours.first.ms)} vs madge`,
  );
}

export default async function () {
  const start = nodeStartup();
  console.log(
    `node start-up (node -e 0): ${fmtMs(start.ms)} wall, ${fmtMs(start.cpu)} CPU; load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores`,
  );
  console.log('(CPU = user + sys of the process and its threads; it varies less than wall time on a busy machine)');
  console.log(
    '(warmbuild rows: median of 3 runs, each cold run with its cache deleted first; dpdm and madge: one run each)\n',
  );

  const app = benchDir('graph-app-2000');
  generateApp(app, 2000, 2026);
  console.log('2,000-file TS app with tsconfig paths (generated, deterministic)\n');
  compare(app, measureOurs(app, 'app-2000', 'src/features/f1/m5.ts'), start, { globs: ['src/**/*.ts'], dirs: ['src'] });

  const big = benchDir('graph-repo-10000');
  generateApp(big, 10000, 7);
  const large = measureOurs(big, 'repo-10000', 'src/features/f1/m5.ts', 1);
  console.log('\n10,000-module generated repo (warmbuild only; the cold rows are one run each)\n');
  table(
    ['run', 'wall', 'wall above node start-up', 'CPU', 'peak RSS', 'cycles'],
    [
      [
        'cold',
        fmtMs(large.cold.ms),
        fmtMs(large.cold.ms - start.ms),
        cpu(large.cold.cpu),
        mb(large.cold.rss),
        String(large.cold.cycles),
      ],
      [
        'cold, no compile cache either',
        fmtMs(large.first.ms),
        fmtMs(large.first.ms - start.ms),
        cpu(large.first.cpu),
        mb(large.first.rss),
        String(large.first.cycles),
      ],
      [
        'cold, every graph rule (every file parsed)',
        fmtMs(large.allRules.ms),
        fmtMs(large.allRules.ms - start.ms),
        cpu(large.allRules.cpu),
        mb(large.allRules.rss),
        String(large.allRules.cycles),
      ],
      [
        'warm, no change',
        fmtMs(large.warm.ms),
        fmtMs(large.warm.ms - start.ms),
        cpu(large.warm.cpu),
        mb(large.warm.rss),
        '',
      ],
      [
        'one file edited',
        fmtMs(large.edited.ms),
        fmtMs(large.edited.ms - start.ms),
        cpu(large.edited.cpu),
        mb(large.edited.rss),
        '',
      ],
    ],
  );

  // A real checkout (never committed; e.g. `git archive` of outline/outline into $TMPDIR):
  // WARMBUILD_BENCH_REAL=<dir> WARMBUILD_BENCH_REAL_EDIT=<file to touch> WARMBUILD_BENCH_REAL_DIRS=app,server,shared
  const real = process.env.WARMBUILD_BENCH_REAL;
  if (real && fs.existsSync(real)) {
    const dirs = (process.env.WARMBUILD_BENCH_REAL_DIRS ?? 'src').split(',');
    const edit =
      process.env.WARMBUILD_BENCH_REAL_EDIT ??
      fs.readdirSync(path.join(real, dirs[0])).find((name) => /\.tsx?$/.test(name));
    console.log(`\nreal app: ${real}\n`);
    compare(real, measureOurs(real, 'real', edit.includes('/') ? edit : `${dirs[0]}/${edit}`), start, {
      globs: dirs.map((dir) => `${dir}/**/*.{ts,tsx}`),
      dirs,
    });
  }
}
