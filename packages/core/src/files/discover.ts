import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { LoaderOptions } from '../types.js';
import { toRepoRelative } from '../internal/paths.js';
import { walkFiles } from './directory-cache.js';

/** Directories never walked, whatever the ignore files say. */
export const ALWAYS_IGNORED = ['**/node_modules', '**/.git'];

export interface DiscoverResult {
  /** Repo-relative, forward-slashed, sorted. */
  files: string[];
  /** `.gitignore` files that shaped the result (repo-relative). */
  ignoreFiles: string[];
}

/** A compiled set of nested `.gitignore` rules; built once per discovery. */
export interface IgnoreSet {
  ignores(relativePath: string): boolean;
}

/** fast-glob, loaded when globs are used: the default discovery walks by itself and skips its load. */
async function loadFastGlob(): Promise<typeof import('fast-glob')> {
  return (await import('fast-glob')).default;
}

export async function buildIgnoreSet(
  root: string,
  exclude: readonly string[] = [],
): Promise<{ set: IgnoreSet; files: string[] }> {
  const fg = await loadFastGlob();
  const ignoreFiles = await fg('**/.gitignore', {
    cwd: root,
    dot: true,
    ignore: ALWAYS_IGNORED,
    suppressErrors: true,
    followSymbolicLinks: false,
  });
  ignoreFiles.sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  const byDir = new Map<string, Ignore>();
  const readRules = (file: string) => {
    try {
      return fs.readFileSync(path.join(root, file), 'utf8');
    } catch {
      return '';
    }
  };
  for (const file of ignoreFiles) {
    const dir = path.posix.dirname(file);
    byDir.set(dir === '.' ? '' : dir, ignore().add(readRules(file)));
  }
  const infoExclude = readRules('.git/info/exclude');
  if (infoExclude) byDir.set('', (byDir.get('') ?? ignore()).add(infoExclude));
  const user = exclude.length > 0 ? ignore().add([...exclude]) : undefined;
  const dirs = [...byDir.keys()];

  return {
    files: ignoreFiles,
    set: {
      ignores(rel: string): boolean {
        if (user?.ignores(rel)) return true;
        // From the root down: a deeper file can re-include what a shallower one excluded.
        let ignored = false;
        for (const dir of dirs) {
          if (dir !== '' && !rel.startsWith(`${dir}/`)) continue;
          const rules = byDir.get(dir)!;
          const result = rules.test(dir === '' ? rel : rel.slice(dir.length + 1));
          if (result.ignored) ignored = true;
          else if (result.unignored) ignored = false;
        }
        return ignored;
      },
    },
  };
}

/**
 * Every file under `root` that git would not ignore: nested `.gitignore` files,
 * `.git/info/exclude`, `node_modules`, and the user's include/exclude globs. Symbolic
 * links are listed (the loader reports broken ones and loops) but never followed.
 */
export async function discoverFiles(
  root: string,
  options: LoaderOptions = {},
  listings?: { stateFile: string; writable: boolean; onCorrupt?: () => void },
): Promise<DiscoverResult> {
  const exclude = options.exclude ?? [];
  const everything = !options.include || (options.include.length === 1 && options.include[0] === '**');
  if (everything) {
    // The common case walks itself, reusing unchanged directories' listings (see directory-cache.ts).
    const walked = walkFiles(root, {
      exclude,
      gitignore: options.gitignore,
      stateFile: listings?.stateFile,
      writable: listings?.writable,
      onCorrupt: listings?.onCorrupt,
    });
    return { files: walked.files, ignoreFiles: walked.ignoreFiles };
  }
  const ignoreSet = options.gitignore === false ? undefined : await buildIgnoreSet(root, exclude);
  const fg = await loadFastGlob();
  const entries = await fg(options.include ?? ['**'], {
    cwd: root,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    objectMode: true,
    suppressErrors: true,
    ignore: [...ALWAYS_IGNORED, ...(ignoreSet ? [] : exclude)],
  });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.dirent.isDirectory()) continue;
    const rel = entry.path;
    if (ignoreSet?.set.ignores(rel)) continue;
    files.push(rel);
  }
  files.sort();
  return { files, ignoreFiles: ignoreSet?.files ?? [] };
}

export { toRepoRelative };
