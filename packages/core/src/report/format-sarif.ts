import type { Finding } from '../types.js';
import { WARMBUILD_VERSION } from '../version.js';

/** SARIF 2.1.0, for GitHub code scanning. Paths stay repo-relative (uriBaseId SRCROOT). */
export function formatSarif(findings: readonly Finding[], _root: string): string {
  const rules = [...new Set(findings.map((finding) => finding.rule))].sort();
  const level = (severity: Finding['severity']) => (severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note');
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'warmbuild',
            version: WARMBUILD_VERSION,
            informationUri: 'https://github.com/warmbuild/warmbuild',
            rules: rules.map((id) => ({ id, shortDescription: { text: id } })),
          },
        },
        results: findings.map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: rules.indexOf(finding.rule),
          level: level(finding.severity),
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: finding.file, uriBaseId: 'SRCROOT' },
                ...(finding.line > 0 ? { region: { startLine: finding.line, startColumn: Math.max(1, finding.column) } } : {}),
              },
            },
          ],
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
