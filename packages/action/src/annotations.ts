import type { Finding } from '@warmbuild/core';
import type { ActionCore } from './action-core.js';

/** GitHub shows at most 10 annotations of a kind per step; a few more still land in the log. */
const MAX_ANNOTATIONS = 50;

/** Check findings as `::error file=…,line=…::` (and `::warning`/`::notice`) workflow commands. */
export function annotateFindings(core: ActionCore, findings: readonly Finding[]): number {
  const ordered = [...findings].sort((a, b) => rank(a) - rank(b));
  let written = 0;
  for (const finding of ordered.slice(0, MAX_ANNOTATIONS)) {
    const properties = {
      title: `warmbuild ${finding.rule}`,
      file: finding.file,
      startLine: finding.line > 0 ? finding.line : undefined,
      startColumn: finding.column > 0 ? finding.column : undefined,
    };
    if (finding.severity === 'error') core.error(finding.message, properties);
    else if (finding.severity === 'warning') core.warning(finding.message, properties);
    else core.notice(finding.message, properties);
    written++;
  }
  if (findings.length > written) core.info(`warmbuild: ${findings.length - written} more findings not annotated`);
  return written;
}

function rank(finding: Finding): number {
  return finding.severity === 'error' ? 0 : finding.severity === 'warning' ? 1 : 2;
}
