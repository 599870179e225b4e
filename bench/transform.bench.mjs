// Transform cache on the React Compiler example (examples/vite-react-compiler, copied with its
// generated components to benchDir('transform')): child `vite build` processes, measured in one run.
//   no babel:     no babel plugin at all (the target's reference)
//   precompiled:  no babel plugin, the sources replaced by the React Compiler's output (taken from
//                 a warm build): the same JS for rolldown to parse, minify and emit as a warm build,
//                 so the floor of any cache that hands rolldown the transformed modules
//   replayed:     the React Compiler's results (code and map) served from memory by a bare plugin:
//                 the floor of a cache behind a JS transform hook (its own overhead is warm - this)
//   uncached:     @rolldown/plugin-babel + React Compiler, no warmbuild
//   cached cold:  the same wrapped in cached(), empty cache (overhead = cached cold / uncached)
//   cached warm:  the same, cache filled
// The cheap builds run interleaved, so a change of load on this shared machine hits each alike.
// Wall time is what users feel; CPU time (user+sys) is printed beside it because this 2-core
// machine is shared and wall time swings with other load. Args: --components=N (default 800),
// --runs=N (interleaved rounds, default 5). Then the Vite 7 + plugin-react inline-babel rows and a
// vitest run (bench/transform-inline-babel.mjs); --setups=inline runs only those.
import fs from 'node:fs';
import path from 'node:path';
import { benchDir, fmtMs, median, ratio, repoRoot, table, timeCommand } from './lib.mjs';
import { inlineBabelRows } from './transform-inline-babel.mjs';

const PACKAGES = [
  'vite',
  '@rolldown/plugin-babel',
  '@babel/core',
  'babel-plugin-react-compiler',
  'react',
  'react-dom',
  '@warmbuild/vite-plugin',
  '@warmbuild/core',
];

/** `--name=value` (bench/run.mjs takes bare words for bench names). */
function arg(args, name, fallback) {
  const found = args.find((item) => item.startsWith(`${name}=`));
  return found === undefined ? fallback : found.slice(name.length + 1);
}

const CAPTURE_CONFIG = `// Written by bench/transform.bench.mjs: vite.config.mjs (same plugin, same cache) recording what the
// wrapped plugin hands rolldown, for the precompiled and replayed rows.
import fs from 'node:fs';
import { defineConfig } from 'vite';
import babel from '@rolldown/plugin-babel';
import { cached } from '@warmbuild/vite-plugin';

const plugin = await cached(babel, { plugins: ['babel-plugin-react-compiler'] });
const handler = plugin.transform.handler;
const results = {};
plugin.transform.handler = async function (code, id, options) {
  const result = await handler.call(this, code, id, options);
  if (result && typeof result === 'object') results[id] = { code: result.code, map: result.map };
  return result;
};

export default defineConfig({
  plugins: [plugin, { name: 'capture', closeBundle: () => fs.writeFileSync('captured.json', JSON.stringify(results)) }],
  build: { sourcemap: true, outDir: 'dist-capture' },
  logLevel: 'warn',
});
`;

const REPLAY_CONFIG = `// Written by bench/transform.bench.mjs: the React Compiler's results served from memory by a bare
// plugin with @rolldown/plugin-babel's filter; the floor of any cache behind a JS transform hook.
import fs from 'node:fs';
import { defineConfig } from 'vite';

let results;
export default defineConfig({
  plugins: [
    {
      name: 'replay',
      enforce: 'pre',
      buildStart() {
        results = JSON.parse(fs.readFileSync('captured.json', 'utf8'));
      },
      transform: {
        filter: { id: { include: [/\\.(?:[jt]sx?|[cm][jt]s)(?:$|\\?)/], exclude: [/[/\\\\]node_modules[/\\\\]|^\\0rolldown\\/runtime\\.js$/] } },
        handler: (code, id) => results[id],
      },
    },
  ],
  build: { sourcemap: true, outDir: 'dist-replay' },
  logLevel: 'warn',
});
`;

function linkPackages(example, dir) {
  // Installed as the example has them, without putting the bench's cache inside the repository.
  for (const name of PACKAGES) {
    const link = path.join(dir, 'node_modules', name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(example, 'node_modules', name)), link, 'dir');
  }
}

