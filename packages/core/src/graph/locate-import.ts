import fs from 'node:fs';
import path from 'node:path';

// Specifiers of static imports and re-exports: `import x from '…'`, `import '…'`, `export … from '…'`.
const IMPORT_SPECIFIER = /\b(?:import|export)\s*(?:type\s+)?(?:[\w*{}\s,$]+?\s*from\s*)?(['"])([^'"\n]+)\1/g;

function withoutExtension(file: string): string {
  return file.replace(/\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '');
}

/**
 * Line and column (1-based) of the import in `from` that names `to`, both repo-relative, found
 * in the source on disk; undefined when no relative specifier matches (aliases, bare names).
 */
export function locateImport(root: string, from: string, to: string): { line: number; column: number } | undefined {
  let source: string;
  try {
    source = fs.readFileSync(path.join(root, from), 'utf8');
  } catch {
    return undefined;
  }
  // Comments become spaces, so positions stay and a commented-out import is not found.
  source = source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (comment) => comment.replace(/[^\n]/g, ' '));
  const target = withoutExtension(to);
  for (const match of source.matchAll(IMPORT_SPECIFIER)) {
    const specifier = match[2];
    if (!specifier.startsWith('.')) continue;
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier.replace(/[?#].*$/, '')));
    if (withoutExtension(resolved) !== target) continue;
    const offset = match.index + match[0].lastIndexOf(match[1] + specifier);
    const before = source.slice(0, offset);
    const line = before.split('\n').length;
    return { line, column: offset - before.lastIndexOf('\n') };
  }
  return undefined;
}
