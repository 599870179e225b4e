import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

/**
 * Real markdown the style rules are held against: this repository's own tracked files and
 * every README/CHANGELOG/doc that installed packages ship in node_modules/.pnpm (over a
 * thousand documents nobody wrote for warmbuild). Paths are absolute, deduplicated by real
 * path, sorted so a failure names the same file on every machine.
 */
export function realMarkdownFiles(repoRoot: string, maxBytes = 200_000): string[] {
  const found = new Set<string>();
  const tracked = execFileSync('git', ['ls-files', '-z', '*.md', '*.markdown'], { cwd: repoRoot, encoding: 'utf8' });
  for (const rel of tracked.split('\0')) if (rel) found.add(path.join(repoRoot, rel));
  const store = path.join(repoRoot, 'node_modules/.pnpm');
  const walk = (dir: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      // Symbolic links point at packages listed elsewhere in the store: each is walked once.
      if (entry.isSymbolicLink()) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < 12) walk(full, depth + 1);
      } else if (/\.(md|markdown)$/i.test(entry.name)) {
        found.add(full);
      }
    }
  };
  walk(store, 0);
  return [...found].filter((file) => fs.existsSync(file) && fs.statSync(file).size <= maxBytes).sort();
}
