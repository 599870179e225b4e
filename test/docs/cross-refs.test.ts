import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, keys, runDocs } from './helpers.js';

const LINK_RULES = ['broken-link', 'missing-anchor', 'link-case-mismatch', 'broken-reference'];

const SETUP = `# Setup

## Install

Text.

## Usage

## Usage

<a id="custom-id"></a>

### Ünïcödé & Punctuation: Done!
`;

const README = `# Title

[ok](docs/setup.md)
[bad](docs/nope.md)
[case](Docs/Setup.md)
[anchor](docs/setup.md#install)
[bad anchor](docs/setup.md#instal)
[duplicate](docs/setup.md#usage-1)
[explicit](docs/setup.md#custom-id)
[unicode](docs/setup.md#ünïcödé--punctuation-done)
[self](#title)
[self bad](#nope)
[dir](docs/)
[dir bad](missing/)
![image](img/missing.png)
[percent](docs/my%20file.md)
[angle](<docs/my file.md>)
[query](docs/setup.md?plain=1#install)
[escape](../outside.md)
[github blob missing](https://github.com/acme/repo/blob/main/docs/nope.md)
[github tree ok](https://github.com/acme/repo/tree/main/docs)
[external](https://example.com/nope.md)
[mail](mailto:someone@example.com)
[ref one][r1] and [ref two][r2]

[r1]: docs/setup.md#usage
[r2]: docs/gone.md

Mentions: \`docs/setup.md\`, \`docs/missing.md\`, \`setup.md\` resolved from here fails.
Code is not a link: \`[x](code-span.md)\`.

\`\`\`md
[x](in-a-fence.md)
\`\`\`

<!-- INCLUDE: docs/gone.md -->
<!-- INCLUDE: docs/setup.md -->
<!-- TODO: translation -->
`;