function emptyDir(name) {
  const dir = benchDir(name);
  for (const entry of fs.readdirSync(dir)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  return dir;
}

function project(dir) {
  return {
    dir,
    viteBin: path.join(dir, 'node_modules', 'vite', 'bin', 'vite.js'),
    cacheDir: path.join(dir, 'node_modules', '.cache', 'warmbuild'),
  };
}

function prepare(count) {
  const example = path.join(repoRoot, 'examples', 'vite-react-compiler');
  const dir = emptyDir('transform');
  for (const file of [
    'index.html',
    'vite.config.mjs',
    'vite.config.plain.mjs',
    'vite.config.nobabel.mjs',
    'src/main.jsx',
  ]) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(example, file), path.join(dir, file));
  }
  fs.writeFileSync(path.join(dir, 'vite.config.capture.mjs'), CAPTURE_CONFIG);
  fs.writeFileSync(path.join(dir, 'vite.config.replay.mjs'), REPLAY_CONFIG);
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'wb-bench-transform', private: true, type: 'module' }),
  );
  linkPackages(example, dir);
  const generated = timeCommand(process.execPath, [
    path.join(example, 'scripts', 'generate.mjs'),
    '--count',
    String(count),
    '--out',
    path.join(dir, 'src', 'generated'),
  ]);
  if (generated.status !== 0) throw new Error(`generating components failed:\n${generated.stderr}`);
  return project(dir);
}

/**
 * A copy of the app whose sources are the React Compiler's output, as captured from a warm build
 * (`captured.json`, keyed by absolute id): built with no babel plugin, rolldown gets the same code.
 */
function preparePrecompiled(source) {
  const example = path.join(repoRoot, 'examples', 'vite-react-compiler');
  const dir = emptyDir('transform-precompiled');
  for (const file of ['index.html', 'vite.config.nobabel.mjs'])
    fs.copyFileSync(path.join(source.dir, file), path.join(dir, file));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'wb-bench-transform-precompiled', private: true, type: 'module' }),
  );
  linkPackages(example, dir);
  const captured = JSON.parse(fs.readFileSync(path.join(source.dir, 'captured.json'), 'utf8'));
  const srcDir = path.join(source.dir, 'src');
  let files = 0;
  for (const [id, result] of Object.entries(captured)) {
    if (!id.startsWith(srcDir + path.sep)) continue;
    const target = path.join(dir, path.relative(source.dir, id));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, result.code);
    files++;
  }
  return { ...project(dir), files, capturedIds: Object.keys(captured).length };
}

/** The emitted JS chunks of a build (name -> contents), to show two builds hand out the same code. */
function jsOutput(outDir) {
  const assets = path.join(outDir, 'assets');
  const names = fs.existsSync(assets)
    ? fs
        .readdirSync(assets)
        .filter((name) => name.endsWith('.js'))
        .sort()
    : [];
  return names.map((name) => `${name}\n${fs.readFileSync(path.join(assets, name), 'utf8')}`).join('\n');
}

/** One `vite build` child: wall ms, CPU ms (user+sys, from /usr/bin/time) and the warmbuild stats line. */
function viteBuild({ dir, viteBin }, config) {
  const useTime = fs.existsSync('/usr/bin/time');
  const command = useTime ? '/usr/bin/time' : process.execPath;
  const args = [...(useTime ? ['-f', 'WBTIME %U %S', process.execPath] : []), viteBin, 'build', '-c', config];
  const result = timeCommand(command, args, { cwd: dir });
  if (result.status !== 0) throw new Error(`vite build -c ${config} failed:\n${result.stdout}\n${result.stderr}`);
  const times = /WBTIME ([\d.]+) ([\d.]+)/.exec(result.stderr);
  const cpuMs = times ? (Number(times[1]) + Number(times[2])) * 1000 : NaN;
  const stats = `${result.stdout}\n${result.stderr}`
    .split('\n')
    .find((line) => line.includes('warmbuild transform cache'));
  return { ms: result.ms, cpuMs, stats };
}

function runs(n, fn) {
  const all = Array.from({ length: n }, fn);
  return { ms: median(all.map((r) => r.ms)), cpuMs: median(all.map((r) => r.cpuMs)), stats: all.at(-1).stats, n };
}

const fmtCpu = (ms) => (Number.isFinite(ms) ? fmtMs(ms) : 'n/a');

