// One build in a fresh process, for bench/plugins.bench.mjs:
//   node plugins-driver.mjs <vite|webpack> <root> <plain|plugin|nocheck>
// (nocheck: the plugin with check: false, i.e. only its own machinery and the report)
// Prints {"ms": build wall time, "cpuMs": CPU time of the process, "report": report.json or null} on stdout.
// Copied into the generated project, whose node_modules links to test/node_modules.
import fs from 'node:fs';
import path from 'node:path';

const [bundler, root, variant] = process.argv.slice(2);
const cacheDir = path.join(root, '.cache', 'warmbuild');
const pluginOptions = { root, cache: { cacheDir }, check: variant !== 'nocheck' };
const withPlugin = variant !== 'plain';

async function viteBuild() {
  const { build } = await import('vite');
  const plugins = withPlugin ? [(await import('@warmbuild/vite-plugin')).warmbuild(pluginOptions)] : [];
  await build({ root, configFile: false, logLevel: 'error', plugins, build: { minify: false } });
}

async function webpackBuild() {
  const { default: webpack } = await import('webpack');
  const plugins = withPlugin ? [(await import('@warmbuild/webpack-plugin')).warmbuild(pluginOptions)] : [];
  const compiler = webpack({
    mode: 'production',
    context: root,
    entry: './src/main.js',
    output: { path: path.join(root, 'dist') },
    optimization: { minimize: false },
    cache: false,
    plugins,
  });
  await new Promise((resolve, reject) =>
    compiler.run((error, stats) =>
      compiler.close(() =>
        error || stats.hasErrors() ? reject(error ?? new Error(stats.toString('errors-only'))) : resolve(),
      ),
    ),
  );
}

const started = performance.now();
const cpuStart = process.cpuUsage();
await (bundler === 'vite' ? viteBuild() : webpackBuild());
const ms = performance.now() - started;
// CPU time of every thread of the process (bundler, check worker): robust when the machine is shared.
const cpu = process.cpuUsage(cpuStart);
const cpuMs = (cpu.user + cpu.system) / 1000;
const reportFile = path.join(cacheDir, 'report.json');
const report = withPlugin && fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : null;
process.stdout.write(`${JSON.stringify({ ms, cpuMs, report })}\n`);
