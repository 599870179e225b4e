import fs from 'node:fs';
import path from 'node:path';
import type { ParseError } from 'jsonc-parser';
import type { ContentCache } from '../cache/content-cache.js';
import { WarmbuildError } from '../errors.js';
import { jsoncParser, parseYaml } from '../internal/lazy-parsers.js';
import { hashParts } from '../cache/hash.js';

// The parsers load only when a configuration file changed: a warm run reads the parsed
// configuration from the cache (loading and running yaml alone was a noticeable share of a warm run).

/**
 * The configuration files markdownlint users already have, in every directory, in
 * markdownlint-cli2's order: `.markdownlint-cli2.{jsonc,yaml}` (its `config` key and
 * `noInlineConfig`) and `.markdownlint.{jsonc,json,yaml,yml}`. `.cjs`/`.mjs` forms are not
 * executed: a repository's code does not run inside a build plugin.
 */
export const CLI2_CONFIG_FILES = ['.markdownlint-cli2.jsonc', '.markdownlint-cli2.yaml'];
export const MARKDOWNLINT_CONFIG_FILES = [
  '.markdownlint.jsonc',
  '.markdownlint.json',
  '.markdownlint.yaml',
  '.markdownlint.yml',
];

function parseConfigText(text: string, file: string): unknown {
  if (/\.ya?ml$/.test(file)) {
    try {
      return parseYaml(text) ?? {};
    } catch (error) {
      throw new WarmbuildError('CONFIG_INVALID', `cannot parse ${file}: ${(error as Error).message}`, {
        file,
        hint: 'fix the YAML syntax (markdownlint-cli2 would reject it too)',
      });
    }
  }
  const errors: ParseError[] = [];
  const value = jsoncParser().parse(text, errors, { allowTrailingComma: true }) as unknown;
  if (errors.length > 0) {
    throw new WarmbuildError(
      'CONFIG_INVALID',
      `cannot parse ${file}: ${jsoncParser().printParseErrorCode(errors[0].error)} at offset ${errors[0].offset}`,
      {
        file,
        hint: 'fix the JSON syntax (comments and trailing commas are allowed)',
      },
    );
  }
  return value ?? {};
}

function asObject(value: unknown, file: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new WarmbuildError('CONFIG_INVALID', `${file} must hold an object`, {
      file,
      hint: 'see https://github.com/DavidAnson/markdownlint#config',
    });
  }
  return value as Record<string, unknown>;
}

/** One directory's own configuration files, as markdownlint-cli2 reads them (before inheritance). */
export interface DirMarkdownlintConfig {
  /** `.markdownlint-cli2.{jsonc,yaml}`: its `config` (with `extends` followed) and `noInlineConfig`. */
  options?: { config?: Record<string, unknown>; noInlineConfig?: unknown };
  /** `.markdownlint.{jsonc,json,yaml,yml}` with `extends` followed. */
  config?: Record<string, unknown>;
}

export interface LoadedMarkdownlintConfigs {
  /** Directory ('' for the root, else repo-relative) -> its own configuration files. */
  dirs: Record<string, DirMarkdownlintConfig>;
  /** Repo-relative paths of every file read (`extends` targets included), in order. */
  files: string[];
  /** Hash of every file's path and bytes: a hit is trusted only when it still matches. */
  fingerprint: string;
  /**
   * Configuration files that could not be loaded (syntax, an `extends` that cannot be followed or
   * leaves the repository). Each is left out: its directory inherits from above, and the run goes on.
   */
  errors: { file: string; message: string; hint?: string }[];
}

/** The configuration that applies to the files of one directory. */
export interface EffectiveMarkdownlintConfig {
  config: Record<string, unknown>;
  noInlineConfig: boolean;
  /** Whether any configuration file applies there (the quiet-defaults test). */
  configured: boolean;
}

const ALL_CONFIG_NAMES = new Set([...CLI2_CONFIG_FILES, ...MARKDOWNLINT_CONFIG_FILES]);

/** `extends` chains longer than this are a loop or an attack, not a configuration. */
const MAX_EXTENDS_DEPTH = 8;

/** Directories ('' = root) that hold a configuration file markdownlint-cli2 would read. */
export function configDirsOf(paths: Iterable<string>): string[] {
  const dirs = new Set<string>(['']);
  for (const p of paths) {
    const slash = p.lastIndexOf('/');
    if (ALL_CONFIG_NAMES.has(p.slice(slash + 1))) dirs.add(slash < 0 ? '' : p.slice(0, slash));
  }
  return [...dirs].sort();
}

