// Shared by the compatibility cells: each cell is a fixture package (test/compat/<vite>/) with its own
// Vite and plugins installed, and builds tiny apps written into <cell>/.apps/ so that node_modules
// resolution from the app finds that cell's packages, as in a real project.
import fs from 'node:fs';
import path from 'node:path';
import type { TransformCacheStats } from '@warmbuild/core';

/** The slice of a Vite module a cell uses, whichever major it is. */
export interface ViteLike {
  version: string;
  build(config: Record<string, unknown>): Promise<unknown>;
  createServer(
    config: Record<string, unknown>,
  ): Promise<{ transformRequest(url: string): Promise<{ code: string } | null>; close(): Promise<void> }>;
  createLogger(level: string, options: Record<string, unknown>): Record<string, unknown>;
}

const made: string[] = [];

/** A new app under `<cellDir>/.apps/` with these files (paths relative to the app root). */
export function makeApp(cellDir: string, files: Record<string, string>): string {
  fs.mkdirSync(path.join(cellDir, '.apps'), { recursive: true });
  const root = fs.mkdtempSync(path.join(cellDir, '.apps', 'app-'));
  made.push(root);
  writeFiles(root, {
    'package.json': JSON.stringify({ name: path.basename(root), private: true, type: 'module' }),
    ...files,
  });
  return root;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
}

export function removeApps(): void {
  for (const root of made.splice(0)) fs.rmSync(root, { recursive: true, force: true });
}

export interface CellBuild {
  /** dist/ files by relative path. */
  output: Record<string, string>;
  warnings: string[];
  infos: string[];
}

function capture(vite: ViteLike) {
  const warnings: string[] = [];
  const infos: string[] = [];
  const base = vite.createLogger('info', { allowClearScreen: false });
  const customLogger = {
    ...base,
    info: (message: string) => void infos.push(message),
    warn: (message: string) => void warnings.push(message),
    warnOnce: (message: string) => void warnings.push(message),
    error: (message: string) => void warnings.push(message),
  };
  return { warnings, infos, customLogger };
}

/** `vite build` of `<root>/src/main.*` (react and vue external: the cells test transforms, not bundling libraries). */
export async function buildApp(
  vite: ViteLike,
  root: string,
  plugins: unknown[],
  entry: string,
  extra: Record<string, unknown> = {},
): Promise<CellBuild> {
  const { warnings, infos, customLogger } = capture(vite);
  const outDir = path.join(root, 'dist');
  // Vite 8 reads rolldownOptions (rollupOptions is its deprecated alias); Vite 5-7 read rollupOptions.
  const bundlerKey = Number(vite.version.split('.')[0]) >= 8 ? 'rolldownOptions' : 'rollupOptions';
  await vite.build({
    root,
    configFile: false,
    envDir: false,
    logLevel: 'info',
    customLogger,
    plugins,
    ...extra,
    build: {
      outDir,
      emptyOutDir: true,
      sourcemap: true,
      minify: false,
      [bundlerKey]: {
        input: path.join(root, entry),
        external: [/^react(?:\/|$)/, /^react-dom(?:\/|$)/, /^vue$/, /^svelte(?:\/|$)/],
        output: { entryFileNames: '[name].js', chunkFileNames: '[name].js', assetFileNames: '[name][extname]' },
      },
    },
  });
  return { output: readTree(outDir), warnings, infos };
}

/** One module served by a dev server (as a browser request would get it), then the server closed. */
export async function serveModule(
  vite: ViteLike,
  root: string,
  plugins: unknown[],
  url: string,
): Promise<{ code: string; warnings: string[]; infos: string[] }> {
  const { warnings, infos, customLogger } = capture(vite);
  const server = await vite.createServer({
    root,
    configFile: false,
    envDir: false,
    logLevel: 'info',
    customLogger,
    plugins,
    // No listening server and no HMR websocket (other builds share this machine's ports); HMR stays
    // on, so plugin-react still adds its refresh code.
    server: { middlewareMode: true, ws: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    const result = await server.transformRequest(url);
    if (!result) throw new Error(`the dev server returned nothing for ${url}`);
    return { code: result.code, warnings, infos };
  } finally {
    await server.close();
  }
}

export function readTree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(out, readTree(path.join(dir, entry.name), rel));
    else out[rel] = fs.readFileSync(path.join(dir, entry.name), 'utf8');
  }
  return out;
}

/** Counters by plugin name, from `onStats`, for the last build of each plugin. */
export function statsByPlugin(): {
  onStats(stats: TransformCacheStats): void;
  of(plugin: string): TransformCacheStats | undefined;
  reset(): void;
} {
  let last = new Map<string, TransformCacheStats>();
  return {
    onStats: (stats) => void last.set(stats.plugin, stats),
    of: (plugin) => last.get(plugin),
    reset: () => void (last = new Map()),
  };
}

/** warmbuild's own warnings (`cached(...)` and the plugin), the ones a user acts on. */
export function warmbuildWarnings(warnings: readonly string[]): string[] {
  return warnings.filter((warning) => warning.includes('warmbuild'));
}

/**
 * A copy of an installed package in the app's own node_modules, its dependencies linked to the
 * installed ones, with `version` written into the copy's package.json: an upgrade, faked without
 * touching the shared store. Returns the copy's directory.
 */
export function copyPackageWithVersion(root: string, fromDir: string, name: string, version: string): string {
  const original = fs.realpathSync(path.join(fromDir, 'node_modules', name));
  const copy = path.join(root, 'node_modules', name);
  fs.rmSync(copy, { recursive: true, force: true });
  fs.cpSync(original, copy, {
    recursive: true,
    dereference: false,
    filter: (source) => !source.includes(`${path.sep}node_modules${path.sep}`) || source.startsWith(original),
  });
  const manifestFile = path.join(copy, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
    version: string;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  manifest.version = version;
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  // pnpm puts a package's dependencies beside it, in the node_modules that holds it.
  const store = original.slice(0, original.lastIndexOf(`${path.sep}node_modules${path.sep}`) + '/node_modules'.length);
  for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    const target = path.join(store, dep);
    const link = path.join(root, 'node_modules', dep);
    if (!fs.existsSync(target) || fs.existsSync(link)) continue;
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(fs.realpathSync(target), link, 'dir');
  }
  return copy;
}
