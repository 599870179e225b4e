import fs from 'node:fs';
import path from 'node:path';
import { scanModuleReferences } from './scan-imports.js';

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
  // The graph's own scanner: `kind: 'import'` is a static import or re-export (`import()` and
  // `require()` are other kinds), at the specifier's opening quote.
  for (const reference of scanModuleReferences(source)?.imports ?? []) {
    const specifier = reference.specifier;
    if (reference.kind !== 'import' || !specifier.startsWith('.')) continue;
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier.replace(/[?#].*$/, '')));
    if (withoutExtension(resolved) !== target) continue;
    return { line: reference.line, column: reference.column };
  }
  return undefined;
}