/**
 * Reads every directory's configuration files, in markdownlint-cli2's order per directory
 * (`getAndProcessDirInfo`): the first of `.markdownlint-cli2.{jsonc,yaml}` and, independently,
 * the first of `.markdownlint.{jsonc,json,yaml,yml}`. `extends` is resolved relative to the file
 * that names it, as markdownlint's `extendConfig` does, and must stay inside the root.
 */
export function loadMarkdownlintConfigs(root: string, dirs: readonly string[]): LoadedMarkdownlintConfigs {
  const files: string[] = [];
  const contents: string[] = [];
  const rootAbsolute = path.resolve(root);
  const relOf = (absolute: string) => path.relative(rootAbsolute, absolute).split(path.sep).join('/');
  const read = (absolute: string): string | undefined => {
    let text: string;
    try {
      text = fs.readFileSync(absolute, 'utf8');
    } catch {
      return undefined;
    }
    files.push(relOf(absolute));
    contents.push(text);
    return text;
  };
  // markdownlint's extendConfig: `{ ...extended, ...own }` without `extends`, recursively.
  const extend = (config: Record<string, unknown>, absolute: string, depth: number): Record<string, unknown> => {
    const parent = config.extends;
    if (typeof parent !== 'string' || parent === '') return config;
    const rel = relOf(absolute);
    if (depth >= MAX_EXTENDS_DEPTH) {
      throw new WarmbuildError(
        'CONFIG_INVALID',
        `${rel}: "extends" chain deeper than ${MAX_EXTENDS_DEPTH} files (a loop?)`,
        { file: rel, hint: 'shorten or break the extends chain' },
      );
    }
    const target = path.resolve(path.dirname(absolute), parent);
    const targetRel = path.relative(rootAbsolute, target);
    if (targetRel.startsWith('..') || path.isAbsolute(targetRel)) {
      throw new WarmbuildError('CONFIG_INVALID', `${rel} extends "${parent}", which is outside the repository`, {
        file: rel,
        hint: 'copy the shared configuration into the repository and extend it by a relative path',
      });
    }
    const text = read(target);
    if (text === undefined) {
      throw new WarmbuildError('CONFIG_INVALID', `${rel} extends "${parent}", which cannot be read`, {
        file: rel,
        hint: 'fix the extends path (relative to the file)',
      });
    }
    const base = extend(asObject(parseConfigText(text, relOf(target)), relOf(target)), target, depth + 1);
    const { extends: _ignored, ...own } = config;
    void _ignored;
    return { ...base, ...own };
  };

  const errors: LoadedMarkdownlintConfigs['errors'] = [];
  // One broken configuration file never stops the run: it is reported and left out.
  const attempt = (file: string, load: () => void): void => {
    try {
      load();
    } catch (error) {
      if (!(error instanceof WarmbuildError)) throw error;
      // Located at the directory's own file; the message names the file of an `extends` chain.
      errors.push({ file, message: error.message, hint: error.hint });
    }
  };
  const out: Record<string, DirMarkdownlintConfig> = {};
  for (const dir of dirs) {
    const entry: DirMarkdownlintConfig = {};
    for (const name of CLI2_CONFIG_FILES) {
      const absolute = path.join(rootAbsolute, dir, name);
      const text = read(absolute);
      if (text === undefined) continue;
      const rel = relOf(absolute);
      attempt(rel, () => {
        const cli2 = asObject(parseConfigText(text, rel), rel);
        const options: DirMarkdownlintConfig['options'] = { noInlineConfig: cli2.noInlineConfig };
        if (cli2.config !== undefined && cli2.config !== null)
          options.config = extend(asObject(cli2.config, `${rel} (config)`), absolute, 0);
        entry.options = options;
      });
      break;
    }
    for (const name of MARKDOWNLINT_CONFIG_FILES) {
      const absolute = path.join(rootAbsolute, dir, name);
      const text = read(absolute);
      if (text === undefined) continue;
      const rel = relOf(absolute);
      attempt(rel, () => {
        entry.config = extend(asObject(parseConfigText(text, rel), rel), absolute, 0);
      });
      break;
    }
    if (entry.options || entry.config) out[dir] = entry;
  }
  return { dirs: out, files, fingerprint: hashParts([...files, ...contents]), errors };
}

