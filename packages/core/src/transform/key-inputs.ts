import fs from 'node:fs';
import path from 'node:path';
import { hashContent, hashParts } from '../cache/hash.js';
import { escapesRoot } from '../internal/paths.js';
import { manifestOfFile } from './factory-package.js';

/** Babel reads these from the root; their contents go into the key of babel plugins. */
export const BABEL_CONFIG_FILES = [
  'babel.config.js',
  'babel.config.cjs',
  'babel.config.mjs',
  'babel.config.json',
  'babel.config.cts',
  'babel.config.ts',
  '.babelrc',
  '.babelrc.js',
  '.babelrc.cjs',
  '.babelrc.mjs',
  '.babelrc.json',
  '.browserslistrc',
];

const PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

export function isBabelPlugin(name: string): boolean {
  return /babel/i.test(name);
}

export interface FoundPackage {
  version: string;
  dir: string;
}

/** The installed package `name`, looked up through node_modules from each directory in turn. */
export function findPackage(name: string, fromDirs: readonly string[]): FoundPackage | undefined {
  if (!PACKAGE_NAME.test(name)) return undefined;
  for (const start of fromDirs) {
    let dir = start;
    for (;;) {
      const manifest = path.join(dir, 'node_modules', name, 'package.json');
      try {
        const parsed = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version?: unknown };
        if (typeof parsed.version === 'string')
          return { version: parsed.version, dir: realDir(path.dirname(manifest)) };
      } catch {
        // not installed at this level (or an unreadable manifest): keep climbing
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}

function realDir(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}

/** Babel plugin and preset names given as strings (`'x'` or `['x', opts]`), anywhere in the options. */
export function babelPackageNames(options: unknown): string[] {
  const names = new Set<string>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 6 || value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    for (const field of ['plugins', 'presets']) {
      const list = record[field];
      if (!Array.isArray(list)) continue;
      for (const item of list) {
        // `'x'`, `['x', options]`, or @rolldown/plugin-babel's `{ preset: 'x' | ['x', options], rolldown }`.
        const entry =
          item && typeof item === 'object' && !Array.isArray(item)
            ? ((item as Record<string, unknown>).preset ?? (item as Record<string, unknown>).plugin)
            : item;
        const name =
          typeof entry === 'string'
            ? entry
            : Array.isArray(entry) && typeof entry[0] === 'string'
              ? entry[0]
              : undefined;
        if (name) names.add(name);
      }
    }
    for (const child of Object.values(record)) if (child && typeof child === 'object') visit(child, depth + 1);
  };
  visit(options, 0);
  return [...names];
}

/**
 * A plugin or preset named by its file's absolute path stands for its package, and for the babel
 * plugins and presets that package depends on: `reactCompilerPreset()` names a file inside
 * @vitejs/plugin-react that loads babel-plugin-react-compiler (its peer dependency).
 */
export function expandPathNames(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    if (!path.isAbsolute(name)) {
      out.push(name);
      continue;
    }
    // The manifest the package was found by: its babel dependencies come from the same read.
    const owner = manifestOfFile(name);
    if (!owner) continue;
    out.push(owner.manifest.name);
    for (const field of ['dependencies', 'peerDependencies']) {
      const deps = owner.manifest[field];
      if (!deps || typeof deps !== 'object') continue;
      for (const dep of Object.keys(deps)) if (/(?:^|\/)babel-(?:plugin|preset)-/.test(dep)) out.push(dep);
    }
  }
  return out;
}

/** Babel's shorthand names: `react-compiler` is `babel-plugin-react-compiler`. */
function babelCandidates(name: string): string[] {
  if (name.startsWith('.') || path.isAbsolute(name)) return [];
  if (name.startsWith('@')) {
    const [scope, rest] = name.split('/');
    return rest
      ? [name, `${scope}/babel-plugin-${rest}`, `${scope}/babel-preset-${rest}`]
      : [`${scope}/babel-plugin`, `${scope}/babel-preset`];
  }
  return [name, `babel-plugin-${name}`, `babel-preset-${name}`];
}

export interface DependencyVersion {
  name: string;
  /** `'missing'` when it is not installed where the plugin would find it. */
  version: string;
}

