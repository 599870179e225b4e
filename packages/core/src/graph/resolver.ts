import fs from 'node:fs';
import path from 'node:path';
import { isBuiltin } from 'node:module';
import type * as TS from 'typescript';
import type { TypeScriptApi } from './typescript.js';
import { fromRepoRelative, toRepoRelative, escapesRoot } from '../internal/paths.js';
import type { ConfigSet, ProjectConfig } from './tsconfig.js';
import { isModuleFile, type ImportKind } from './module-facts.js';
import type { ProbeRecorder } from './probes.js';

/**
 * Where a specifier leads. `file`: a module in the file set (a graph node). `external`: outside
 * the repository or not a module (node_modules, declaration-only). `unresolved`: a relative or
 * aliased specifier that names nothing. `missing-package`: a bare package that is not installed.
 */
export type Resolution =
  | { status: 'file'; target: string }
  | { status: 'case-mismatch'; target: string }
  | { status: 'external' | 'builtin' | 'asset' | 'unresolved' | 'missing-package' };

const RUNTIME_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const SOURCE_DIRS = ['dist', 'lib', 'build', 'out', 'types', 'esm', 'cjs'];
/**
 * Extensions of files a bundler loads and TypeScript never resolves: styles, images, fonts,
 * media, markup, and components of other languages (.vue, .svelte: real files, checked on disk
 * as plain paths). Only these, or a query (`?raw`), make a specifier an asset: any other dot
 * (`./users.module`, `./charts.types`, `lodash.debounce`) is part of a module's name, and
 * TypeScript decides. `.json` is not here: TypeScript resolves it (resolveJsonModule).
 */
const ASSET_EXTENSION =
  /\.(?:css|scss|sass|less|styl|stylus|pcss|postcss|sss|svg|png|jpe?g|jfif|pjpeg|pjp|gif|webp|avif|apng|bmp|ico|cur|tiff?|heic|woff2?|ttf|otf|eot|mp4|webm|ogg|ogv|mov|m4v|mp3|wav|flac|aac|m4a|opus|wasm|html?|txt|md|mdx|markdown|vue|svelte|astro|marko|riot|graphql|gql|ya?ml|toml|csv|tsv|xml|glsl|vert|frag|wgsl|hbs|handlebars|ejs|pug|njk|liquid|po|properties|pdf|zip|webmanifest)$/i;

export interface Resolver {
  resolve(from: string, specifier: string, kind: ImportKind): Resolution;
}

/**
 * The resolution mode an import kind resolves in: `require()` as CommonJS, `import()` as ESM,
 * every other kind in the importing file's own mode. Same class, same answer (build-graph.ts
 * reuses resolutions by it).
 */
export function modeClass(kind: ImportKind): 'require' | 'dynamic' | 'file' {
  return kind === 'require' || kind === 'dynamic' ? kind : 'file';
}

export function isBareSpecifier(specifier: string): boolean {
  return (
    !specifier.startsWith('.') &&
    !specifier.startsWith('/') &&
    !specifier.startsWith('#') &&
    !/^[a-z]+:/i.test(specifier)
  );
}

/**
 * `cloudflare:workers`, `bun:test`, `npm:zod`, `jsr:@std/path`, `https://esm.sh/x`, `virtual:pwa`,
 * `astro:content`: a module of the target platform, of Deno's or a bundler's own loaders, never
 * a file of the repository or a package of node_modules, so neither `unresolved-import` nor
 * `missing-package` can judge it. `node:` is answered earlier (a built-in); a Windows drive
 * path (`C:\src\x`, one letter before the colon) is a path.
 */
export function isSchemeSpecifier(specifier: string): boolean {
  return /^[a-z][a-z0-9+.-]+:/i.test(specifier);
}

function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * The `paths` pattern TypeScript applies to a specifier (`matchPatternOrExact`): an exact key
 * first, else the wildcard key with the longest prefix before its `*`. Object order does not
 * matter: `"*"` listed first must not shadow `"@scope/pkg"`.
 */
