import { describe, expect, it } from 'vitest';
import { cli, writeRepo } from './fixture.js';

describe('a file nested too deeply for the parser', () => {
  for (const workers of ['never', 'always']) {
    it(`is a parse-error of that file, and every other finding is still reported (parse workers: ${workers})`, () => {
      const root = writeRepo({
        // 1,000 nested object literals in about 4 KB, and 50,000 nested parentheses and arrays.
        'src/objects.ts': `export const deep = ${'{a:'.repeat(1000)}1${'}'.repeat(1000)};\n`,
        'src/parens.ts': `export const p = ${'('.repeat(50_000)}1${')'.repeat(50_000)};\nexport const q = ${'['.repeat(50_000)}${']'.repeat(50_000)};\n`,
        // No brackets to count: 20,000 chained arrows overflow the parser itself.
        'src/arrows.ts': `export const f = ${'() => '.repeat(20_000)}1;\n`,
        'src/a.ts': "import { b } from './b';\nimport { nope } from './nope';\nexport const a = () => [b, nope];\n",
        'src/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
        'src/broken.ts': 'export const = 1;\n',
        'README.md': '# Title\n\n[gone](./gone.md)\n',
      });
      const result = cli(['check', root, '--format', 'json', '--no-cache'], { WARMBUILD_PARSE_WORKERS: workers });
      expect(result.stderr).not.toContain('internal error');
      expect(result.status).toBe(1);
      const findings = JSON.parse(result.stdout).findings as {
        rule: string;
        file: string;
        line: number;
        message: string;
      }[];
      const parseErrors = findings.filter((finding) => finding.rule === 'parse-error');
      expect(parseErrors.map((finding) => finding.file).sort()).toEqual([
        'src/arrows.ts',
        'src/broken.ts',
        'src/objects.ts',
        'src/parens.ts',
      ]);
      expect(parseErrors.find((finding) => finding.file === 'src/objects.ts')).toMatchObject({
        line: 1,
        message: expect.stringMatching(/nested 1000 levels deep/),
      });
      expect(parseErrors.find((finding) => finding.file === 'src/arrows.ts')!.message).toMatch(
        /maximum call stack size exceeded/,
      );
      expect(findings.map((finding) => `${finding.rule} ${finding.file}`)).toEqual(
        expect.arrayContaining(['circular-import src/b.ts', 'unresolved-import src/a.ts', 'broken-link README.md']),
      );
    });
  }
});
