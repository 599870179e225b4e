import { describe, expect, it } from 'vitest';
import type { Finding } from '../types.js';
import { formatBuildFindings } from './format-build.js';

describe('formatBuildFindings', () => {
  it("groups by rule and escapes the repository's control characters in names and messages", () => {
    const findings: Finding[] = [
      {
        rule: 'unresolved-import',
        severity: 'error',
        file: 'src/\u001b[2Jevil.ts',
        line: 3,
        column: 8,
        message: 'cannot resolve "./x\u202e"',
      },
      {
        rule: 'circular-import',
        severity: 'error',
        file: 'src/a.ts',
        line: 1,
        column: 0,
        message: 'circular import among 2 modules',
      },
    ];
    const text = formatBuildFindings(findings, 'warmbuild: 2 findings');
    expect(text).toBe(
      [
        'warmbuild: 2 findings',
        '  circular-import (1)',
        '    src/a.ts:1:1  circular import among 2 modules',
        '  unresolved-import (1)',
        '    src/\\x1b[2Jevil.ts:3:8  cannot resolve "./x\\u202e"',
      ].join('\n'),
    );
    // Nothing a terminal would act on is left.
    expect(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(text)).toBe(false);
  });
});