/** markdownlint-cli2's `mergeOptions`: later properties replace, `config` merges one level. */
function mergeOptions(
  first: DirMarkdownlintConfig['options'],
  second: DirMarkdownlintConfig['options'],
): DirMarkdownlintConfig['options'] {
  const merged = { ...first, ...second };
  if (first?.config || second?.config) merged.config = { ...first?.config, ...second?.config };
  return merged;
}

/**
 * The configuration for the files of `dir`, inherited as markdownlint-cli2 does it (the
 * "Merge configuration by inheritance" loop of `lintFiles`): `.markdownlint-cli2.*` options merge
 * from the root down (`config` shallow-merged, deeper keys win); a `.markdownlint.*` file
 * *replaces* the inherited configuration for its subtree; the nearest one applies, unless some
 * `.markdownlint-cli2.*` between it and the file sets `config`; the `.markdownlint.*` one wins
 * over a `config` from options when both apply.
 */
export function effectiveMarkdownlintConfig(
  loaded: LoadedMarkdownlintConfigs,
  dir: string,
): EffectiveMarkdownlintConfig {
  const chain: string[] = [];
  for (let current = dir; ; ) {
    chain.push(current);
    if (current === '') break;
    const slash = current.lastIndexOf('/');
    current = slash < 0 ? '' : current.slice(0, slash);
  }
  // cli2 folds a directory without configuration files into its parent before inheriting: its
  // files take the result of the nearest directory that has one, not a walk of their own (which
  // would differ when that directory holds both a `.markdownlint.*` and options with `config`).
  const own = chain.findIndex((current) => loaded.dirs[current] !== undefined);
  if (own < 0) return { config: {}, noInlineConfig: false, configured: false };
  let markdownlintConfig: Record<string, unknown> | undefined;
  let options: DirMarkdownlintConfig['options'];
  chain.slice(own).forEach((current, i) => {
    const entry = loaded.dirs[current];
    if (!entry) return;
    if (i === 0) {
      markdownlintConfig = entry.config;
      options = entry.options;
      return;
    }
    if (entry.options) options = mergeOptions(entry.options, options);
    if (!markdownlintConfig && entry.config && !options?.config) markdownlintConfig = entry.config;
  });
  return {
    config: markdownlintConfig ?? options?.config ?? {},
    noInlineConfig: Boolean(options?.noInlineConfig),
    configured: true,
  };
}

/**
 * `loadMarkdownlintConfigs` through the cache: the key is which configuration files exist; a hit
 * is trusted only when every file it was built from (`extends` included) still hashes to its
 * fingerprint, so the parsers load only when a configuration file changed. Errors are never
 * cached (the next run reports them).
 */
export async function loadMarkdownlintConfigsCached(
  root: string,
  dirs: readonly string[],
  cache: ContentCache,
): Promise<LoadedMarkdownlintConfigs> {
  const key = cache.key('markdownlint-configs', ...dirs);
  const hit = await cache.getJson<LoadedMarkdownlintConfigs>(key);
  if (hit && Array.isArray(hit.files) && Array.isArray(hit.errors) && hit.dirs && typeof hit.dirs === 'object') {
    const contents: string[] = [];
    let readable = true;
    for (const file of hit.files) {
      try {
        contents.push(fs.readFileSync(path.join(root, file), 'utf8'));
      } catch {
        readable = false;
        break;
      }
    }
    // A file added in a directory already listed (a `.markdownlint.yaml` beside the cli2 file)
    // is not in `files`: every candidate name is checked for existence too.
    if (
      readable &&
      hashParts([...hit.files, ...contents]) === hit.fingerprint &&
      !dirs.some((dir) => hasUnreadCandidate(root, dir, hit.files))
    )
      return hit;
  }
  const loaded = loadMarkdownlintConfigs(root, dirs);
  // A broken set is not stored: a missing `extends` target that appears later is in no
  // fingerprint, so the next run reads the files again.
  if (loaded.errors.length === 0) await cache.setJson(key, loaded);
  return loaded;
}

/** Whether `dir` holds a configuration file that would be read before (or instead of none) of those in `files`. */
function hasUnreadCandidate(root: string, dir: string, files: readonly string[]): boolean {
  const prefix = dir === '' ? '' : `${dir}/`;
  for (const names of [CLI2_CONFIG_FILES, MARKDOWNLINT_CONFIG_FILES]) {
    for (const name of names) {
      const rel = prefix + name;
      if (files.includes(rel)) break;
      if (fs.existsSync(path.join(root, rel))) return true;
    }
  }
  return false;
}
