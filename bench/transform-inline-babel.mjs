// The rows of `pnpm bench transform` for the setup most apps have: Vite 7 (Rollup) with
// @vitejs/plugin-react v5 and the React Compiler passed inline (`react({ babel: { plugins } })`),
// packages from the test/compat/vite7 fixture; and a vitest run (Vite 8, test/compat/vite8) cold
// vs warm. The same generated components as the Vite 8 rows.
//   no babel:   react() with no babel plugins (plugin-react skips babel in a build): the floor
//   replayed:   vite:react-babel's results served from memory by a bare plugin beside react()
//   uncached / cached cold / cached warm: as in the Vite 8 rows
import fs from 'node:fs';
import path from 'node:path';
import { benchDir, fmtMs, median, ratio, repoRoot, table, timeCommand } from './lib.mjs';

const VITE7 = [
  'vite',
  '@vitejs/plugin-react',
  '@babel/core',
  'babel-plugin-react-compiler',
  'react',
  'react-dom',
  '@warmbuild/vite-plugin',
  '@warmbuild/core',
];
const VITE8 = [
  'vite',
  'vitest',
  '@vitejs/plugin-react',
  '@rolldown/plugin-babel',
  '@babel/core',
  'babel-plugin-react-compiler',
  'react',
  'react-dom',
  '@warmbuild/vite-plugin',
  '@warmbuild/core',
];

const configs = {
  'vite.config.mjs': `import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { cached } from '@warmbuild/vite-plugin';
// Info level, unlike the others: the stats line is printed through Vite's logger.
export default defineConfig({ plugins: [cached(react, { babel: { plugins: ['babel-plugin-react-compiler'] } })], build: { sourcemap: true } });
`,
  'vite.config.plain.mjs': `import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
export default defineConfig({ plugins: [react({ babel: { plugins: ['babel-plugin-react-compiler'] } })], build: { sourcemap: true }, logLevel: 'warn' });
`,
  'vite.config.nobabel.mjs': `import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
export default defineConfig({ plugins: [react()], build: { sourcemap: true }, logLevel: 'warn' });
`,
  // The cached plugin with its handler observed: what vite:react-babel hands Rollup, for the replay row.
  'vite.config.capture.mjs': `import fs from 'node:fs';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { cached } from '@warmbuild/vite-plugin';
const plugins = cached(react, { babel: { plugins: ['babel-plugin-react-compiler'] } });
const babel = plugins.find((plugin) => plugin.name === 'vite:react-babel');
const handler = babel.transform.handler;
const results = {};
babel.transform.handler = async function (code, id, options) {
  const result = await handler.call(this, code, id, options);
  if (result && typeof result === 'object') results[id] = { code: result.code, map: result.map };
  return result;
};
export default defineConfig({
  plugins: [plugins, { name: 'capture', closeBundle: () => fs.writeFileSync('captured.json', JSON.stringify(results)) }],
  build: { sourcemap: true, outDir: 'dist-capture' },
  logLevel: 'warn',
});
`,
  'vite.config.replay.mjs': `import fs from 'node:fs';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
let results;
export default defineConfig({
  plugins: [
    { name: 'replay', enforce: 'pre', buildStart() { results = JSON.parse(fs.readFileSync('captured.json', 'utf8')); }, transform: (code, id) => results[id] },
    react(),
  ],
  build: { sourcemap: true, outDir: 'dist-replay' },
  logLevel: 'warn',
});
`,
};

const VITEST_CONFIG = `import fs from 'node:fs';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import babel from '@rolldown/plugin-babel';
import { cached } from '@warmbuild/vite-plugin';
export default defineConfig({
  plugins: [react(), cached(babel, { plugins: ['babel-plugin-react-compiler'] })],
  // Rendering every widget is the test's own work; on a loaded machine it outlasts vitest's default.
  test: { include: ['src/**/*.test.jsx'], environment: 'node', testTimeout: 600_000 },
});
`;

const VITEST_TEST = `import { renderToString } from 'react-dom/server';
import { expect, test } from 'vitest';
import { AllWidgets } from './generated/index.jsx';
test('renders every widget', () => {
  expect(renderToString(<AllWidgets />).length).toBeGreaterThan(0);
});
`;

function linkFrom(fixture, dir, names) {
  for (const name of names) {
    const link = path.join(dir, 'node_modules', name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(repoRoot, 'test', 'compat', fixture, 'node_modules', name)), link, 'dir');
  }
}

function prepare(name, fixture, names, count, files) {
  const dir = benchDir(name);
  for (const entry of fs.readdirSync(dir)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  const example = path.join(repoRoot, 'examples', 'vite-react-compiler');
  for (const file of ['index.html', 'src/main.jsx']) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(example, file), path.join(dir, file));
  }
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: `wb-bench-${name}`, private: true, type: 'module' }),
  );
  linkFrom(fixture, dir, names);
  const generated = timeCommand(process.execPath, [
    path.join(example, 'scripts', 'generate.mjs'),
    '--count',
    String(count),
    '--out',
    path.join(dir, 'src', 'generated'),
  ]);
  if (generated.status !== 0) throw new Error(`generating components failed:\n${generated.stderr}`);
  return dir;
}

