// Transform cache on the React Compiler example (examples/vite-react-compiler, copied with its
// generated components to benchDir('transform')): child `vite build` processes, measured in one run.
//   plain:        no babel plugin at all (the floor)
//   uncached:     @rolldown/plugin-babel + React Compiler, no warmbuild
//   cached cold:  the same wrapped in cached(), empty cache (overhead = cached cold / uncached)
//   cached warm:  the same, cache filled
// Wall time is what users feel; CPU time (user+sys) is printed beside it because this 2-core
// machine is shared and wall time swings with other load. Args: --components=N (default 800).
import fs from 'node:fs';
import path from 'node:path';
import { benchDir, fmtMs, median, ratio, repoRoot, table, timeCommand } from './lib.mjs';

const PACKAGES = ['vite', '@rolldown/plugin-babel', '@babel/core', 'babel-plugin-react-compiler', 'react', 'react-dom', '@warmbuild/vite-plugin', '@warmbuild/core'];

/** `--name=value` (bench/run.mjs takes bare words for bench names). */
function arg(args, name, fallback) {
  const found = args.find((item) => item.startsWith(`${name}=`));
  return found === undefined ? fallback : found.slice(name.length + 1);
}

function prepare(count) {
  const example = path.join(repoRoot, 'examples', 'vite-react-compiler');
  const dir = benchDir('transform');
  for (const entry of fs.readdirSync(dir)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  for (const file of ['index.html', 'vite.config.mjs', 'vite.config.plain.mjs', 'vite.config.nobabel.mjs', 'src/main.jsx']) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(example, file), path.join(dir, file));
  }
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'wb-bench-transform', private: true, type: 'module' }));
  // Installed as the example has them, without putting the bench's cache inside the repository.
  for (const name of PACKAGES) {
    const link = path.join(dir, 'node_modules', name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(example, 'node_modules', name)), link, 'dir');
  }
  const generated = timeCommand(process.execPath, [path.join(example, 'scripts', 'generate.mjs'), '--count', String(count), '--out', path.join(dir, 'src', 'generated')]);
  if (generated.status !== 0) throw new Error(`generating components failed:\n${generated.stderr}`);
  return { dir, viteBin: path.join(dir, 'node_modules', 'vite', 'bin', 'vite.js'), cacheDir: path.join(dir, 'node_modules', '.cache', 'warmbuild') };
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
  const stats = `${result.stdout}\n${result.stderr}`.split('\n').find((line) => line.includes('warmbuild transform cache'));
  return { ms: result.ms, cpuMs, stats };
}

function runs(n, fn) {
  const all = Array.from({ length: n }, fn);
  return { ms: median(all.map((r) => r.ms)), cpuMs: median(all.map((r) => r.cpuMs)), stats: all.at(-1).stats, n };
}

const fmtCpu = (ms) => (Number.isFinite(ms) ? fmtMs(ms) : 'n/a');

export default async function ({ args }) {
  const count = Number(arg(args, '--components', 800));
  const project = prepare(count);
  console.log(`${count} generated React components, vite build (sourcemaps on), React Compiler via @rolldown/plugin-babel\n`);

  const plain = runs(3, () => viteBuild(project, 'vite.config.nobabel.mjs'));
  const uncached = runs(1, () => viteBuild(project, 'vite.config.plain.mjs'));
  fs.rmSync(project.cacheDir, { recursive: true, force: true });
  const cold = runs(1, () => viteBuild(project, 'vite.config.mjs'));
  const warm = runs(3, () => viteBuild(project, 'vite.config.mjs'));

  table(
    ['build', 'runs', 'wall (median)', 'CPU user+sys (median)'],
    [
      ['no babel plugin', plain.n, fmtMs(plain.ms), fmtCpu(plain.cpuMs)],
      ['React Compiler, uncached', uncached.n, fmtMs(uncached.ms), fmtCpu(uncached.cpuMs)],
      ['React Compiler, cached, cold', cold.n, fmtMs(cold.ms), fmtCpu(cold.cpuMs)],
      ['React Compiler, cached, warm', warm.n, fmtMs(warm.ms), fmtCpu(warm.cpuMs)],
    ],
  );
  console.log('');
  const pct = (a, b) => `${(((a - b) / b) * 100).toFixed(1)}%`;
  table(
    ['ratio', 'wall', 'CPU', 'target'],
    [
      ['warm vs cold (speed-up)', ratio(cold.ms, warm.ms), ratio(cold.cpuMs, warm.cpuMs), '>= 8×'],
      ['warm vs no babel plugin', ratio(warm.ms, plain.ms), ratio(warm.cpuMs, plain.cpuMs), '<= 1.5×'],
      ['cached cold vs uncached (overhead)', pct(cold.ms, uncached.ms), pct(cold.cpuMs, uncached.cpuMs), '< 5%'],
    ],
  );
  console.log(`\ncold: ${cold.stats ?? '(no stats line)'}\nwarm: ${warm.stats ?? '(no stats line)'}`);
}
