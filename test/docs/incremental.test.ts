import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo } from './helpers.js';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/core/dist/cli/bin.js');

interface Run {
  findings: { file: string; line: number; rule: string; target?: string; didYouMean?: string }[];
  files: { total: number; read: number; statOnly: number };
  /** From `DEBUG=warmbuild`: markdown files parsed and linted, and files whose links were re-resolved. */
  linted: number;
  crossChecked: number;
}

function check(root: string): Run {
  const result = spawnSync(process.execPath, [bin, 'check', root, '--format', 'json'], {
    encoding: 'utf8',
    env: { ...process.env, DEBUG: 'warmbuild' },
  });
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`warmbuild check exited ${result.status}: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { findings: Run['findings']; stats: { files: Run['files'] } };
  const counts = /warmbuild:docs\s+(\d+) linted, (\d+) cross-checked, (\d+) markdown files/.exec(result.stderr);
  if (!counts) throw new Error(`no docs counters in the debug output:\n${result.stderr}`);
  return {
    findings: report.findings,
    files: report.stats.files,
    linted: Number(counts[1]),
    crossChecked: Number(counts[2]),
  };
}

const summary = (run: Run) => run.findings.map((finding) => `${finding.file}:${finding.line} ${finding.rule}`).sort();

describe('incremental docs runs (the CLI as a process)', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('re-lints exactly the edited file and re-resolves only the files linking to it', () => {
    const repo = createRepo({
      'a.md': '# A\n\n[b](docs/b.md#old-heading)\n',
      'c.md': '# C\n\n[a](a.md#a)\n',
      'docs/b.md': '# B\n\n## Old heading\n',
      'docs/d.md': '# D\n\nTrailing spaces   \n',
      'e.md': '# E\n\n[d](docs/d.md)\n',
      // The style rules run where markdownlint is configured (quiet defaults); one more file read.
      '.markdownlint.json': '{}',
    });
    cleanup = repo.cleanup;
    // Files modified within the file-state index's racy window are re-hashed on every run (git's
    // rule); an hour-old mtime makes the stat-only warm path observable.
    // (utimes changes ctime, which the index compares too: only the written file is backdated.)
    const backdate = (...files: string[]) => {
      const old = new Date(Date.now() - 3_600_000);
      for (const file of files) fs.utimesSync(path.join(repo.root, file), old, old);
    };
    backdate('a.md', 'c.md', 'docs/b.md', 'docs/d.md', 'e.md', '.markdownlint.json');

    const cold = check(repo.root);
    expect(summary(cold)).toEqual(['docs/d.md:3 no-trailing-spaces']);
    expect({ linted: cold.linted, crossChecked: cold.crossChecked, read: cold.files.read }).toEqual({
      linted: 5,
      crossChecked: 5,
      read: 6,
    });

    const warm = check(repo.root);
    expect(summary(warm)).toEqual(summary(cold));
    expect({
      linted: warm.linted,
      crossChecked: warm.crossChecked,
      read: warm.files.read,
      statOnly: warm.files.statOnly,
    }).toEqual({ linted: 0, crossChecked: 0, read: 0, statOnly: 6 });

    repo.write('docs/b.md', '# B\n\n## New heading\n');
    backdate('docs/b.md');
    const renamed = check(repo.root);
    expect(summary(renamed)).toEqual(['a.md:3 missing-anchor', 'docs/d.md:3 no-trailing-spaces']);
    expect(renamed.findings.find((finding) => finding.rule === 'missing-anchor')).toMatchObject({
      target: 'docs/b.md#old-heading',
      didYouMean: 'new-heading',
    });
    // b.md is parsed again; a.md (links into b.md) and b.md are re-resolved; c.md, d.md, e.md are not.
    expect({
      linted: renamed.linted,
      crossChecked: renamed.crossChecked,
      read: renamed.files.read,
      statOnly: renamed.files.statOnly,
    }).toEqual({ linted: 1, crossChecked: 2, read: 1, statOnly: 5 });

    repo.write('docs/b.md', '# B\n\n## Old heading\n');
    backdate('docs/b.md');
    const back = check(repo.root);
    expect(summary(back)).toEqual(summary(cold));
    expect({ linted: back.linted, crossChecked: back.crossChecked, read: back.files.read }).toEqual({
      linted: 1,
      crossChecked: 2,
      read: 1,
    });
  });

  it('re-resolves links into a file that appears or disappears; only the new file is linted', () => {
    const repo = createRepo({ 'a.md': '# A\n\n[later](docs/later.md#intro)\n', 'b.md': '# B\n' });
    cleanup = repo.cleanup;
    const first = check(repo.root);
    expect(summary(first)).toEqual(['a.md:3 broken-link']);

    repo.write('docs/later.md', '# Intro\n');
    const added = check(repo.root);
    expect(summary(added)).toEqual([]);
    expect({ linted: added.linted, crossChecked: added.crossChecked }).toEqual({ linted: 1, crossChecked: 2 });

    repo.remove('docs/later.md');
    const removed = check(repo.root);
    expect(summary(removed)).toEqual(['a.md:3 broken-link']);
    expect({ linted: removed.linted, crossChecked: removed.crossChecked }).toEqual({ linted: 0, crossChecked: 1 });
  });

  it("re-resolves a directory link's fragment when the directory's README changes", () => {
    const repo = createRepo({
      'a.md': '# A\n\n[guide](docs#intro)\n',
      'docs/README.md': '# Intro\n',
      'docs/other.md': '# Other\n',
    });
    cleanup = repo.cleanup;
    expect(summary(check(repo.root))).toEqual([]);
    repo.write('docs/README.md', '# Introduction\n');
    const edited = check(repo.root);
    expect(summary(edited)).toEqual(['a.md:3 missing-anchor']);
    expect(edited.findings[0]).toMatchObject({ didYouMean: 'introduction' });
    expect({ linted: edited.linted, crossChecked: edited.crossChecked }).toEqual({ linted: 1, crossChecked: 2 });
    repo.remove('docs/README.md');
    expect(check(repo.root).findings.map((finding) => finding.rule)).toEqual(['missing-anchor']);
  });
  it('checks a `/path` link once its first segment appears at the root, and stops when it goes', () => {
    const repo = createRepo({
      // A docs site's routes: nothing named `guide` or `chat` at the root.
      'site/index.md': '# Site\n\n[Start](/guide/start) and [chat](/chat), [readme](/README.md#nope)\n',
      'README.md': '# Readme\n',
    });
    cleanup = repo.cleanup;
    expect(summary(check(repo.root))).toEqual(['site/index.md:3 missing-anchor']);
    // Now `guide` is a directory of the repository, so `/guide/start` means a file in it.
    repo.write('guide/other.md', '# Other\n');
    const withGuide = check(repo.root);
    expect(withGuide.findings.map((finding) => `${finding.rule} ${finding.target}`).sort()).toEqual([
      'broken-link /guide/start',
      'missing-anchor /README.md#nope',
    ]);
    fs.rmSync(path.join(repo.root, 'guide'), { recursive: true });
    expect(summary(check(repo.root))).toEqual(['site/index.md:3 missing-anchor']);
  });
  it('an extensionless page link is re-checked when its markdown page appears or goes', () => {
    const repo = createRepo({ 'docs/a.md': '# A\n\n[next](./next#setup)\n' });
    cleanup = repo.cleanup;
    expect(summary(check(repo.root))).toEqual(['docs/a.md:3 broken-link']);
    repo.write('docs/next.md', '# Next\n\n## Setup\n');
    expect(summary(check(repo.root))).toEqual([]);
    repo.write('docs/next.md', '# Next\n\n## Install\n');
    expect(summary(check(repo.root))).toEqual(['docs/a.md:3 missing-anchor']);
    repo.remove('docs/next.md');
    expect(summary(check(repo.root))).toEqual(['docs/a.md:3 broken-link']);
  });
});
