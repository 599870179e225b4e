// Real `vite.build()` runs of small generated React projects in temp dirs, for the transform cache tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, createLogger, type Logger, type PluginOption } from 'vite';
// The example's own generator: the tests build the same components as `pnpm demo`, only fewer.
import { generate } from '../../examples/vite-react-compiler/scripts/generate.mjs';
import type { TransformCacheStats } from '@warmbuild/core';

export const COMPONENTS = 12;
/** Modules of a project that pass through the plugins: the components, their index and the entry. */
export const MODULES = COMPONENTS + 3;
/** What a plugin without a filter sees: those, plus Vite's own modulepreload polyfill module. */
export const ALL_MODULES = MODULES + 1;

const made: string[] = [];
const testNodeModules = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules');

/** A fresh project: src/index.jsx (generated widgets), src/banner.js, src/entry.js importing both. */
export function makeProject(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-transform-'));
  made.push(root);
  generate(path.join(root, 'src'), COMPONENTS);
  fs.writeFileSync(path.join(root, 'src', 'banner.js'), 'export const banner = "__BANNER__";\n');
  // An app entry (Vite drops entry exports), so every component stays in the bundle.
  fs.writeFileSync(
    path.join(root, 'src', 'entry.js'),
    "import { AllWidgets } from './index.jsx';\nimport { banner } from './banner.js';\nglobalThis.app = { AllWidgets, banner };\n",
  );
  fs.writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({ name: 'wb-transform-fixture', private: true, type: 'module' }),
  );
  // Installed as in a real project, so the cache finds their versions from the project root.
  for (const name of ['@rolldown/plugin-babel', '@babel/core', 'babel-plugin-react-compiler']) {
    const link = path.join(root, 'node_modules', name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(testNodeModules, name)), link, 'dir');
  }
  return root;
}

export function removeProjects(): void {
  for (const root of made.splice(0)) fs.rmSync(root, { recursive: true, force: true });
}

export interface BuildResult {
  /** dist/ files by relative path. */
  output: Record<string, string>;
  warnings: string[];
  infos: string[];
}

/** `vite build` of the project (react external, so no node_modules are needed), output read back. */
export async function viteBuild(root: string, plugins: PluginOption[]): Promise<BuildResult> {
  const warnings: string[] = [];
  const infos: string[] = [];
  const base = createLogger('info', { allowClearScreen: false });
  const customLogger: Logger = {
    ...base,
    info: (message) => void infos.push(message),
    warn: (message) => void warnings.push(message),
    warnOnce: (message) => void warnings.push(message),
  };
  const outDir = path.join(root, 'dist');
  await build({
    root,
    configFile: false,
    envDir: false,
    logLevel: 'info',
    customLogger,
    plugins,
    build: {
      outDir,
      emptyOutDir: true,
      sourcemap: true,
      minify: false,
      rolldownOptions: {
        input: path.join(root, 'src', 'entry.js'),
        external: [/^react(?:\/|$)/],
        checks: { pluginTimings: false },
        output: { entryFileNames: '[name].js' },
      },
    },
  });
  return { output: readTree(outDir), warnings, infos };
}

function readTree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(out, readTree(path.join(dir, entry.name), rel));
    else out[rel] = fs.readFileSync(path.join(dir, entry.name), 'utf8');
  }
  return out;
}

/** Collects the stats each build reports through `onStats`. */
export function statsRecorder(): {
  onStats(stats: TransformCacheStats): void;
  last(): TransformCacheStats | undefined;
  all: TransformCacheStats[];
} {
  const all: TransformCacheStats[] = [];
  return { onStats: (stats) => void all.push(stats), last: () => all.at(-1), all };
}

/** Every file under the cache dir, as text, for the "no absolute paths" check. */
export function cacheFilesText(root: string): string {
  const dir = path.join(root, 'node_modules', '.cache', 'warmbuild');
  if (!fs.existsSync(dir)) return '';
  return Object.values(readTree(dir)).join('\n');
}

/**
 * A plugin package installed in the project's node_modules: replaces __BANNER__ with the contents
 * of banner.txt and watches that file. Bump `version` to simulate an upgrade.
 */
export function installBannerPlugin(root: string, version: string): string {
  const dir = path.join(root, 'node_modules', 'wb-banner-plugin');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'wb-banner-plugin', version, type: 'module', main: 'index.js' }),
  );
  fs.writeFileSync(
    path.join(dir, 'index.js'),
    `import fs from 'node:fs';
export default function banner(options) {
  return {
    name: 'wb-banner-plugin',
    transform(code, id) {
      if (!code.includes('__BANNER__')) return null;
      this.addWatchFile(options.file);
      return { code: code.replace('__BANNER__', fs.readFileSync(options.file, 'utf8').trim()), map: null };
    },
  };
}
`,
  );
  return path.join(dir, 'index.js');
}
