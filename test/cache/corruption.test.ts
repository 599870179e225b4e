import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoWithFindings, runCli, tempDir } from '../cli/helpers.js';

/**
 * A warm run must never differ from `--no-cache`, whatever one flipped bit did to the cache:
 * every stored structure (file-state index, directory listings, packs and their sidecars, entry
 * files holding the graph/docs snapshots, meta.json, last-run, usage, lifetime stats) is damaged
 * in turn, at several offsets, and the next two runs are compared with the uncached answer.
 */
function findings(root: string, cacheDir: string | undefined) {
  const result = runCli([
    'check',
    root,
    '--format',
    'json',
    ...(cacheDir ? ['--cache-dir', cacheDir] : ['--no-cache']),
  ]);
  expect(result.stderr).not.toContain('internal error');
  const report = JSON.parse(result.stdout);
  return { code: result.code, findings: report.findings, corrupt: report.stats.cache?.corrupt ?? 0 };
}

function storedFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.lock'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function flipBit(file: string, offset: number, bit: number): void {
  const bytes = fs.readFileSync(file);
  bytes[offset] ^= 1 << bit;
  fs.writeFileSync(file, bytes);
}

describe('a flipped bit anywhere in the cache', () => {
  it('never changes the findings of the next runs', () => {
    const root = repoWithFindings(tempDir());
    const reference = findings(root, undefined);
    expect(reference.findings.length).toBeGreaterThan(8);
    const cacheDir = path.join(tempDir('wb-flip-'), 'cache');
    findings(root, cacheDir); // cold
    findings(root, cacheDir); // warm: the index now vouches for every file
    const pristine = `${cacheDir}.pristine`;
    fs.cpSync(cacheDir, pristine, { recursive: true });
    const files = storedFiles(cacheDir).map((file) => path.relative(cacheDir, file));
    for (const expected of [
      'v1/meta.json',
      'v1/last-run.json',
      'v1/usage.json',
      'v1/stats.json',
      'v1/packs/docs.pack',
      'v1/packs/conflicts.pack',
    ]) {
      expect(files).toContain(expected);
    }
    expect(files.some((file) => file.startsWith('v1/state/files-'))).toBe(true);
    expect(files.some((file) => file.startsWith('v1/state/dirs-'))).toBe(true);
    expect(files.some((file) => file.includes('module-graph'))).toBe(true);

    const failures: string[] = [];
    for (const rel of files) {
      const size = fs.statSync(path.join(cacheDir, rel)).size;
      const offsets = [
        ...new Set(
          [0, Math.floor(size / 3), Math.floor(size / 2), size - 2].filter((offset) => offset >= 0 && offset < size),
        ),
      ];
      for (const [i, offset] of offsets.entries()) {
        fs.rmSync(cacheDir, { recursive: true, force: true });
        fs.cpSync(pristine, cacheDir, { recursive: true });
        flipBit(path.join(cacheDir, rel), offset, i % 8);
        for (const pass of ['first', 'second']) {
          const run = findings(root, cacheDir);
          if (JSON.stringify(run.findings) !== JSON.stringify(reference.findings) || run.code !== reference.code) {
            failures.push(
              `${rel} @${offset} bit ${i % 8}, ${pass} run: ${run.findings.length} findings, exit ${run.code}`,
            );
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 240_000);

  it('in the file-state index (a row marked binary) is counted corrupt, and the findings stay', () => {
    const root = repoWithFindings(tempDir());
    const reference = findings(root, undefined);
    const cacheDir = path.join(tempDir('wb-flip-'), 'cache');
    findings(root, cacheDir);
    findings(root, cacheDir);
    const stateDir = path.join(cacheDir, 'v1/state');
    const index = path.join(stateDir, fs.readdirSync(stateDir).find((name) => name.startsWith('files-'))!);
    const text = fs.readFileSync(index, 'latin1');
    // The case: the last field of the row for src/merge.ts, 0 -> 1 (one bit).
    const row = text.indexOf('"src/merge.ts":[');
    expect(row).toBeGreaterThan(0);
    const last = text.indexOf(',0]', row) + 1;
    flipBit(index, last, 0);
    const damaged = findings(root, cacheDir);
    expect(damaged.findings).toEqual(reference.findings);
    expect(damaged.corrupt).toBeGreaterThanOrEqual(1);
    expect(findings(root, cacheDir).findings).toEqual(reference.findings);
  });
});