export function matchPathsPattern(
  paths: TS.MapLike<string[]> | undefined,
  specifier: string,
): { pattern: string; targets: string[] } | undefined {
  if (!paths) return undefined;
  if (Object.hasOwn(paths, specifier) && !specifier.includes('*'))
    return { pattern: specifier, targets: paths[specifier] };
  let best: { pattern: string; targets: string[] } | undefined;
  let bestPrefix = -1;
  for (const [pattern, targets] of Object.entries(paths)) {
    const star = pattern.indexOf('*');
    // TypeScript ignores (and reports) a key with more than one `*`.
    if (star === -1 || pattern.indexOf('*', star + 1) !== -1) continue;
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (
      specifier.length >= prefix.length + suffix.length &&
      specifier.startsWith(prefix) &&
      specifier.endsWith(suffix) &&
      prefix.length > bestPrefix
    ) {
      best = { pattern, targets };
      bestPrefix = prefix.length;
    }
  }
  return best;
}

/**
 * What the `paths` pattern TypeScript applies makes of a specifier. 'alias': it maps the
 * specifier into the repository, so a miss is an `unresolved-import`. 'package': its targets
 * all point into node_modules (`"vite": ["./node_modules/vite/dist/index.d.ts"]`), an install,
 * not source. 'catch-all': a bare `"*"` (`"*": ["./*"]`), which TypeScript tries and, when the
 * substitution names no file, follows with node_modules: it names no alias of its own, so a
 * miss is a package import like any other (at most `missing-package`).
 */
function matchesPaths(options: TS.CompilerOptions, specifier: string): 'alias' | 'package' | 'catch-all' | undefined {
  const match = matchPathsPattern(options.paths, specifier);
  if (!match) return undefined;
  if (match.pattern === '*') return 'catch-all';
  return match.targets.every((target) => target.includes('node_modules/')) ? 'package' : 'alias';
}