/** One child process under /usr/bin/time: wall ms, CPU ms (user+sys) and the warmbuild stats line. */
function timed(dir, args, env) {
  const useTime = fs.existsSync('/usr/bin/time');
  const command = useTime ? '/usr/bin/time' : process.execPath;
  const result = timeCommand(command, [...(useTime ? ['-f', 'WBTIME %U %S', process.execPath] : []), ...args], {
    cwd: dir,
    env,
  });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  const times = /WBTIME ([\d.]+) ([\d.]+)/.exec(result.stderr);
  const stats = `${result.stdout}\n${result.stderr}`
    .split('\n')
    .find((line) => line.includes('warmbuild transform cache'));
  return { ms: result.ms, cpuMs: times ? (Number(times[1]) + Number(times[2])) * 1000 : NaN, stats };
}

const summary = (all) => ({
  ms: median(all.map((r) => r.ms)),
  cpuMs: median(all.map((r) => r.cpuMs)),
  stats: all.at(-1).stats,
  n: all.length,
});
const fmtCpu = (ms) => (Number.isFinite(ms) ? fmtMs(ms) : 'n/a');

export async function inlineBabelRows({ count, rounds }) {
  const dir = prepare('transform-vite7', 'vite7', VITE7, count, configs);
  const vite = path.join(dir, 'node_modules', 'vite', 'bin', 'vite.js');
  const build = (config) => timed(dir, [vite, 'build', '-c', config]);
  const viteVersion = JSON.parse(
    fs.readFileSync(path.join(dir, 'node_modules', 'vite', 'package.json'), 'utf8'),
  ).version;
  const reactVersion = JSON.parse(
    fs.readFileSync(path.join(dir, 'node_modules', '@vitejs', 'plugin-react', 'package.json'), 'utf8'),
  ).version;
  console.log(
    `\n${count} generated React components, Vite ${viteVersion} (Rollup), @vitejs/plugin-react ${reactVersion} with the React Compiler inline\n`,
  );

  const uncached = summary([build('vite.config.plain.mjs')]);
  fs.rmSync(path.join(dir, 'node_modules', '.cache'), { recursive: true, force: true });
  const cold = summary([build('vite.config.mjs')]);
  build('vite.config.capture.mjs');
  const results = { plain: [], replayed: [], warm: [] };
  for (let round = 0; round < rounds; round++) {
    results.plain.push(build('vite.config.nobabel.mjs'));
    results.replayed.push(build('vite.config.replay.mjs'));
    results.warm.push(build('vite.config.mjs'));
  }
  const plain = summary(results.plain);
  const replayed = summary(results.replayed);
  const warm = summary(results.warm);

  table(
    ['build', 'runs', 'wall (median)', 'CPU user+sys (median)'],
    [
      ['Vite 7, react() with no babel plugin (floor)', plain.n, fmtMs(plain.ms), fmtCpu(plain.cpuMs)],
      ['Vite 7, React Compiler results replayed from memory', replayed.n, fmtMs(replayed.ms), fmtCpu(replayed.cpuMs)],
      ['Vite 7, React Compiler inline, uncached', uncached.n, fmtMs(uncached.ms), fmtCpu(uncached.cpuMs)],
      ['Vite 7, React Compiler inline, cached, cold', cold.n, fmtMs(cold.ms), fmtCpu(cold.cpuMs)],
      ['Vite 7, React Compiler inline, cached, warm', warm.n, fmtMs(warm.ms), fmtCpu(warm.cpuMs)],
    ],
  );
  console.log('');
  table(
    ['ratio', 'wall', 'CPU', 'target'],
    [
      ['Vite 7: warm vs cold (speed-up)', ratio(cold.ms, warm.ms), ratio(cold.cpuMs, warm.cpuMs), '>= 8×'],
      [
        "Vite 7: warm vs replayed (the cache's own cost)",
        ratio(warm.ms, replayed.ms),
        ratio(warm.cpuMs, replayed.cpuMs),
        '<= 1.1×',
      ],
      ['Vite 7: warm vs no babel plugin', ratio(warm.ms, plain.ms), ratio(warm.cpuMs, plain.cpuMs), ''],
    ],
  );
  console.log(`\nVite 7 cold: ${cold.stats ?? '(no stats line)'}\nVite 7 warm: ${warm.stats ?? '(no stats line)'}`);

  // vitest: the same components rendered by one test, React Compiler via @rolldown/plugin-babel in cached().
  const testDir = prepare('transform-vitest', 'vite8', VITE8, count, {
    'vitest.config.mjs': VITEST_CONFIG,
    'src/all.test.jsx': VITEST_TEST,
  });
  const vitest = path.join(testDir, 'node_modules', 'vitest', 'vitest.mjs');
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_ENV'),
  );
  const testCold = summary([timed(testDir, [vitest, 'run'], env)]);
  const testWarm = summary([timed(testDir, [vitest, 'run'], env)]);

  console.log('');
  table(
    ['vitest run (Vite 8), React Compiler cached', 'wall', 'CPU user+sys'],
    [
      ['cold', fmtMs(testCold.ms), fmtCpu(testCold.cpuMs)],
      ['warm', fmtMs(testWarm.ms), fmtCpu(testWarm.cpuMs)],
      ['warm vs cold (speed-up)', ratio(testCold.ms, testWarm.ms), ratio(testCold.cpuMs, testWarm.cpuMs)],
    ],
  );
}
