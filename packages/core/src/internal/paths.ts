import path from 'node:path';

/** Forward-slashed path relative to `root`; the only form stored in caches and findings. */
export function toRepoRelative(root: string, absolute: string): string {
  const rel = path.relative(root, absolute);
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

export function fromRepoRelative(root: string, relative: string): string {
  // Hot path (once per file per run): plain concatenation where separators already agree.
  return path.sep === '/' ? `${root}/${relative}` : path.join(root, ...relative.split('/'));
}

/** True when `rel` climbs out of the root (`../x`) or is absolute. */
export function escapesRoot(rel: string): boolean {
  return rel === '..' || rel.startsWith('../') || path.isAbsolute(rel);
}
