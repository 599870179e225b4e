import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, DOC_RULES_ARG } from './helpers.js';

/**
 * A warm run with nothing changed prints the stored findings without parsing them back:
 * measured by what the CLI process hands to JSON.parse (a preloaded counter), not by time.
 */
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/core/dist/cli/bin.js');

function page(f: number, perFile: number): string {
  const lines = [`# Page ${f}`, ''];
  for (let i = 0; i < perFile; i++) {
    lines.push(
      [
        `This line of page ${f} is long enough to go past the default limit of eighty characters, item ${i}.`,
        `Trailing spaces on item ${i}.   `,
        `A hard\ttab on item ${i}.`,
        `See [the missing page](./missing-${i}.md) and [a heading](#page-${f + 1}) for item ${i}.`,
      ][i % 4],
      '',
    );
  }
  return lines.join('\n');
}

describe('warm with nothing changed', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('prints the same report as a cold run without parsing the stored findings', () => {
    const files: Record<string, string> = {
      '.markdownlint.json': '{}\n',
      'warmbuild.config.json': '{ "rules": { "MD010": "error" } }\n',
    };
    for (let f = 0; f < 100; f++) files[`docs/${f % 5}/page-${f}.md`] = page(f, 80);
    const repo = createRepo(files);
    const counter = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wb-parse-')), 'count.mjs');
    const counted = `${counter}.txt`;
    fs.writeFileSync(
      counter,
      `import fs from 'node:fs';\nconst parse = JSON.parse;\nlet chars = 0;\nJSON.parse = function (text, reviver) { chars += String(text).length; return parse(text, reviver); };\nprocess.on('exit', () => fs.writeFileSync(${JSON.stringify(counted)}, String(chars)));\n`,
    );
    cleanup = () => {
      repo.cleanup();
      fs.rmSync(path.dirname(counter), { recursive: true, force: true });
    };
    const run = (format: string, extra: string[] = []) => {
      const result = spawnSync(
        process.execPath,
        ['--import', counter, bin, 'check', repo.root, '--format', format, '--only', DOC_RULES_ARG, ...extra],
        { encoding: 'utf8', maxBuffer: 1 << 28 },
      );
      expect(result.status, result.stderr).toBe(1);
      return { stdout: result.stdout, parsed: Number(fs.readFileSync(counted, 'utf8')) };
    };
    const withoutStats = (json: string) => json.slice(0, json.indexOf('\n  "stats": '));
    const reference = run('json', ['--no-cache']);
    const cold = run('json');
    const warm = run('json');
    const findings = (JSON.parse(warm.stdout) as { findings: { severity: string; rule: string }[] }).findings;
    expect(findings.length).toBeGreaterThan(8000);
    // The configured severity applies to stored findings too.
    expect(new Set(findings.filter((f) => f.rule === 'no-hard-tabs').map((f) => f.severity))).toEqual(
      new Set(['error']),
    );
    expect(withoutStats(cold.stdout)).toBe(withoutStats(reference.stdout));
    expect(withoutStats(warm.stdout)).toBe(withoutStats(reference.stdout));
    // Parsing every stored finding would hand JSON.parse at least the findings' own text;
    // the sort keys and configuration are a small fraction of it.
    expect(warm.parsed).toBeLessThan(warm.stdout.length / 10);
    const warmText = run('text');
    const coldText = spawnSync(process.execPath, [bin, 'check', repo.root, '--no-cache', '--only', DOC_RULES_ARG], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    const withoutTiming = (text: string) => text.replace(/ · \d+ ms\n$/, '').replace(/files: .*$/m, '');
    expect(withoutTiming(warmText.stdout)).toBe(withoutTiming(coldText.stdout));
  });
});
