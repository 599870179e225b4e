import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getVersion } from 'markdownlint';
import { createContext } from '../context.js';
import type { Finding } from '../types.js';
import { docsCheck } from './docs-check.js';
import { DOC_RULES } from '../../test-support/doc-rules.js';

async function check(root: string, cacheDir: string | false): Promise<Finding[]> {
  const context = createContext({ root, only: DOC_RULES, cache: cacheDir === false ? false : { cacheDir } });
  try {
    return (await context.runChecks()).findings;
  } finally {
    await context.close();
  }
}

describe('the doc validator across runs', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  it('reports after every change exactly what a run without any cache reports', async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-docs-state-'));
    const cacheDir = path.join(root, '.cache-outside-docs');
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root!, rel)), { recursive: true });
      fs.writeFileSync(path.join(root!, rel), text);
    };
    write('.gitignore', '.cache-outside-docs\n');
    write(
      'README.md',
      '# Repo\n\nSee [install](docs/setup.md#install), [usage](docs/setup.md#usage) and [new](docs/new.md).\n\n![logo](img/logo.png)\n\n`docs/setup.md` [self](#repo)\n',
    );
    write('docs/setup.md', '# Setup\n\n## Install\n\n## Usage\n\nBack to [readme](../README.md#repo).\n');
    write('docs/other.md', '# Other\n\nNothing links here. [setup](setup.md)\n');

    const steps: [string, () => void][] = [
      ['cold', () => undefined],
      ['no change', () => undefined],
      [
        'heading renamed in a linked file',
        () =>
          write('docs/setup.md', '# Setup\n\n## Installation\n\n## Usage\n\nBack to [readme](../README.md#repo).\n'),
      ],
      [
        'style problems in an unlinked file',
        () => write('docs/other.md', `# Other\n\n#### Skipped levels   \n\n\tTabbed ${'long '.repeat(30)}\n`),
      ],
      ['linked file deleted', () => fs.rmSync(path.join(root!, 'docs/setup.md'))],
      ['linked file back', () => write('docs/setup.md', '# Setup\n\n## Install\n\n## Usage\n')],
      [
        'missing targets added',
        () => {
          write('docs/new.md', '# New\n');
          write('img/logo.png', 'png');
        },
      ],
      [
        'configuration changed',
        () => write('.markdownlint.json', '{ "MD013": { "line_length": 20 }, "MD010": false }'),
      ],
      [
        'anchor target renamed back',
        () => write('README.md', '# Repository\n\nSee [install](docs/setup.md#install).\n'),
      ],
    ];
    const seen = new Set<string>();
    for (const [name, change] of steps) {
      change();
      const incremental = await check(root, cacheDir);
      const fresh = await check(root, false);
      expect(incremental, name).toEqual(fresh);
      seen.add(fresh.map((finding) => `${finding.rule}:${finding.file}:${finding.line}`).join('\n'));
    }
    // The steps did change the findings (the comparison is not between empty lists).
    expect(seen.size).toBeGreaterThanOrEqual(6);
  });
});

describe('the doc validator cache key', () => {
  it('names the markdownlint release the style rules are ported from (the installed oracle)', () => {
    // Every docs cache entry is salted with this: cached style findings from a port of another
    // release are never read back. The differential test fails when the oracle is upgraded
    // without porting (and bumping MARKDOWNLINT_VERSION), so an upgrade always changes the key.
    expect(docsCheck.salt?.({})).toContainEqual(expect.stringContaining(`markdownlint@${getVersion()}`));
  });
});