export default async function ({ args }) {
  const count = Number(arg(args, '--components', 800));
  const rounds = Number(arg(args, '--runs', 5));
  // --setups=inline: only the Vite 7 inline-babel and vitest rows.
  if (arg(args, '--setups', 'all') === 'inline') return inlineBabelRows({ count, rounds });
  const main = prepare(count);
  console.log(
    `${count} generated React components, vite build (sourcemaps on), React Compiler via @rolldown/plugin-babel\n`,
  );

  const uncached = runs(1, () => viteBuild(main, 'vite.config.plain.mjs'));
  fs.rmSync(main.cacheDir, { recursive: true, force: true });
  const cold = runs(1, () => viteBuild(main, 'vite.config.mjs'));
  viteBuild(main, 'vite.config.capture.mjs');
  const precompiled = preparePrecompiled(main);

  const results = { plain: [], precompiled: [], replayed: [], warm: [] };
  for (let round = 0; round < rounds; round++) {
    results.plain.push(viteBuild(main, 'vite.config.nobabel.mjs'));
    results.precompiled.push(viteBuild(precompiled, 'vite.config.nobabel.mjs'));
    results.replayed.push(viteBuild(main, 'vite.config.replay.mjs'));
    results.warm.push(viteBuild(main, 'vite.config.mjs'));
  }
  const summary = (all) => ({
    ms: median(all.map((r) => r.ms)),
    cpuMs: median(all.map((r) => r.cpuMs)),
    stats: all.at(-1).stats,
    n: all.length,
  });
  const plain = summary(results.plain);
  const floor = summary(results.precompiled);
  const replayed = summary(results.replayed);
  const warm = summary(results.warm);

  const warmJs = jsOutput(path.join(main.dir, 'dist'));
  const same = (js) => (js === warmJs ? 'same JS as warm' : 'JS DIFFERS from warm');
  table(
    ['build', 'runs', 'wall (median)', 'CPU user+sys (median)', 'note'],
    [
      ['no babel plugin', plain.n, fmtMs(plain.ms), fmtCpu(plain.cpuMs), "the target's reference"],
      [
        'no babel plugin, sources precompiled by the React Compiler',
        floor.n,
        fmtMs(floor.ms),
        fmtCpu(floor.cpuMs),
        `${precompiled.files} files; ${same(jsOutput(path.join(precompiled.dir, 'dist')))}`,
      ],
      [
        'React Compiler results replayed from memory by a bare plugin',
        replayed.n,
        fmtMs(replayed.ms),
        fmtCpu(replayed.cpuMs),
        same(jsOutput(path.join(main.dir, 'dist-replay'))),
      ],
      ['React Compiler, uncached', uncached.n, fmtMs(uncached.ms), fmtCpu(uncached.cpuMs), ''],
      ['React Compiler, cached, cold', cold.n, fmtMs(cold.ms), fmtCpu(cold.cpuMs), ''],
      ['React Compiler, cached, warm', warm.n, fmtMs(warm.ms), fmtCpu(warm.cpuMs), ''],
    ],
  );
  console.log('');
  const pct = (a, b) => `${(((a - b) / b) * 100).toFixed(1)}%`;
  table(
    ['ratio', 'wall', 'CPU', 'target'],
    [
      ['warm vs cold (speed-up)', ratio(cold.ms, warm.ms), ratio(cold.cpuMs, warm.cpuMs), '>= 8×'],
      ['warm vs no babel plugin', ratio(warm.ms, plain.ms), ratio(warm.cpuMs, plain.cpuMs), '<= 1.5×'],
      [
        '  precompiled vs no babel plugin (the larger code alone)',
        ratio(floor.ms, plain.ms),
        ratio(floor.cpuMs, plain.cpuMs),
        '',
      ],
      [
        "  replayed vs no babel plugin (+ babel's maps, a JS hook per module)",
        ratio(replayed.ms, plain.ms),
        ratio(replayed.cpuMs, plain.cpuMs),
        '',
      ],
      ["  warm vs replayed (the cache's own cost)", ratio(warm.ms, replayed.ms), ratio(warm.cpuMs, replayed.cpuMs), ''],
      ['cached cold vs uncached (overhead)', pct(cold.ms, uncached.ms), pct(cold.cpuMs, uncached.cpuMs), '< 5%'],
    ],
  );
  console.log(`\ncold: ${cold.stats ?? '(no stats line)'}\nwarm: ${warm.stats ?? '(no stats line)'}`);

  await inlineBabelRows({ count, rounds });
}
