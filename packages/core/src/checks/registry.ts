import type { CheckEntry } from './types.js';

/**
 * Every check warmbuild knows. Modules load only when one of their rules is asked for,
 * so `warmbuild --help` and a run with `--only` stay fast.
 */
export const CHECKS: readonly CheckEntry[] = [
  { id: 'docs', rules: ['heading-increment', 'heading-style', 'ul-indent', 'no-trailing-spaces', 'no-hard-tabs', 'line-length', 'broken-link', 'missing-anchor', 'link-case-mismatch', 'broken-reference', 'doc-skipped'], aliases: { MD001: 'heading-increment', MD003: 'heading-style', MD007: 'ul-indent', MD009: 'no-trailing-spaces', MD010: 'no-hard-tabs', MD013: 'line-length' }, load: async () => (await import('../docs/docs-check.js')).docsCheck },
  { id: 'large-file', rules: ['large-file', 'unreadable-file'], load: async () => (await import('./large-file.js')).largeFileCheck },
];

/** Other tools' names for rules (`MD013` -> `line-length`), upper-cased, for `--only`. */
export function ruleAliases(): Map<string, string> {
  return new Map(CHECKS.flatMap((entry) => Object.entries(entry.aliases ?? {}).map(([alias, id]) => [alias.toUpperCase(), id] as [string, string])));
}

export function allRuleIds(): string[] {
  return CHECKS.flatMap((entry) => entry.rules);
}
