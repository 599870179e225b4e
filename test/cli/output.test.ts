import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, runCli, tempDir, writeFiles } from './helpers.js';

describe('text output', () => {
  it("exits quietly, with the run's status, when the reader closes the pipe early (| head -1)", () => {
    // ~6,000 findings: far more than a pipe buffer holds, so writes meet the closed pipe.
    const root = writeFiles(tempDir(), {
      'links.md': `# Links\n\n${Array.from({ length: 6000 }, (_, i) => `See [item ${i}](./missing-${i}.md).\n`).join('\n')}`,
    });
    for (const format of ['text', 'json', 'text', 'json']) {
      const result = spawnSync(
        'bash',
        [
          '-c',
          `"${process.execPath}" "${bin}" check "${root}" --no-cache --format ${format} | head -1; echo "status=\${PIPESTATUS[0]}" >&2`,
        ],
        {
          encoding: 'utf8',
        },
      );
      expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(1);
      expect(result.stderr).not.toMatch(/EPIPE|Unhandled|internal error|at /);
      expect(result.stderr.trim()).toBe('status=1');
    }
  });

  it('escapes control characters in file names, specifiers, messages and code frames', () => {
    const root = tempDir();
    // A name that, printed raw, turns red and forges a finding line of its own.
    const evil = 'evil\u001b[31m\nforged.ts:1:1  error  forged finding  [merge-conflict-marker]\r.ts';
    fs.writeFileSync(
      path.join(root, evil),
      'export const a = 1;\n<<<<<<< HEAD\nexport const b = 2;\n=======\nexport const b = 3;\n>>>>>>> x\n',
    );
    fs.writeFileSync(
      path.join(root, 'imp.ts'),
      'import { x } from "./gone\u001b[2J\u202e\u0085";\nexport const y = x; // \u001b[31mred\n',
    );
    const result = runCli(['check', root, '--no-cache']);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('forged.ts'))).toEqual([]);
    expect(result.stdout).toContain(
      'evil\\x1b[31m\\nforged.ts:1:1  error  forged finding  [merge-conflict-marker]\\r.ts:2:1  error  merge conflict left in the file',
    );
    expect(result.stdout).toContain(
      'imp.ts:1:19  error  cannot resolve "./gone\\x1b[2J\\u202e\\x85"  [unresolved-import]',
    );
    expect(result.stdout).toContain('  2 | export const y = x; // \\x1b[31mred');
    // JSON keeps the real name: a tool reading it gets the file as it is.
    const json = JSON.parse(runCli(['check', root, '--no-cache', '--format', 'json']).stdout);
    expect(json.findings.map((finding: { file: string }) => finding.file)).toContain(evil);
  });

  it('escapes control characters in warnings on stderr', () => {
    const root = writeFiles(tempDir(), { 'a.ts': 'export const a = 1;\n' });
    // A file where the cache directory should be: the warning quotes its name.
    const blocked = path.join(root, 'blocked\u001b[2J\nwarmbuild: forged');
    fs.writeFileSync(blocked, 'x');
    const result = runCli(['check', root, '--cache-dir', blocked]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('blocked\\x1b[2J\\nwarmbuild: forged is not writable');
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
