/** Editor, patch and merge-tool leftovers that should never be committed. */
const BACKUP_PATTERNS: readonly [RegExp, string][] = [
  [/\.orig$/i, 'merge leftover (.orig)'],
  [/\.rej$/i, 'rejected patch hunk (.rej)'],
  [/\.(?:bak|backup|old)$/i, 'backup copy'],
  [/~$/, 'editor backup (~)'],
  [/^\.#/, 'Emacs lock file (.#)'],
  [/^#.*#$/, 'Emacs auto-save file (#…#)'],
  [/^\..*\.sw[a-p]$/i, 'Vim swap file'],
  [/\.sw[op]$/i, 'Vim swap file'],
  [/_(?:BACKUP|BASE|LOCAL|REMOTE)_\d+(?:\.[^/]*)?$/, 'git mergetool leftover'],
];

/** Why a path looks like a backup file, or undefined. */
export function backupFileReason(rel: string): string | undefined {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  for (const [pattern, reason] of BACKUP_PATTERNS) if (pattern.test(base)) return reason;
  return undefined;
}

const ASCII = /^[\x00-\x7f]*$/;

/** The key two paths share when a case-insensitive, normalization-insensitive file system sees one file. */
export function foldPath(rel: string): string {
  // Unicode normalization leaves ASCII as it is (most paths): only lower-case those.
  if (ASCII.test(rel)) return rel.toLowerCase();
  return rel.normalize('NFD').toLowerCase().normalize('NFC');
}

/**
 * Groups of paths (files or directories) that collide on macOS and Windows. A collision is
 * reported at the shallowest level: `src/Foo/a.ts` and `src/foo/a.ts` give one group, the directories.
 */
export function findCaseCollisions(paths: readonly string[]): string[][] {
  const groups = new Map<string, Set<string>>();
  const add = (entry: string) => {
    const key = foldPath(entry);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = new Set()));
    group.add(entry);
  };
  // Each directory once (from the deepest up: a directory seen before has had its parents added too).
  const dirs = new Set<string>();
  for (const rel of paths) {
    add(rel);
    for (let slash = rel.lastIndexOf('/'); slash > 0; slash = rel.lastIndexOf('/', slash - 1)) {
      const dir = rel.slice(0, slash);
      if (dirs.has(dir)) break;
      dirs.add(dir);
      add(dir);
    }
  }
  const collisions: string[][] = [];
  for (const group of groups.values()) {
    if (group.size < 2) continue;
    const members = [...group].sort();
    const parents = new Set(members.map((member) => member.slice(0, Math.max(0, member.lastIndexOf('/')))));
    // Members under different (themselves colliding) parents: already reported at the parent level.
    if (parents.size === members.length) continue;
    collisions.push(members);
  }
  return collisions.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}
