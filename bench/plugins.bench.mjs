// Plugin cost: a cold build with the plugin vs without (overhead), and the check time of a warm
// build (checks on). Vite and webpack over one generated app; every build runs in a fresh process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDir, fmtMs, median, repoRoot, table, timeCommand } from './lib.mjs';

const MODULES = 600;
const RUNS = 5;

function generate(root) {
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
  // Resolve vite, webpack and the plugins from the test workspace package.
  fs.symlinkSync(path.join(repoRoot, 'test/node_modules'), path.join(root, 'node_modules'), 'dir');
  // The driver is copied in so its imports resolve through that link.
  fs.copyFileSync(path.join(repoRoot, 'bench/plugins-driver.mjs'), path.join(root, 'driver.mjs'));
  fs.writeFileSync(path.join(root, '.gitignore'), '.cache/\ndist/\ndriver.mjs\n');
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><div id="app"></div><script type="module" src="/src/main.js"></script>\n');
  for (let i = 0; i < MODULES; i++) {
    const deps = [i * 2 + 1, i * 2 + 2].filter((d) => d < MODULES);
    const imports = deps.map((d) => `import { value${d} } from './m${d}.js';`).join('\n');
    const sum = deps.map((d) => `value${d}`).join(' + ') || '0';
    const body = Array.from({ length: 20 }, (_, k) => `export function helper${i}_${k}(x) { return x * ${k} + ${i}; }`).join('\n');
    fs.writeFileSync(path.join(root, 'src', `m${i}.js`), `${imports}\n${body}\nexport const value${i} = ${i} + ${sum};\n`);
  }
  fs.writeFileSync(path.join(root, 'src/main.js'), "import { value0 } from './m0.js';\ndocument.querySelector('#app').textContent = String(value0);\n");
  for (let i = 0; i < 50; i++) fs.writeFileSync(path.join(root, 'docs', `page${i}.md`), `# Page ${i}\n\nSee [the next page](page${i + 1}.md).\n`);
}

function build(bundler, root, variant) {
  const result = timeCommand(process.execPath, [path.join(root, 'driver.mjs'), bundler, root, variant], { cwd: root });
  if (result.status !== 0) throw new Error(`${bundler} ${variant} build failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

function clearCaches(root) {
  fs.rmSync(path.join(root, '.cache'), { recursive: true, force: true });
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
}

export default async function () {
  const root = benchDir('plugins');
  generate(root);
  const rows = [];
  for (const bundler of ['vite', 'webpack']) {
    const plain = [];
    const nocheck = [];
    const cold = [];
    const warm = [];
    const warmChecks = [];
    const warmWaited = [];
    build(bundler, root, 'plain'); // discard: first touch of the files and the bundler
    for (let run = 0; run < RUNS; run++) {
      // Interleaved so drift on the machine hits each variant alike.
      clearCaches(root);
      plain.push(build(bundler, root, 'plain').ms);
      clearCaches(root);
      nocheck.push(build(bundler, root, 'nocheck').ms);
      clearCaches(root);
      cold.push(build(bundler, root, 'plugin').ms);
      const warmRun = build(bundler, root, 'plugin');
      warm.push(warmRun.ms);
      warmChecks.push(warmRun.report.checks.timings.total);
      warmWaited.push(warmRun.report.checks.waitedMs);
    }
    const p = median(plain);
    const c = median(cold);
    const n = median(nocheck);
    const w = median(warm);
    rows.push([
      bundler,
      fmtMs(p),
      `${fmtMs(n)} (${(((n - p) / p) * 100).toFixed(1)}%)`,
      fmtMs(c),
      `${(((c - p) / p) * 100).toFixed(1)}%`,
      fmtMs(w),
      `${(((w - p) / p) * 100).toFixed(1)}%`,
      fmtMs(median(warmChecks)),
      fmtMs(median(warmWaited)),
    ]);
  }
  console.log(`${MODULES + 1} modules, 50 markdown files, ${RUNS} runs each (medians), every build a fresh process, minify off.\n`);
  table(
    ['bundler', 'plain build', 'cold + plugin, checks off', 'cold + plugin, checks on', 'cold overhead (checks on)', 'warm + plugin, checks on', 'warm overhead', 'warm check time', 'build waited for checks'],
    rows,
  );
  console.log('\nplain: no plugin. warm: the warmbuild cache kept from the cold run. check time: checks.timings.total of report.json');
  console.log('(wall time in the check worker, overlapping bundling); waited: checks.waitedMs, how long the build waited for it.');
  console.log(`machine load average at the end: ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores`);
}
