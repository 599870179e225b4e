import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build as viteBuild, createServer, type Plugin } from 'vite';
import webpack from 'webpack';
import * as esbuild from 'esbuild';
import warmbuild, { warmbuildEsbuild } from '@warmbuild/vite-plugin';
import warmbuildWebpack from '@warmbuild/webpack-plugin';
import { checkJson, writeRepo } from './fixture.js';

/**
 * An app whose bundler owns two specifiers TypeScript cannot resolve: a virtual module served
 * by a plugin (`app:build-info`) and an alias (`@lib/*` to `src/lib/*`) set only in the bundler
 * config. `src/orphan.js` is not bundled and imports a file that does not exist.
 */
function bundlerOwnedApp(): string {
  return fs.realpathSync(
    writeRepo({
      'index.html': '<!doctype html><html><body><script type="module" src="/src/main.js"></script></body></html>\n',
      'src/main.js':
        "import info from 'app:build-info';\nimport { util } from '@lib/util';\nconsole.log(info, util);\n",
      'src/lib/util.js': 'export const util = 1;\n',
      'src/orphan.js': "import { nope } from './nope';\nconsole.log(nope);\n",
    }),
  );
}

const only = ['unresolved-import', 'missing-package'];
const specifiers = (findings: { rule: string; specifier?: unknown }[]) =>
  findings.map((finding) => `${finding.rule} ${String(finding.specifier)}`).sort();
const reportFindings = (root: string) =>
  JSON.parse(fs.readFileSync(path.join(root, 'node_modules/.cache/warmbuild/report.json'), 'utf8')).findings;

const virtualInfo: Plugin = {
  name: 'build-info',
  resolveId: (id) => (id === 'app:build-info' ? '\0app:build-info' : null),
  load: (id) => (id === '\0app:build-info' ? 'export default { version: 1 };' : null),
};

describe('in a build, the bundler resolves what TypeScript cannot', () => {
  it('the CLI reports the bundler-owned alias (it has no bundler to ask); a scheme specifier is never its to judge', () => {
    const root = bundlerOwnedApp();
    expect(specifiers(checkJson(root, ['--only', only.join(','), '--no-cache']).findings)).toEqual([
      'missing-package @lib/util',
      'unresolved-import ./nope',
    ]);
  });

  it('vite build: asks the plugin context (this.resolve); only the real miss is left', async () => {
    const root = bundlerOwnedApp();
    await viteBuild({
      root,
      configFile: false,
      logLevel: 'silent',
      resolve: { alias: { '@lib': path.join(root, 'src/lib') } },
      plugins: [virtualInfo, warmbuild({ only, failOn: 'never' })],
    });
    expect(specifiers(reportFindings(root))).toEqual(['unresolved-import ./nope']);
  });

  it('vite dev: asks the dev server resolver, at start and on each re-check', async () => {
    const root = bundlerOwnedApp();
    const report = path.join(root, 'node_modules/.cache/warmbuild/report.json');
    const server = await createServer({
      root,
      configFile: false,
      logLevel: 'silent',
      server: { port: 0, strictPort: false, hmr: false },
      resolve: { alias: { '@lib': path.join(root, 'src/lib') } },
      plugins: [virtualInfo, warmbuild({ only, failOn: 'never' })],
    });
    try {
      const settled = async (expected: string[]) => {
        for (let waited = 0; waited < 20_000; waited += 100) {
          if (fs.existsSync(report) && JSON.stringify(specifiers(reportFindings(root))) === JSON.stringify(expected))
            return;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error(
          `report.json never held ${expected.join(', ')}: ${fs.existsSync(report) ? JSON.stringify(specifiers(reportFindings(root))) : 'none'}`,
        );
      };
      await settled(['unresolved-import ./nope']);
      // A re-check after an edit asks again: a new aliased import is resolved, a new miss is not.
      fs.writeFileSync(
        path.join(root, 'src/orphan.js'),
        "import { util } from '@lib/util';\nimport { gone } from './gone';\nconsole.log(util, gone);\n",
      );
      await settled(['unresolved-import ./gone']);
    } finally {
      await server.close();
    }
  });

  it('webpack: asks the compiler resolver (resolve.alias); only the real misses are left', async () => {
    const root = bundlerOwnedApp();
    // webpack has no virtual-module hook of its own: the entry imports the alias only.
    fs.writeFileSync(path.join(root, 'src/main.js'), "import { util } from '@lib/util';\nconsole.log(util);\n");
    const compiler = webpack({
      mode: 'development',
      context: root,
      entry: './src/main.js',
      output: { path: path.join(root, 'dist') },
      infrastructureLogging: { level: 'none' },
      resolve: { alias: { '@lib': path.join(root, 'src/lib') } },
      plugins: [warmbuildWebpack({ only, failOn: 'never' })],
    });
    await new Promise<void>((resolve, reject) =>
      compiler.run((error) => compiler.close(() => (error ? reject(error) : resolve()))),
    );
    expect(specifiers(reportFindings(root))).toEqual(['unresolved-import ./nope']);
  });

  it('esbuild: reads what it resolved from the metafile (plugins, alias); only the real miss is left', async () => {
    const root = bundlerOwnedApp();
    await esbuild.build({
      absWorkingDir: root,
      entryPoints: ['src/main.js'],
      bundle: true,
      write: false,
      logLevel: 'silent',
      alias: { '@lib': './src/lib' },
      plugins: [
        {
          name: 'build-info',
          setup(build: esbuild.PluginBuild) {
            build.onResolve({ filter: /^app:build-info$/ }, () => ({ path: 'app:build-info', namespace: 'virtual' }));
            build.onLoad({ filter: /.*/, namespace: 'virtual' }, () => ({
              contents: 'export default { version: 1 };',
            }));
          },
        },
        warmbuildEsbuild({ only, failOn: 'never' }),
      ],
    });
    expect(specifiers(reportFindings(root))).toEqual(['unresolved-import ./nope']);
  });
});