/** `coreFromDirs`: where `@babel/core` is looked up (the plugin's package first); others use `fromDirs`. */
export function dependencyVersions(
  names: readonly string[],
  fromDirs: readonly string[],
  babel: boolean,
  coreFromDirs: readonly string[] = fromDirs,
): DependencyVersion[] {
  return [...new Set(names)].sort().map((name) => {
    for (const candidate of babel ? babelCandidates(name) : [name]) {
      const found = findPackage(candidate, name === '@babel/core' ? coreFromDirs : fromDirs);
      if (found) return { name, version: `${candidate}@${found.version}` };
    }
    return { name, version: 'missing' };
  });
}

/** A hash of each file's contents (or of its absence), in order. */
export function hashConfigFiles(root: string, files: readonly string[]): string {
  const parts: string[] = [];
  for (const file of files) {
    let content: string;
    try {
      content = hashContent(fs.readFileSync(path.resolve(root, file)));
    } catch {
      content = 'absent';
    }
    parts.push(file, content);
  }
  return hashParts(parts);
}

/** vite-plugin-svelte reads the first of these in Vite's root; its compilerOptions shape every component. */
export const SVELTE_CONFIG_FILES = ['svelte.config.js', 'svelte.config.ts', 'svelte.config.mjs', 'svelte.config.mts'];

/**
 * Config files a known plugin reads from the root by itself, outside its options: their contents
 * go into the key, or editing one would serve the output of the old config.
 */
export function rootConfigFiles(name: string, options: unknown): string[] {
  if (isBabelPlugin(name)) return BABEL_CONFIG_FILES;
  if (name.startsWith('vite-plugin-svelte')) {
    const configFile = (options as { configFile?: unknown } | null)?.configFile;
    return typeof configFile === 'string' ? [configFile] : SVELTE_CONFIG_FILES;
  }
  return [];
}

/** cosmiconfig's default search places for `svgr` (as @svgr/core 8 uses them). */
const SVGR_SEARCH_PLACES = [
  'package.json',
  ...['', '.json', '.yaml', '.yml', '.js', '.ts', '.cjs', '.mjs'].flatMap((ext) => [
    `.svgrrc${ext}`,
    `.config/svgrrc${ext}`,
  ]),
  ...['js', 'ts', 'cjs', 'mjs'].map((ext) => `svgr.config.${ext}`),
];

/**
 * For plugins that search for a config file from each module's directory upward (SVGR's
 * `.svgrrc` through cosmiconfig), a function from a module's file to a hash of every candidate in
 * its directory and each parent: the nearest one wins, so any of them can change the output.
 * Directories are read once per build.
 */
export function createConfigSearch(
  name: string,
  options: unknown,
  root: string,
): ((file: string) => string) | undefined {
  if (name !== 'vite-plugin-svgr') return undefined;
  // runtimeConfig: false turns the search off; a configFile is loaded instead of searched for.
  const svgrOptions = (options as { svgrOptions?: { runtimeConfig?: unknown; configFile?: unknown } } | null)
    ?.svgrOptions;
  if (svgrOptions?.runtimeConfig === false) return undefined;
  if (typeof svgrOptions?.configFile === 'string') {
    const configFile = svgrOptions.configFile;
    return () => hashConfigFiles(root, [configFile]);
  }
  const byDir = new Map<string, string>();
  const dirHash = (dir: string): string => {
    let hash = byDir.get(dir);
    if (hash === undefined) {
      const parent = path.dirname(dir);
      const present = SVGR_SEARCH_PLACES.filter((place) => fs.existsSync(path.join(dir, place)));
      // Directories without a candidate add nothing, so the same tree checked out at another depth keys alike.
      const own =
        present.length === 0
          ? ''
          : hashParts([
              escapesRoot(path.relative(root, dir)) ? 'outside-root' : path.relative(root, dir),
              ...present.map((place) => svgrConfigContent(path.join(dir, place))),
            ]);
      hash = parent === dir ? own : own === '' ? dirHash(parent) : hashParts([own, dirHash(parent)]);
      byDir.set(dir, hash);
    }
    return hash;
  };
  return (file) => dirHash(path.dirname(file));
}

/** A candidate's contents; of a package.json only its `svgr` field, so editing dependencies keeps SVGs warm. */
function svgrConfigContent(file: string): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    if (path.basename(file) !== 'package.json') return hashContent(text);
    return hashContent(JSON.stringify((JSON.parse(text) as { svgr?: unknown }).svgr ?? null));
  } catch {
    // unreadable or not JSON: cosmiconfig would fail on it too; key by the failure, never by a guess
    return 'unreadable';
  }
}
