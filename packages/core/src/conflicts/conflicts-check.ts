import type { Check } from '../checks/types.js';
import { mapFilesCached } from '../checks/per-file.js';
import type { Finding } from '../types.js';
import { scanConflictMarkers } from './merge-markers.js';
import { backupFileReason, findCaseCollisions } from './path-rules.js';

const LOCKFILE = /(?:^|\/)(?:pnpm-lock\.yaml|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|bun\.lock)$/;

/**
 * `merge-conflict-marker`, `lockfile-conflict`: conflict blocks left in text files (cached per content hash).
 * `backup-file`: .orig/.rej/.bak/~/swap files. `case-conflict`: paths equal but for letter case.
 */
export const conflictsCheck: Check = {
  id: 'conflicts',
  rules: [
    { id: 'merge-conflict-marker', severity: 'error', description: 'Merge conflict markers left in a file' },
    { id: 'lockfile-conflict', severity: 'error', description: 'Lockfile with merge conflict markers' },
    { id: 'backup-file', severity: 'warning', description: 'Editor, patch or merge-tool leftover file' },
    { id: 'case-conflict', severity: 'error', description: 'Paths that differ only by letter case' },
  ],
  async run(context) {
    const findings: Finding[] = [];
    const present = context.files.filter((file) => file.status !== 'error');
    if (context.isRuleEnabled('backup-file')) {
      for (const file of present) {
        const reason = backupFileReason(file.path);
        if (reason) {
          findings.push({
            rule: 'backup-file',
            severity: 'warning',
            file: file.path,
            line: 0,
            column: 0,
            message: `${reason}: delete it or add it to .gitignore`,
          });
        }
      }
    }
    if (context.isRuleEnabled('case-conflict')) {
      for (const group of findCaseCollisions(context.files.map((file) => file.path))) {
        findings.push({
          rule: 'case-conflict',
          severity: 'error',
          file: group[0],
          line: 0,
          column: 0,
          message: `paths differ only by letter case (one file on macOS and Windows): ${group.join(', ')}`,
          paths: group,
        });
      }
    }
    if (context.isRuleEnabled('merge-conflict-marker') || context.isRuleEnabled('lockfile-conflict')) {
      findings.push(
        ...(await mapFilesCached(context, present, (file, content) => {
          const blocks = scanConflictMarkers(content.toString('utf8'));
          const lockfile = LOCKFILE.test(file.path);
          return blocks.map((block) => ({
            rule: lockfile ? 'lockfile-conflict' : 'merge-conflict-marker',
            severity: 'error' as const,
            file: file.path,
            line: block.line,
            column: 1,
            endLine: block.endLine,
            message: lockfile
              ? `lockfile has merge conflict markers (lines ${block.line}-${block.endLine}): resolve package.json, then regenerate the lockfile with your package manager's install`
              : block.shape === 'stray'
                ? 'stray merge conflict marker (>>>>>>>)'
                : `merge conflict ${block.shape === 'complete' ? '' : '(unterminated) '}left in the file (lines ${block.line}-${block.endLine})`,
          }));
        })),
      );
    }
    return findings;
  },
};