describe('cross-references', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('reports broken links, anchors, case mismatches and references with target, resolved path and suggestion', async () => {
    const repo = createRepo({
      'README.md': README,
      'docs/setup.md': SETUP,
      'docs/my file.md': '# Spaces\n',
      'package.json': JSON.stringify({ name: 'x', repository: 'github:acme/repo' }),
    });
    cleanup = repo.cleanup;
    const { findings } = await runDocs(repo.root);
    expect(keys(findings, LINK_RULES)).toEqual(
      [
        'README.md:4 broken-link docs/nope.md',
        'README.md:5 link-case-mismatch Docs/Setup.md',
        'README.md:7 missing-anchor docs/setup.md#instal',
        'README.md:12 missing-anchor #nope',
        'README.md:14 broken-link missing/',
        'README.md:15 broken-link img/missing.png',
        'README.md:19 broken-link ../outside.md',
        'README.md:20 broken-link https://github.com/acme/repo/blob/main/docs/nope.md',
        'README.md:27 broken-link docs/gone.md',
        'README.md:29 broken-reference docs/missing.md',
        'README.md:29 broken-reference setup.md',
        'README.md:36 broken-reference docs/gone.md',
      ].sort(),
    );
    const anchor = findings.find((finding) => finding.target === 'docs/setup.md#instal');
    expect(anchor).toMatchObject({
      resolved: 'docs/setup.md',
      anchor: 'instal',
      didYouMean: 'install',
      severity: 'error',
    });
    expect(anchor?.message).toContain('did you mean "#install"');
    const caseMismatch = findings.find((finding) => finding.rule === 'link-case-mismatch');
    expect(caseMismatch).toMatchObject({ resolved: 'Docs/Setup.md', actual: 'docs/setup.md', column: 1 });
    const outside = findings.find((finding) => finding.target === '../outside.md');
    expect(outside?.message).toContain('outside the repository root');
  });

  it('recomputes links into a changed file and reuses everything else', async () => {
    const repo = createRepo({
      'README.md': '# Readme\n\n[install](docs/setup.md#install)\n[later](docs/later.md)\n',
      'other.md': '# Other\n\n[readme](README.md#readme)\n',
      'docs/setup.md': SETUP,
    });
    cleanup = repo.cleanup;
    const first = await runDocs(repo.root);
    expect(keys(first.findings, LINK_RULES)).toEqual(['README.md:4 broken-link docs/later.md']);

    const warm = await runDocs(repo.root);
    expect(keys(warm.findings)).toEqual(keys(first.findings));
    expect(warm.misses).toBe(0);

    repo.write('docs/setup.md', '# Setup\n\n## Installation\n');
    repo.write('docs/later.md', '# Later\n');
    const edited = await runDocs(repo.root);
    expect(keys(edited.findings, LINK_RULES)).toEqual(['README.md:3 missing-anchor docs/setup.md#install']);
    expect(edited.findings[0]).toMatchObject({ didYouMean: 'installation' });

    repo.remove('docs/later.md');
    const removed = await runDocs(repo.root);
    expect(keys(removed.findings, LINK_RULES)).toEqual([
      'README.md:3 missing-anchor docs/setup.md#install',
      'README.md:4 broken-link docs/later.md',
    ]);
  });

  it('handles link destinations with percent-encoding, spaces, angle brackets, queries and escapes', async () => {
    const repo = createRepo({
      'a.md': [
        '# A',
        '',
        '[pct ok](b%20c.md)',
        '[pct bad](b%2Fc.md)',
        '[broken percent](100%.md)',
        '[angle ok](<b c.md#heading>)',
        '[query ok](b%20c.md?x=1&y=2)',
        '[query bad](missing.md?x=1)',
        '[escaped paren](d\\(1\\).md)',
        '[entity](b&#32;c.md)',
        '[root escape](../../../etc/passwd)',
        '[absolute ok](/b%20c.md)',
        '',
      ].join('\n'),
      'b c.md': '# Heading\n',
      'd(1).md': '# D\n',
    });
    cleanup = repo.cleanup;
    const { findings } = await runDocs(repo.root);
    expect(keys(findings, LINK_RULES)).toEqual([
      'a.md:11 broken-link ../../../etc/passwd',
      'a.md:4 broken-link b%2Fc.md',
      'a.md:5 broken-link 100%.md',
      'a.md:8 broken-link missing.md?x=1',
    ]);
    expect(findings.find((finding) => finding.target === 'b%2Fc.md')).toMatchObject({ resolved: 'b/c.md' });
  });
  it('an explicit heading id (`## Title {#custom-id}`, VitePress and Docusaurus) is an anchor, and so is its GitHub slug', async () => {
    const repo = createRepo({
      'a.md': [
        '# A',
        '',
        '## Install steps {#install}',
        '',
        '[id](#install) [slug](#install-steps-install) [neither](#install-steps) [other](b.md#setup)',
        '',
      ].join('\n'),
      'b.md': '# B\n\n### Setup the thing {#setup}\n',
    });
    cleanup = repo.cleanup;
    const { findings } = await runDocs(repo.root);
    expect(keys(findings, LINK_RULES)).toEqual(['a.md:5 missing-anchor #install-steps']);
  });
  it('an extensionless or .html link to a markdown page (VitePress, Docusaurus, MkDocs routes) is that page, anchors included', async () => {
    const repo = createRepo({
      'api/intro.md': [
        '# Intro',
        '',
        '[core](./reactivity-core#ref) [html](./reactivity-core.html#computed) [gone](./reactivity-gone)',
        '[bad anchor](./reactivity-core#nope) [dir](../api) [asset](./logo.png)',
        '',
      ].join('\n'),
      'api/reactivity-core.md': '# Core\n\n## ref() {#ref}\n\n## computed()\n',
    });
    cleanup = repo.cleanup;
    const { findings } = await runDocs(repo.root);
    expect(keys(findings, LINK_RULES)).toEqual([
      'api/intro.md:3 broken-link ./reactivity-gone',
      'api/intro.md:4 broken-link ./logo.png',
      'api/intro.md:4 missing-anchor ./reactivity-core#nope',
    ]);
    expect(findings.find((finding) => finding.rule === 'missing-anchor')?.resolved).toBe('api/reactivity-core.md');
  });
});
