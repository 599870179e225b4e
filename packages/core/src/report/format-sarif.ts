import { nodeCrypto } from '../internal/node-crypto.js';
import type { RuleMeta } from '../checks/types.js';
import type { Finding } from '../types.js';
import { WARMBUILD_VERSION } from '../version.js';

const level = (severity: Finding['severity']) =>
  severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';

function physicalLocation(file: string, line: number, column: number, endLine?: unknown) {
  return {
    artifactLocation: { uri: encodeURI(file), uriBaseId: 'SRCROOT' },
    ...(line > 0
      ? {
          region: {
            startLine: line,
            startColumn: Math.max(1, column),
            ...(typeof endLine === 'number' && endLine > line ? { endLine } : {}),
          },
        }
      : {}),
  };
}

/**
 * SARIF 2.1.0 for GitHub code scanning. Paths stay repo-relative (uriBaseId SRCROOT, which
 * code scanning maps to the checkout); rules carry their descriptions and default levels when
 * `rules` is given; each result has a stable fingerprint so alerts survive line moves; cycle
 * members become related locations.
 */
export function formatSarif(findings: readonly Finding[], _root: string, rules: readonly RuleMeta[] = []): string {
  const metaById = new Map(rules.map((rule) => [rule.id, rule]));
  const ruleIds = [...new Set(findings.map((finding) => finding.rule))].sort();
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'warmbuild',
            version: WARMBUILD_VERSION,
            semanticVersion: WARMBUILD_VERSION,
            informationUri: 'https://github.com/warmbuild/warmbuild',
            rules: ruleIds.map((id) => {
              const meta = metaById.get(id);
              return {
                id,
                name: id.replace(/(^|-)([a-z])/g, (_match, _dash: string, char: string) => char.toUpperCase()),
                shortDescription: { text: meta?.description ?? id },
                defaultConfiguration: { level: level(meta?.severity ?? 'warning') },
                ...(meta?.aliases?.length ? { properties: { aliases: meta.aliases } } : {}),
              };
            }),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((finding) => {
          const related = Array.isArray(finding.modules)
            ? (finding.modules as string[])
            : Array.isArray(finding.paths)
              ? (finding.paths as string[])
              : [];
          return {
            ruleId: finding.rule,
            ruleIndex: ruleIds.indexOf(finding.rule),
            level: level(finding.severity),
            message: { text: finding.message },
            locations: [
              { physicalLocation: physicalLocation(finding.file, finding.line, finding.column, finding.endLine) },
            ],
            ...(related.length > 0
              ? {
                  relatedLocations: related.map((file, id) => ({
                    id,
                    physicalLocation: physicalLocation(file, 0, 0),
                    message: { text: file },
                  })),
                }
              : {}),
            partialFingerprints: {
              'warmbuildFinding/v1': nodeCrypto()
                .createHash('sha256')
                .update(`${finding.rule}\0${finding.file}\0${finding.message}`)
                .digest('hex')
                .slice(0, 32),
            },
          };
        }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
