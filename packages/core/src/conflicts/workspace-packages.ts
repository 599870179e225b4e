import { parseYaml } from '../internal/lazy-parsers.js';

/** A package.json of the workspace, read and parsed. */
export interface WorkspaceManifest {
  /** Repo-relative path of the package.json. */
  file: string;
  text: string;
  name: string | undefined;
  json: Record<string, unknown>;
}

export interface WorkspaceLayout {
  /** Globs of package directories (`packages/*`), `!` for exclusions. */
  patterns: string[];
  /** pnpm catalogs: `default` and named ones, each name -> range. */
  catalogs: Map<string, Record<string, string>>;
}

/** A workspace glob (pnpm/npm style, `*` and `**`) as a RegExp over directory paths. */
export function globToRegExp(glob: string): RegExp {
  const trimmed = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  let source = '';
  for (let i = 0; i < trimmed.length; i++) {
    const char = trimmed[i];
    if (char === '*' && trimmed[i + 1] === '*') {
      const slash = trimmed[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export function readWorkspaceLayout(
  rootManifest: Record<string, unknown> | undefined,
  pnpmWorkspaceYaml: string | undefined,
): WorkspaceLayout {
  const catalogs = new Map<string, Record<string, string>>();
  let patterns: string[] = [];
  if (pnpmWorkspaceYaml !== undefined) {
    const doc = (parseYaml(pnpmWorkspaceYaml) ?? {}) as { packages?: unknown; catalog?: unknown; catalogs?: unknown };
    if (Array.isArray(doc.packages))
      patterns = doc.packages.filter((entry): entry is string => typeof entry === 'string');
    if (doc.catalog && typeof doc.catalog === 'object') catalogs.set('default', doc.catalog as Record<string, string>);
    if (doc.catalogs && typeof doc.catalogs === 'object') {
      for (const [name, entries] of Object.entries(doc.catalogs as Record<string, unknown>)) {
        if (entries && typeof entries === 'object') catalogs.set(name, entries as Record<string, string>);
      }
    }
  }
  const workspaces = rootManifest?.workspaces;
  if (patterns.length === 0 && Array.isArray(workspaces))
    patterns = workspaces.filter((entry): entry is string => typeof entry === 'string');
  if (
    patterns.length === 0 &&
    workspaces &&
    typeof workspaces === 'object' &&
    Array.isArray((workspaces as { packages?: unknown }).packages)
  ) {
    patterns = (workspaces as { packages: unknown[] }).packages.filter(
      (entry): entry is string => typeof entry === 'string',
    );
  }
  return { patterns, catalogs };
}

/** Is the package directory `dir` ('' for the root) part of the workspace? The root always is. */
export function inWorkspace(dir: string, patterns: readonly string[]): boolean {
  if (dir === '') return true;
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (globToRegExp(negated ? pattern.slice(1) : pattern).test(dir)) included = !negated;
  }
  return included;
}

/** The range a `catalog:` specifier stands for, or undefined when the catalog has no entry. */
export function resolveCatalog(
  spec: string,
  name: string,
  catalogs: ReadonlyMap<string, Record<string, string>>,
): string | undefined {
  const catalogName = spec.slice('catalog:'.length) || 'default';
  return catalogs.get(catalogName)?.[name];
}

/** 1-based line and column of a dependency key inside a manifest's section, for the finding location. */
export function locateKey(text: string, section: string, key: string): { line: number; column: number } {
  const sectionAt = text.indexOf(`"${section}"`);
  let at = sectionAt === -1 ? -1 : text.indexOf(`"${key}"`, sectionAt);
  if (at === -1) at = text.indexOf(`"${key}"`);
  if (at === -1) return { line: 1, column: 1 };
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { line, column: at - before.lastIndexOf('\n') };
}