export function createResolver(
  ts: TypeScriptApi,
  root: string,
  fileSet: ReadonlySet<string>,
  configs: ConfigSet,
  disk: ProbeRecorder,
): Resolver {
  const lowerFiles = new Map<string, string>();
  for (const file of fileSet) lowerFiles.set(file.toLowerCase(), file);
  // Directories holding discovered files: inside them the file list is the truth (no stat per probe).
  // Elsewhere (node_modules, ignored build output, outside the root) the disk is asked, once per path.
  const knownDirs = new Set<string>(['']);
  for (const file of fileSet) {
    for (let slash = file.indexOf('/'); slash !== -1; slash = file.indexOf('/', slash + 1))
      knownDirs.add(file.slice(0, slash));
  }
  const rootPrefix = `${root}/`;
  // TypeScript asks with normalized, forward-slashed absolute paths, nearly all under the root:
  // those need no path.relative, whose cost adds up over the lookups of a large app.
  const plainUnderRoot = (absolute: string) =>
    path.sep === '/' &&
    absolute.startsWith(rootPrefix) &&
    !absolute.endsWith('/') &&
    !absolute.includes('//') &&
    !absolute.includes('/.');
  const relativeInside = (absolute: string): string | undefined => {
    const rel = plainUnderRoot(absolute) ? absolute.slice(rootPrefix.length) : toRepoRelative(root, absolute);
    return escapesRoot(rel) || rel.includes('node_modules') ? undefined : rel === '' ? '' : rel;
  };
  const fileExistsMemo = new Map<string, boolean>();
  const dirExistsMemo = new Map<string, boolean>();
  const host: TS.ModuleResolutionHost = {
    fileExists(file) {
      let known = fileExistsMemo.get(file);
      if (known === undefined) {
        const rel = relativeInside(file);
        const dir = rel === undefined ? undefined : rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
        known =
          rel !== undefined && dir !== undefined && knownDirs.has(dir) && fileSet.has(rel)
            ? true
            : rel !== undefined && dir !== undefined && knownDirs.has(dir) && !/\.d\.[cm]?ts$/.test(rel)
              ? false
              : disk.fileExists(file);
        fileExistsMemo.set(file, known);
      }
      return known;
    },
    directoryExists(dir) {
      let known = dirExistsMemo.get(dir);
      if (known === undefined) {
        const rel = relativeInside(dir);
        known = rel !== undefined && knownDirs.has(rel) ? true : disk.directoryExists(dir);
        dirExistsMemo.set(dir, known);
      }
      return known;
    },
    readFile: (file) => disk.readFile(file),
    realpath: ts.sys.realpath ? (file) => disk.realpath(file) : undefined,
    getCurrentDirectory: () => root,
    getDirectories: (dir) => disk.getDirectories(dir),
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
  };
  const diskHost: TS.ModuleResolutionHost = {
    ...host,
    fileExists: (file) => disk.fileExists(file),
    directoryExists: (dir) => disk.directoryExists(dir),
  };
  const caches = new Map<ProjectConfig, { options: TS.CompilerOptions; cache: TS.ModuleResolutionCache }>();
  const canonical = (file: string) => (ts.sys.useCaseSensitiveFileNames ? file : file.toLowerCase());

  function resolutionFor(config: ProjectConfig) {
    let entry = caches.get(config);
    if (!entry) {
      // JS files are real runtime modules whatever allowJs says: resolve them too.
      const options: TS.CompilerOptions = { ...config.options, allowJs: true, resolveJsonModule: true, noEmit: true };
      entry = { options, cache: ts.createModuleResolutionCache(root, canonical, options) };
      caches.set(config, entry);
    }
    return entry;
  }

  function inFileSet(rel: string): Resolution | undefined {
    if (fileSet.has(rel)) return { status: 'file', target: rel };
    const other = lowerFiles.get(rel.toLowerCase());
    return other ? { status: 'case-mismatch', target: other } : undefined;
  }

  /** A path without extension (or with a JS extension standing for TS source) in the file set. */
  function probe(base: string): Resolution | undefined {
    const stripped = base.replace(/\.(?:[cm]?js|jsx)$/, '');
    const candidates = [base];
    for (const stem of stripped === base ? [base] : [stripped, base]) {
      for (const ext of RUNTIME_EXTENSIONS) candidates.push(stem + ext);
    }
    for (const ext of RUNTIME_EXTENSIONS) candidates.push(`${base}/index${ext}`);
    let mismatch: Resolution | undefined;
    for (const candidate of candidates) {
      const found = inFileSet(candidate);
      if (found?.status === 'file') return found;
      mismatch ??= found;
    }
    return mismatch;
  }

  /** A declaration or build output inside the repository, mapped back to the source file that produces it. */
  function toSource(rel: string): Resolution | undefined {
    const withoutDts = rel.replace(/\.d(\.[^/]*)?\.[cm]?ts$/, '');
    if (withoutDts !== rel) {
      for (const ext of ['.js', '.mjs', '.cjs', '.jsx'])
        if (fileSet.has(withoutDts + ext)) return { status: 'file', target: withoutDts + ext };
    }
    const stem = withoutDts.replace(/\.(?:[cm]?js|jsx)$/, '');
    const segments = stem.split('/');
    for (let i = segments.length - 2; i >= 0; i--) {
      if (!SOURCE_DIRS.includes(segments[i])) continue;
      const sourceStem = [...segments.slice(0, i), 'src', ...segments.slice(i + 1)].join('/');
      for (const ext of RUNTIME_EXTENSIONS)
        if (fileSet.has(sourceStem + ext)) return { status: 'file', target: sourceStem + ext };
    }
    return undefined;
  }

  // TypeScript hands back normalized, forward-slashed absolute paths: most are under the root.
  const relativeTo = (absolute: string) =>
    path.sep === '/' && absolute.startsWith(rootPrefix)
      ? absolute.slice(rootPrefix.length)
      : toRepoRelative(root, absolute);

  function fromResolvedFile(absolute: string): Resolution {
    const rel = relativeTo(absolute);
    if (escapesRoot(rel) || rel.split('/').includes('node_modules')) return { status: 'external' };
    if (/\.d(\.[^/]*)?\.[cm]?ts$/.test(rel)) return toSource(rel) ?? { status: 'external' };
    return inFileSet(rel) ?? toSource(rel) ?? { status: 'external' };
  }

  /** A workspace package named by a bare specifier, mapped to its source even without node_modules. */
  function workspaceSource(specifier: string): Resolution | undefined {
    const name = packageNameOf(specifier);
    const dir = configs.workspacePackages().get(name);
    if (dir === undefined) return undefined;
    const subpath = specifier.slice(name.length + 1);
    const prefix = dir === '.' ? '' : `${dir}/`;
    if (subpath) return probe(`${prefix}src/${subpath}`) ?? probe(`${prefix}${subpath}`);
    let manifest: Record<string, unknown> = {};
    try {
      manifest = JSON.parse(fs.readFileSync(fromRepoRelative(root, `${prefix}package.json`), 'utf8')) as Record<
        string,
        unknown
      >;
    } catch {
      // fall through to the conventional entry points
    }
    const entries: string[] = [];
    const collect = (value: unknown) => {
      if (typeof value === 'string') entries.push(value);
      else if (value && typeof value === 'object') for (const nested of Object.values(value)) collect(nested);
    };
    const exportsField = manifest.exports;
    collect(
      typeof exportsField === 'object' && exportsField && '.' in exportsField
        ? (exportsField as Record<string, unknown>)['.']
        : exportsField,
    );
    for (const field of ['source', 'module', 'main', 'types']) collect(manifest[field]);
    for (const entry of entries) {
      const rel = path.posix.normalize(prefix + entry.replace(/^\.\//, ''));
      const found =
        inFileSet(rel)?.status === 'file' ? inFileSet(rel) : (toSource(rel) ?? probe(rel.replace(/\.d\.[cm]?ts$/, '')));
      if (found?.status === 'file') return found;
    }
    return probe(`${prefix}src/index`) ?? probe(`${prefix}index`);
  }

  const configIds = new Map<ProjectConfig, number>();
  const fileModes = new Map<string, TS.ResolutionMode>();
  /**
   * Answers by config, mode, containing directory and specifier: what TypeScript's answer
   * depends on. Aliases (`paths`) that TypeScript resolved to a repository file without
   * node_modules or symlinks do not depend on the directory, and are also kept without it.
   */
  const answers = new Map<string, Resolution>();

  return {
    resolve(from, specifier, kind) {
      if (specifier.startsWith('node:') || (isBuiltin(specifier) && isBareSpecifier(specifier)))
        return { status: 'builtin' };
      const config = configs.configFor(from);
      let configId = configIds.get(config);
      if (configId === undefined) configIds.set(config, (configId = configIds.size));
      const relative = specifier.startsWith('.') || specifier.startsWith('/');
      const query = specifier.indexOf('?');
      const pathPart = query === -1 ? specifier : specifier.slice(0, query);
      if (query !== -1 || ASSET_EXTENSION.test(pathPart)) {
        // Styles, images, ?raw, ?worker...: a bundler's business, never a graph edge. Relative ones must exist.
        if (!relative) return { status: 'asset' };
        return assetOnDisk(from, pathPart, query !== -1);
      }
      const { options, cache } = resolutionFor(config);
      const containing = fromRepoRelative(root, from);
      let mode: TS.ResolutionMode;
      const modeOf = modeClass(kind);
      if (modeOf === 'require') mode = ts.ModuleKind.CommonJS;
      else if (modeOf === 'dynamic') mode = ts.ModuleKind.ESNext;
      else {
        mode = fileModes.get(from);
        if (mode === undefined && !fileModes.has(from)) {
          mode = ts.getImpliedNodeFormatForFile(
            containing as TS.Path,
            cache.getPackageJsonInfoCache(),
            host,
            options,
          ) as TS.ResolutionMode;
          fileModes.set(from, mode);
        }
      }
      const aliasKey = relative ? undefined : `${configId}\0${mode}\0\0${specifier}`;
      const dirKey = `${configId}\0${mode}\0${from.slice(0, from.lastIndexOf('/') + 1)}\0${specifier}`;
      const known = (aliasKey === undefined ? undefined : answers.get(aliasKey)) ?? answers.get(dirKey);
      if (known) return known;
      const answer = resolveWithTypeScript(from, specifier, containing, relative, options, cache, mode);
      answers.set(answer.directoryFree && aliasKey !== undefined ? aliasKey : dirKey, answer.resolution);
      return answer.resolution;
    },
  };

  /**
   * A relative asset: in the file set, else on disk (generated, gitignored). With a query the
   * bundler also tries module extensions (`./worker?worker`).
   */
  function assetOnDisk(from: string, pathPart: string, withQuery: boolean): Resolution {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), pathPart));
    if (escapesRoot(target)) return { status: 'external' };
    const stem = target.replace(/\.(?:[cm]?js|jsx)$/, '');
    const candidates = withQuery
      ? [
          target,
          ...RUNTIME_EXTENSIONS.map((ext) => target + ext),
          ...(stem === target ? [] : RUNTIME_EXTENSIONS.map((ext) => stem + ext)),
        ]
      : [target];
    let mismatch: Resolution | undefined;
    for (const candidate of candidates) {
      const found = inFileSet(candidate);
      if (found?.status === 'file') return { status: 'asset' };
      mismatch ??= found;
      if (disk.fileExists(fromRepoRelative(root, candidate))) return { status: 'asset' };
    }
    return mismatch ?? { status: 'unresolved' };
  }

  function resolveWithTypeScript(
    from: string,
    specifier: string,
    containing: string,
    relative: boolean,
    options: TS.CompilerOptions,
    cache: TS.ModuleResolutionCache,
    mode: TS.ResolutionMode,
  ): { resolution: Resolution; directoryFree?: boolean } {
    const result = ts.resolveModuleName(specifier, containing, options, host, cache, undefined, mode);
    const resolved = result.resolvedModule;
    if (resolved) {
      const resolution = fromResolvedFile(resolved.resolvedFileName);
      // Found through `paths` (node_modules and symlinks, which depend on the directory, excluded).
      const directoryFree =
        resolution.status === 'file' &&
        !resolved.isExternalLibraryImport &&
        (resolved as { originalPath?: string }).originalPath === undefined &&
        matchesPaths(options, specifier) === 'alias';
      return { resolution, directoryFree };
    }
    if (relative || isBareSpecifier(specifier) === false || matchesPaths(options, specifier) === 'alias') {
      // The file list stood in for the disk; a gitignored (generated) file exists only on disk.
      const onDisk = ts.resolveModuleName(
        specifier,
        containing,
        options,
        diskHost,
        undefined,
        undefined,
        mode,
      ).resolvedModule;
      if (onDisk) return { resolution: fromResolvedFile(onDisk.resolvedFileName) };
    }
    if (relative) {
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
      if (escapesRoot(base)) return { resolution: { status: 'unresolved' } };
      // A real file of a kind neither list knows (`./shader.frag2`, `./data.bin`): a bundler's asset.
      if (
        path.posix.extname(base) &&
        (fileSet.has(base) ? !isModuleFile(base) : disk.fileExists(fromRepoRelative(root, base)))
      )
        return { resolution: { status: 'asset' } };
      return { resolution: probeCase(base) ?? { status: 'unresolved' } };
    }
    if (matchesPaths(options, specifier) === 'alias')
      return { resolution: aliasCase(options, specifier) ?? { status: 'unresolved' } };
    if (isBareSpecifier(specifier)) return { resolution: workspaceSource(specifier) ?? { status: 'missing-package' } };
    if (isSchemeSpecifier(specifier)) return { resolution: { status: 'external' } };
    return { resolution: { status: 'unresolved' } };
  }

  /** An aliased specifier that misses only by letter case: each `paths` target, substituted and probed. */
  function aliasCase(options: TS.CompilerOptions, specifier: string): Resolution | undefined {
    const base = options.baseUrl ?? (options as { pathsBasePath?: string }).pathsBasePath;
    if (!base) return undefined;
    const match = matchPathsPattern(options.paths, specifier);
    if (!match) return undefined;
    const star = match.pattern.indexOf('*');
    const captured = star === -1 ? '' : specifier.slice(star, specifier.length - (match.pattern.length - star - 1));
    for (const target of match.targets) {
      const rel = toRepoRelative(root, path.resolve(base, target.replace('*', captured)));
      if (escapesRoot(rel)) continue;
      const found = probeCase(rel);
      if (found) return found;
    }
    return undefined;
  }

  /** Only a letter-case difference may explain a relative miss; anything else stays unresolved. */
  function probeCase(base: string): Resolution | undefined {
    const found = probe(base);
    return found?.status === 'case-mismatch' ? found : undefined;
  }
}
