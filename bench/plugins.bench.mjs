// Plugin cost: a cold build with the plugin vs without (overhead), and the check time of a warm
// build (checks on). Vite and webpack over one generated app; every build runs in a fresh process.
// Wall time and CPU time (all threads) are both shown: on a shared machine CPU time is the steadier.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDir, fmtMs, median, repoRoot, table, timeCommand } from './lib.mjs';

const MODULES = 600;
const RUNS = 5;
const VARIANTS = [
  ['plain', 'no plugin'],
  ['nocheck', 'plugin, checks off (cold)'],
  ['cold', 'plugin, checks on, cold cache'],
  ['warm', 'plugin, checks on, warm cache'],
];

function generate(root) {
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
  // Resolve vite, webpack and the plugins from the test workspace package.
  fs.symlinkSync(path.join(repoRoot, 'test/node_modules'), path.join(root, 'node_modules'), 'dir');
  // The driver is copied in so its imports resolve through that link.
  fs.copyFileSync(path.join(repoRoot, 'bench/plugins-driver.mjs'), path.join(root, 'driver.mjs'));
  fs.writeFileSync(path.join(root, '.gitignore'), '.cache/\ndist/\ndriver.mjs\n');
  fs.writeFileSync(
    path.join(root, 'index.html'),
    '<!doctype html><div id="app"></div><script type="module" src="/src/main.js"></script>\n',
  );
  for (let i = 0; i < MODULES; i++) {
    const deps = [i * 2 + 1, i * 2 + 2].filter((d) => d < MODULES);
    const imports = deps.map((d) => `import { value${d} } from './m${d}.js';`).join('\n');
    const sum = deps.map((d) => `value${d}`).join(' + ') || '0';
    const body = Array.from(
      { length: 20 },
      (_, k) => `export function helper${i}_${k}(x) { return x * ${k} + ${i}; }`,
    ).join('\n');
    fs.writeFileSync(
      path.join(root, 'src', `m${i}.js`),
      `${imports}\n${body}\nexport const value${i} = ${i} + ${sum};\n`,
    );
  }
  fs.writeFileSync(
    path.join(root, 'src/main.js'),
    "import { value0 } from './m0.js';\ndocument.querySelector('#app').textContent = String(value0);\n",
  );
  for (let i = 0; i < 50; i++)
    fs.writeFileSync(
      path.join(root, 'docs', `page${i}.md`),
      `# Page ${i}\n\nSee [the next page](page${(i + 1) % 50}.md).\n`,
    );
}

function build(bundler, root, variant) {
  const result = timeCommand(
    process.execPath,
    [path.join(root, 'driver.mjs'), bundler, root, variant === 'plain' || variant === 'nocheck' ? variant : 'plugin'],
    { cwd: root },
  );
  if (result.status !== 0) throw new Error(`${bundler} ${variant} build failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

function clearCaches(root) {
  fs.rmSync(path.join(root, '.cache'), { recursive: true, force: true });
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
}

const pct = (value, base) => `${value >= base ? '+' : ''}${(((value - base) / base) * 100).toFixed(1)}%`;

export default async function () {
  const root = benchDir('plugins');
  generate(root);
  const rows = [];
  const checkRows = [];
  for (const bundler of ['vite', 'webpack']) {
    const samples = Object.fromEntries(VARIANTS.map(([name]) => [name, { ms: [], cpu: [] }]));
    const warmChecks = [];
    const warmWaited = [];
    const warmStartup = [];
    build(bundler, root, 'plain'); // discarded: first touch of the files and the bundler
    for (let run = 0; run < RUNS; run++) {
      // Interleaved so drift on the machine hits each variant alike.
      for (const [name] of VARIANTS) {
        if (name !== 'warm') clearCaches(root);
        const result = build(bundler, root, name);
        samples[name].ms.push(result.ms);
        samples[name].cpu.push(result.cpuMs);
        if (name === 'warm') {
          warmChecks.push(result.report.checks.timings.total);
          warmWaited.push(result.report.checks.waitedMs);
          if (result.report.checks.startupMs !== undefined) warmStartup.push(result.report.checks.startupMs);
        }
      }
    }
    const base = { ms: median(samples.plain.ms), cpu: median(samples.plain.cpu) };
    for (const [name, label] of VARIANTS) {
      const ms = median(samples[name].ms);
      const cpu = median(samples[name].cpu);
      rows.push([
        bundler,
        label,
        fmtMs(ms),
        name === 'plain' ? '' : pct(ms, base.ms),
        fmtMs(cpu),
        name === 'plain' ? '' : pct(cpu, base.cpu),
      ]);
    }
    checkRows.push([
      bundler,
      fmtMs(median(warmChecks)),
      warmStartup.length ? fmtMs(median(warmStartup)) : 'no worker',
      fmtMs(median(warmWaited)),
    ]);
  }
  console.log(
    `${MODULES + 1} modules and 50 markdown files; ${RUNS} runs per variant (medians), interleaved; every build a fresh process; minify off.\n`,
  );
  table(['bundler', 'build', 'wall', 'wall vs plain', 'CPU (all threads)', 'CPU vs plain'], rows);
  console.log('');
  table(
    ['bundler', 'warm build: check time (target < 200 ms)', 'check start-up', 'build waited for checks'],
    checkRows,
  );
  console.log('\ncheck time: checks.timings.total in report.json, wall time of the check run while the bundler works;');
  console.log(
    'check start-up: checks.startupMs, from plugin creation until the engine and the selected checks had loaded',
  );
  console.log("  (in the check worker under webpack, in the bundler's thread under Vite); it overlaps the bundler's");
  console.log('  start-up and is reported beside the check time, not in it (its cost is in the build rows above);');
  console.log('waited: checks.waitedMs, how long the end of the build waited for the checks.');
  console.log(
    `load average at the end: ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores (other processes share the machine).`,
  );
}
