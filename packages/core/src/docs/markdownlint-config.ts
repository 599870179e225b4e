import fs from 'node:fs';
import path from 'node:path';
import type { ParseError } from 'jsonc-parser';
import type { ContentCache } from '../cache/content-cache.js';
import { WarmbuildError } from '../errors.js';
import { jsoncParser, parseYaml } from '../internal/lazy-parsers.js';
import { hashContent, hashParts } from '../cache/hash.js';

// The parsers load only when a configuration file changed: a warm run reads the parsed
// configuration from the cache (yaml alone cost ~35 ms of a ~300 ms warm run to load and run).

/**
 * The configuration files markdownlint users already have, at the repository root, in
 * markdownlint-cli2's order: `.markdownlint-cli2.{jsonc,yaml}` (its `config` key and
 * `noInlineConfig`), else `.markdownlint.{jsonc,json,yaml,yml}`. `extends` is followed.
 */
export const CLI2_CONFIG_FILES = ['.markdownlint-cli2.jsonc', '.markdownlint-cli2.yaml'];
export const MARKDOWNLINT_CONFIG_FILES = ['.markdownlint.jsonc', '.markdownlint.json', '.markdownlint.yaml', '.markdownlint.yml'];

export interface LoadedMarkdownlintConfig {
  /** The markdownlint configuration object (rule name -> boolean | options). */
  config: Record<string, unknown>;
  noInlineConfig: boolean;
  /** Repo-relative paths of the files read, in order. */
  files: string[];
  /** Hash of every file's bytes: part of the cache key. */
  fingerprint: string;
}

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
    throw new WarmbuildError('CONFIG_INVALID', `cannot parse ${file}: ${jsoncParser().printParseErrorCode(errors[0].error)} at offset ${errors[0].offset}`, {
      file,
      hint: 'fix the JSON syntax (comments and trailing commas are allowed)',
    });
  }
  return value ?? {};
}

function asObject(value: unknown, file: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new WarmbuildError('CONFIG_INVALID', `${file} must hold an object`, { file, hint: 'see https://github.com/DavidAnson/markdownlint#config' });
  }
  return value as Record<string, unknown>;
}

export function loadMarkdownlintConfig(root: string): LoadedMarkdownlintConfig {
  const files: string[] = [];
  const contents: string[] = [];
  const read = (absolute: string): string | undefined => {
    let text: string;
    try {
      text = fs.readFileSync(absolute, 'utf8');
    } catch {
      return undefined;
    }
    files.push(path.relative(root, absolute).split(path.sep).join('/'));
    contents.push(text);
    return text;
  };
  const readWithExtends = (absolute: string, depth: number): Record<string, unknown> | undefined => {
    const text = read(absolute);
    if (text === undefined) return undefined;
    const rel = path.relative(root, absolute).split(path.sep).join('/');
    const config = asObject(parseConfigText(text, rel), rel);
    const parent = config.extends;
    if (typeof parent !== 'string' || depth > 8) return config;
    const base = readWithExtends(path.resolve(path.dirname(absolute), parent), depth + 1);
    if (!base) {
      throw new WarmbuildError('CONFIG_INVALID', `${rel} extends "${parent}", which cannot be read`, { file: rel, hint: 'fix the extends path (relative to the file)' });
    }
    const { extends: _ignored, ...own } = config;
    void _ignored;
    return { ...base, ...own };
  };

  let config: Record<string, unknown> | undefined;
  let noInlineConfig = false;
  for (const name of CLI2_CONFIG_FILES) {
    const text = read(path.join(root, name));
    if (text === undefined) continue;
    const cli2 = asObject(parseConfigText(text, name), name);
    noInlineConfig = cli2.noInlineConfig === true;
    if (cli2.config !== undefined) config = asObject(cli2.config, `${name} (config)`);
    break;
  }
  if (!config) {
    for (const name of MARKDOWNLINT_CONFIG_FILES) {
      config = readWithExtends(path.join(root, name), 0);
      if (config) break;
    }
  }
  return { config: config ?? {}, noInlineConfig, files, fingerprint: hashParts([...files, ...contents]) };
}

/**
 * `loadMarkdownlintConfig` through the cache: the key is which configuration files exist and
 * the first one's bytes; a hit is trusted only when every file it was built from (`extends`
 * included) still hashes to its fingerprint. Errors are never cached (the next run reports them).
 */
export async function loadMarkdownlintConfigCached(root: string, cache: ContentCache): Promise<LoadedMarkdownlintConfig> {
  const present: string[] = [];
  let first: string | undefined;
  for (const name of [...CLI2_CONFIG_FILES, ...MARKDOWNLINT_CONFIG_FILES]) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(root, name), 'utf8');
    } catch {
      continue;
    }
    present.push(name);
    first ??= text;
  }
  if (first === undefined) return { config: {}, noInlineConfig: false, files: [], fingerprint: hashParts([]) };
  const key = cache.key('markdownlint-config', ...present, hashContent(first));
  const hit = await cache.getJson<LoadedMarkdownlintConfig>(key);
  if (hit && Array.isArray(hit.files) && hit.config && typeof hit.config === 'object') {
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
    if (readable && hashParts([...hit.files, ...contents]) === hit.fingerprint) return hit;
  }
  const loaded = loadMarkdownlintConfig(root);
  await cache.setJson(key, loaded);
  return loaded;
}
