// How users meet warmbuild: `pnpm pack` of @warmbuild/core and @warmbuild/vite-plugin, the tarballs
// installed into a standalone app outside the workspace with npm, pnpm and yarn 1 (no hand-edited
// `resolutions`), then `vite build` run twice as a process with cached() in vite.config.mjs; and
// a Rollup app without Vite (vite is an optional peer of the Vite plugin package).
// Only the npm registry is needed (the app's other dependencies come from it).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REACT_APP, REACT_JSX_MODULES } from './apps.js';
import { writeFiles } from './cell.js';

const run = promisify(execFile);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const made: string[] = [];
let tarballs: { core: string; vitePlugin: string };

/** The installed version of a package in the workspace's test fixture, so installs hit the package managers' caches. */
function installedVersion(name: string, fixture = path.join('test', 'compat', 'vite8')): string {
  const file = path.join(repo, fixture, 'node_modules', name, 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

const CONFIG = `import { defineConfig } from 'vite';
import babel from '@rolldown/plugin-babel';
import { cached, warmbuild } from '@warmbuild/vite-plugin';

export default defineConfig({
  plugins: [warmbuild({ only: ['large-file'] }), cached(babel, { plugins: ['babel-plugin-react-compiler'] })],
  build: {
    minify: false,
    rolldownOptions: { input: 'src/main.jsx', external: [/^react(?:\\/|$)/, /^react-dom(?:\\/|$)/] },
  },
});
`;

function childEnv(): NodeJS.ProcessEnv {
  // The outer vitest's variables (and its NODE_ENV=test) are not the user's.
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith('VITEST') && name !== 'NODE_ENV' && name !== 'TEST',
    ),
  );
}

const INSTALL: Record<string, string[]> = {
  npm: ['npm', 'install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
  pnpm: ['pnpm', 'install', '--prefer-offline', '--config.confirmModulesPurge=false'],
  yarn: ['yarn', 'install', '--prefer-offline', '--non-interactive', '--silent', '--ignore-engines'],
};

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-packed-'));
  made.push(dir);
  for (const pkg of ['core', 'vite-plugin']) {
    await run('pnpm', ['pack', '--pack-destination', dir], { cwd: path.join(repo, 'packages', pkg), env: childEnv() });
  }
  const files = fs.readdirSync(dir);
  tarballs = {
    core: path.join(dir, files.find((file) => file.startsWith('warmbuild-core-'))!),
    vitePlugin: path.join(dir, files.find((file) => file.startsWith('warmbuild-vite-plugin-'))!),
  };
}, 120_000);

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the packed tarballs in a standalone app', () => {
  for (const manager of ['npm', 'pnpm', 'yarn']) {
    it(`installs with ${manager} and builds warm from the cache`, async () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), `wb-outside-${manager}-`));
      made.push(root);
      writeFiles(root, {
        ...REACT_APP,
        'vite.config.mjs': CONFIG,
        'package.json': JSON.stringify({
          name: 'wb-outside-app',
          private: true,
          type: 'module',
          devDependencies: {
            '@warmbuild/core': `file:${tarballs.core}`,
            '@warmbuild/vite-plugin': `file:${tarballs.vitePlugin}`,
            '@babel/core': installedVersion('@babel/core'),
            '@rolldown/plugin-babel': installedVersion('@rolldown/plugin-babel'),
            'babel-plugin-react-compiler': installedVersion('babel-plugin-react-compiler'),
            vite: installedVersion('vite'),
          },
        }),
      });
      const [command, ...args] = INSTALL[manager]!;
      await run(command!, args, { cwd: root, env: childEnv(), timeout: 240_000 });

      const viteBin = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
      const build = async () => {
        const { stdout, stderr } = await run(process.execPath, [viteBin, 'build'], {
          cwd: root,
          env: childEnv(),
          timeout: 120_000,
        });
        return `${stdout}\n${stderr}`;
      };
      const cold = await build();
      expect(cold).not.toContain('no version found');
      expect(cold).toMatch(
        new RegExp(`transform cache \\(@rolldown/plugin-babel\\): 0 hits, [${REACT_JSX_MODULES}-9] misses, 0 bypassed`),
      );
      const warm = await build();
      const line = /transform cache \(@rolldown\/plugin-babel\): (\d+) hits, 0 misses, 0 bypassed/.exec(warm);
      expect(line, warm).not.toBeNull();
      expect(Number(line![1])).toBeGreaterThanOrEqual(REACT_JSX_MODULES);

      // report.json says what the stats line said, and names Vite's version.
      const report = JSON.parse(
        fs.readFileSync(path.join(root, 'node_modules', '.cache', 'warmbuild', 'report.json'), 'utf8'),
      ) as {
        bundlerVersion: string;
        transformCache: { hits: number; misses: number };
        transformTime: { plugins: { plugin: string }[] };
      };
      expect(report.transformCache).toMatchObject({ hits: Number(line![1]), misses: 0 });
      expect(report.bundlerVersion).toBe(installedVersion('vite'));
      expect(report.transformTime.plugins.map((entry) => entry.plugin)).toContain('@rolldown/plugin-babel');
    }, 300_000);
  }

  it('serves a Rollup app without Vite: vite is an optional peer, so npm installs none', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-outside-rollup-'));
    made.push(root);
    writeFiles(root, {
      'src/main.js': "import { name } from './name.js';\nexport const greeting = `hello ${name}`;\n",
      'src/name.js': "export const name = 'rollup';\n",
      'build.mjs': [
        "import { rollup } from 'rollup';",
        "import { warmbuildRollup } from '@warmbuild/vite-plugin';",
        "const bundle = await rollup({ input: 'src/main.js', plugins: [warmbuildRollup({ only: ['large-file'], largeFile: { maxLines: 1 } })] });",
        "await bundle.write({ dir: 'dist', format: 'es' });",
        'await bundle.close();',
        '',
      ].join('\n'),
      'package.json': JSON.stringify({
        name: 'wb-outside-rollup',
        private: true,
        type: 'module',
        devDependencies: {
          '@warmbuild/core': `file:${tarballs.core}`,
          '@warmbuild/vite-plugin': `file:${tarballs.vitePlugin}`,
          rollup: installedVersion('rollup', 'test'),
        },
      }),
    });
    await run(INSTALL.npm![0]!, INSTALL.npm!.slice(1), { cwd: root, env: childEnv(), timeout: 240_000 });
    // npm 7+ installs required peers: with vite required, every Rollup user would get Vite.
    expect(fs.existsSync(path.join(root, 'node_modules', 'vite'))).toBe(false);

    await run(process.execPath, ['build.mjs'], { cwd: root, env: childEnv(), timeout: 120_000 });
    expect(fs.readFileSync(path.join(root, 'dist', 'main.js'), 'utf8')).toContain('hello');
    const report = JSON.parse(
      fs.readFileSync(path.join(root, 'node_modules', '.cache', 'warmbuild', 'report.json'), 'utf8'),
    ) as {
      bundler: string;
      findings: { rule: string; file: string }[];
    };
    expect(report.bundler).toBe('rollup');
    expect(report.findings).toContainEqual(expect.objectContaining({ rule: 'large-file', file: 'src/main.js' }));
  }, 300_000);
});
