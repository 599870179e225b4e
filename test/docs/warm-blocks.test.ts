import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashContent } from '@warmbuild/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, DOC_RULES_ARG } from './helpers.js';

/**
 * A warm run with nothing changed hands each file's stored findings on as a block, unparsed,
 * when the run reports them all as stored (report/stored-findings.ts); a rule filter, a
 * severity setting, or another check's finding in the same file takes the finding-by-finding
 * path. Every one of these prints what a run without the cache prints, in every format.
 */
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/core/dist/cli/bin.js');

function page(f: number, perFile: number): string {
  const lines = [`# Page ${f}`, ''];
  for (let i = 0; i < perFile; i++) {
    lines.push(
      [
        `This line of page ${f} is long enough to go past the default limit of eighty characters, item ${i}.`,
        `Trailing spaces on item ${i} "quoted" \\ and \u2028 and 🚀.   `,
        `A hard\ttab on item ${i}.`,
        `See [the missing page](./missing-${i}.md) and [a heading](#page-${f + 1}) for item ${i}.`,
      ][i % 4],
      '',
    );
  }
  return lines.join('\n');
}

function run(root: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [bin, 'check', root, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, ...env },
  });
  expect([0, 1], result.stderr).toContain(result.status);
  return result;
}

/** The report without what differs between any two runs (timings, cache counters). */
function stable(format: string, stdout: string): string {
  if (format === 'json') return stdout.slice(0, stdout.indexOf('\n  "stats": '));
  if (format === 'text') return stdout.replace(/^files: .*\n$/m, '');
  return stdout;
}

/** The docs summary entry in the cache directory: the large entry whose payload's second line is its header. */
function summaryEntry(root: string): string {
  const entries = path.join(root, 'node_modules/.cache/warmbuild/v1/entries/docs');
  const files = fs.readdirSync(entries, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  const found = files
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => fs.readFileSync(file).includes('"volatile"'));
  expect(found).toHaveLength(1);
  return found[0];
}

describe('warm runs hand stored finding blocks on whole', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('print what a run without the cache prints, with filters, settings and other checks in the same files', () => {
    const files: Record<string, string> = { '.markdownlint.json': '{}\n' };
    for (let f = 0; f < 30; f++) files[`docs/${f % 3}/page-${f}.md`] = page(f, 40);
    // Another check's finding in a markdown file: that file's block is sorted finding by finding.
    files['docs/1/page-4.md'] = `${page(4, 40)}\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> branch\n`;
    const repo = createRepo(files);
    cleanup = repo.cleanup;
    const cases: { name: string; args: string[]; config?: string }[] = [
      { name: 'all rules', args: [] },
      { name: 'docs rules', args: ['--only', DOC_RULES_ARG] },
      { name: 'some rules of each block', args: ['--only', 'line-length,broken-link'] },
      { name: 'a severity setting', args: ['--only', DOC_RULES_ARG], config: '{ "rules": { "MD009": "error" } }' },
      { name: 'a rule turned off', args: [], config: '{ "rules": { "no-hard-tabs": "off" } }' },
    ];
    for (const { name, args, config } of cases) {
      if (config) repo.write('warmbuild.config.json', config);
      else repo.remove('warmbuild.config.json');
      for (const format of ['json', 'text', 'sarif']) {
        const reference = stable(format, run(repo.root, ['--no-cache', '--format', format, ...args]).stdout);
        run(repo.root, ['--format', format, ...args]);
        const warm = run(repo.root, ['--format', format, ...args]);
        expect(stable(format, warm.stdout), `${name}, ${format}`).toBe(reference);
      }
    }
    const json = JSON.parse(run(repo.root, ['--format', 'json']).stdout) as {
      findings: { rule: string; file: string }[];
    };
    expect(
      json.findings.some((finding) => finding.rule === 'merge-conflict-marker' && finding.file === 'docs/1/page-4.md'),
    ).toBe(true);
    expect(json.findings.length).toBeGreaterThan(1000);
  });

  it("treat a stored block that is not a writer's as a miss: re-checked, the same report", () => {
    const files: Record<string, string> = { '.markdownlint.json': '{}\n' };
    for (let f = 0; f < 20; f++) files[`docs/page-${f}.md`] = page(f, 40);
    const repo = createRepo(files);
    cleanup = repo.cleanup;
    const args = ['--format', 'json', '--only', DOC_RULES_ARG];
    const reference = stable('json', run(repo.root, ['--no-cache', ...args]).stdout);
    run(repo.root, args);
    const linted = (stderr: string) => Number(/warmbuild:docs\s+(\d+) linted/.exec(stderr)?.[1]);
    expect(linted(run(repo.root, args, { DEBUG: 'warmbuild' }).stderr)).toBe(0);

    // Damage one block's printed findings and store the entry again with a matching checksum (a
    // writer bug, not a flipped bit on disk, which the checksum catches): the block's bytes
    // would be printed as they are, so the summary must not be used.
    const file = summaryEntry(repo.root);
    const bytes = fs.readFileSync(file);
    const headerLength = bytes.readUInt32LE(4);
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as { c: string };
    const payload = Buffer.from(bytes.subarray(8 + headerLength));
    const at = payload.indexOf('    {\n      "rule"');
    expect(at).toBeGreaterThan(0);
    payload[at + 4] = '['.charCodeAt(0);
    const newHeader = Buffer.from(JSON.stringify({ ...header, c: hashContent(payload) }));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(newHeader.length);
    fs.writeFileSync(file, Buffer.concat([bytes.subarray(0, 4), length, newHeader, payload]));

    const after = run(repo.root, args, { DEBUG: 'warmbuild' });
    expect(stable('json', after.stdout)).toBe(reference);
    expect(linted(after.stderr)).toBe(20);
    // Written again whole: the next run takes the summary as it is.
    const next = run(repo.root, args, { DEBUG: 'warmbuild' });
    expect(linted(next.stderr)).toBe(0);
    expect(stable('json', next.stdout)).toBe(reference);
  });
});
