import { DOCS_RULES } from '../docs/docs-rules.js';
import type { CheckEntry, RuleMeta } from './types.js';

/**
 * Every check warmbuild knows. Modules load only when one of their rules is asked for,
 * so `warmbuild --help` and a run with `--only` stay fast.
 */
export const CHECKS: readonly CheckEntry[] = [
  {
    id: 'docs',
    rules: DOCS_RULES.map((rule) => rule.id),
    aliases: Object.fromEntries(DOCS_RULES.flatMap((rule) => (rule.aliases ?? []).map((alias) => [alias, rule.id]))),
    load: async () => (await import('../docs/docs-check.js')).docsCheck,
  },
  {
    id: 'large-file',
    rules: ['large-file', 'unreadable-file'],
    load: async () => (await import('./large-file.js')).largeFileCheck,
  },
  {
    id: 'module-graph',
    rules: [
      'circular-import',
      'unresolved-import',
      'missing-package',
      'import-case-mismatch',
      'parse-error',
      'config-error',
    ],
    load: async () => (await import('../graph/graph-check.js')).moduleGraphCheck,
  },
  {
    id: 'conflicts',
    rules: ['merge-conflict-marker', 'lockfile-conflict', 'backup-file', 'case-conflict'],
    load: async () => (await import('../conflicts/conflicts-check.js')).conflictsCheck,
  },
  {
    id: 'workspace-deps',
    rules: ['dependency-version-mismatch', 'duplicate-dependency', 'workspace-protocol', 'invalid-package-json'],
    load: async () => (await import('../conflicts/workspace-deps-check.js')).workspaceDepsCheck,
  },
];

/** Other tools' names for rules (`MD013` -> `line-length`), upper-cased, for `--only`. */
export function ruleAliases(): Map<string, string> {
  return new Map(
    CHECKS.flatMap((entry) =>
      Object.entries(entry.aliases ?? {}).map(([alias, id]) => [alias.toUpperCase(), id] as [string, string]),
    ),
  );
}

export function allRuleIds(): string[] {
  return CHECKS.flatMap((entry) => entry.rules);
}

/** Metadata (description, severity, aliases) of every rule; loads every check module. */
export async function loadRuleMeta(): Promise<RuleMeta[]> {
  const checks = await Promise.all(CHECKS.map((entry) => entry.load()));
  return checks.flatMap((check) => check.rules);
}
