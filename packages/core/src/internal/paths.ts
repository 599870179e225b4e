import path from 'node:path';

/** Forward-slashed path relative to `root`; the only form stored in caches and findings. */
export function toRepoRelative(root: string, absolute: string): string {
  const rel = path.relative(root, absolute);
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

export function fromRepoRelative(root: string, relative: string): string {
  return path.join(root, ...relative.split('/'));
}

/** True when `rel` climbs out of the root (`../x`) or is absolute. */
export function escapesRoot(rel: string): boolean {
  return rel === '..' || rel.startsWith('../') || path.isAbsolute(rel);
}
