import fs from 'node:fs';
import path from 'node:path';
import type { ParseError } from 'jsonc-parser';
import { jsoncParser } from './internal/lazy-parsers.js';
import { WarmbuildError } from './errors.js';
import { defaultCacheDir } from './cache/content-cache.js';
import { escapesRoot } from './internal/paths.js';
import type { WarmbuildOptions } from './types.js';

/** Looked for at the repository root, first found wins. */
export const CONFIG_FILES = ['warmbuild.config.json', 'warmbuild.config.jsonc'] as const;

const KNOWN_KEYS = new Set<keyof WarmbuildOptions>([
  'cache',
  'files',
  'remote',
  'only',
  'failFast',
  'largeFile',
  'rules',
  'checks',
]);

export interface LoadedConfig {
  options: WarmbuildOptions;
  /** Repo-relative name of the file read, if any. */
  file?: string;
}

/**
 * Options from `warmbuild.config.json(c)` at the root: every `WarmbuildOptions` field
 * except `root`. The CLI's flags override it. A syntax error or an unknown key is a
 * configuration error naming the file, the place and the fix.
 */

export function loadConfigFile(root: string): LoadedConfig {
  for (const name of CONFIG_FILES) {
    const file = path.join(root, name);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const errors: ParseError[] = [];
    const value = jsoncParser().parse(text, errors, { allowTrailingComma: true }) as unknown;
    if (errors.length > 0) {
      const first = errors[0];
      const before = text.slice(0, first.offset);
      const line = before.split('\n').length;
      const column = first.offset - before.lastIndexOf('\n');
      throw new WarmbuildError(
        'CONFIG_INVALID',
        `${name}:${line}:${column}: ${jsoncParser().printParseErrorCode(first.error)}`,
        {
          file: name,
          hint: 'fix the JSON syntax (comments and trailing commas are allowed)',
        },
      );
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new WarmbuildError('CONFIG_INVALID', `${name} must hold a JSON object`, {
        file: name,
        hint: 'e.g. { "rules": { "line-length": "off" } }',
      });
    }
    for (const key of Object.keys(value)) {
      if (!KNOWN_KEYS.has(key as keyof WarmbuildOptions)) {
        throw new WarmbuildError('CONFIG_INVALID', `${name}: unknown option "${key}"`, {
          file: name,
          hint: `use one of: ${[...KNOWN_KEYS].join(', ')}`,
        });
      }
    }
    return { options: value as WarmbuildOptions, file: name };
  }
  return { options: {} };
}

/** Flags over file: objects merge one level deep, everything else is replaced. */
export function mergeOptions(base: WarmbuildOptions, override: WarmbuildOptions): WarmbuildOptions {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const previous = out[key];
    out[key] =
      previous &&
      typeof previous === 'object' &&
      !Array.isArray(previous) &&
      value &&
      typeof value === 'object' &&
      !Array.isArray(value)
        ? { ...previous, ...value }
        : value;
  }
  return out as WarmbuildOptions;
}

/** Names a cache directory outside the repository for this machine, beside `--cache-dir`. */
export const CACHE_DIR_ENV = 'WARMBUILD_CACHE_DIR';

/**
 * The cache directory a CLI command uses: `--cache-dir`, else WARMBUILD_CACHE_DIR, else the
 * config file's `cache.cacheDir`, else the default, all relative to the root. A checked-out
 * repository is untrusted input, so its config may only place the cache inside the repository
 * (symbolic links resolved): one pointing outside is a configuration error, not a silent fall
 * back to the default, since the user meant some directory and should learn that it was not
 * used. The flag and the variable come from whoever runs the command, and may point anywhere.
 */
export function resolveCacheDir(
  root: string,
  config: LoadedConfig,
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (flag) return path.resolve(root, flag);
  const fromEnv = env[CACHE_DIR_ENV];
  if (fromEnv) return path.resolve(root, fromEnv);
  const configured = config.options.cache === false ? undefined : config.options.cache?.cacheDir;
  if (configured === undefined) return defaultCacheDir(root);
  if (typeof configured !== 'string' || configured === '') {
    throw new WarmbuildError('CONFIG_INVALID', `${config.file}: cache.cacheDir must be a non-empty string`, {
      file: config.file,
      hint: 'e.g. "cache": { "cacheDir": ".cache/warmbuild" }',
    });
  }
  const resolved = path.resolve(root, configured);
  if (escapesRoot(path.relative(realpathOfExisting(root), realpathOfExisting(resolved)))) {
    throw new WarmbuildError(
      'CONFIG_INVALID',
      `${config.file}: cache.cacheDir "${configured}" resolves to ${resolved}, outside the repository ${root}; ` +
        "a repository's config may only place the cache inside the repository",
      {
        file: config.file,
        hint: `to use that directory, pass --cache-dir ${JSON.stringify(resolved)} or set ${CACHE_DIR_ENV}; else remove cache.cacheDir from ${config.file}`,
      },
    );
  }
  return resolved;
}

/** realpath of the longest existing prefix of `target`, with the rest appended: symbolic links cannot hide an escape. */
function realpathOfExisting(target: string): string {
  const rest: string[] = [];
  let current = target;
  for (;;) {
    try {
      return path.join(fs.realpathSync(current), ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return target;
      rest.push(path.basename(current));
      current = parent;
    }
  }
}
