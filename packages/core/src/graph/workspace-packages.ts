import fs from 'node:fs';
import path from 'node:path';
import { fromRepoRelative } from '../internal/paths.js';

/**
 * Package name -> repo-relative directory, for every package.json of the file set: what a
 * workspace install links into node_modules. Of two packages with one name the first found
 * wins (which one an install links is the package manager's choice, not knowable here).
 */
export function findWorkspacePackages(root: string, fileSet: ReadonlySet<string>): Map<string, string> {
  const packages = new Map<string, string>();
  for (const file of fileSet) {
    if (!file.endsWith('package.json') || !(file === 'package.json' || file.endsWith('/package.json'))) continue;
    try {
      const name = (JSON.parse(fs.readFileSync(fromRepoRelative(root, file), 'utf8')) as { name?: unknown }).name;
      if (typeof name === 'string' && !packages.has(name)) packages.set(name, path.posix.dirname(file));
    } catch {
      // An unreadable or invalid package.json names no package; the dependency checks report it.
    }
  }
  return packages;
}

/**
 * Where `<root>/…/node_modules/<name>/<rest>` would lead once the workspace is installed: the
 * workspace package `<name>`'s own `<rest>` (pnpm, yarn and npm link a member's directory as it
 * is). Undefined when the path is not inside a workspace package's place in node_modules.
 */
export function workspaceLinkTarget(
  packages: ReadonlyMap<string, string>,
  root: string,
  absolute: string,
): string | undefined {
  const normalized = absolute.split(path.sep).join('/');
  const marker = normalized.lastIndexOf('/node_modules/');
  if (marker === -1) return undefined;
  const rootSlashed = root.split(path.sep).join('/');
  if (normalized !== rootSlashed && !normalized.startsWith(`${rootSlashed}/`)) return undefined;
  const inside = normalized.slice(marker + '/node_modules/'.length);
  const parts = inside.split('/');
  const name = inside.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const dir = packages.get(name);
  if (dir === undefined) return undefined;
  const rest = inside.slice(name.length + 1);
  return fromRepoRelative(root, dir === '.' ? rest : rest ? `${dir}/${rest}` : dir);
}
