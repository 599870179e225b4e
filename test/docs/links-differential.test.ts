import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, runDocs } from './helpers.js';
import { minus, remarkLinkKeys, warmbuildLinkKeys } from './remark-oracle.js';
import { generateLinkTree } from './generate-link-tree.js';

/**
 * broken-link + missing-anchor against remark-validate-links 13.1.0 (run as remark-cli runs
 * it). Every difference is one of the deliberate ones the README's doc validator section lists,
 * and each is asserted here by name.
 */
const LINK_RULES = ['broken-link', 'missing-anchor', 'link-case-mismatch'];
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

const SETUP = `# Setup

## Install

## Usage

## Usage

## Usage

<a id="custom-id"></a>
<a name="legacy-name"></a>

### Ünïcödé & Punctuation: Done!

## The \`foo\` option

## See [the guide](../README.md)

## 🚀 Rocket launch

## ![logo](../img/logo.png) Logo heading
`;

const README = `# Project Title

Intro with [setup](docs/setup.md) and [a missing file](docs/nope.md).

## Links

- [anchor ok](docs/setup.md#install)
- [anchor typo](docs/setup.md#instal)
- [second usage](docs/setup.md#usage-1)
- [third usage](docs/setup.md#usage-2)
- [no fourth usage](docs/setup.md#usage-3)
- [punctuation](docs/setup.md#ünïcödé--punctuation-done)
- [inline code](docs/setup.md#the-foo-option)
- [link in heading](docs/setup.md#see-the-guide)
- [emoji](docs/setup.md#-rocket-launch)
- [image alt is not heading text](docs/setup.md#-logo-heading)
- [image alt typo](docs/setup.md#logo-logo-heading)
- [self](#links)
- [self missing](#nowhere)
- [dir](docs/)
- [dir missing](missing-dir/)
- [dir readme anchor](docs#guide-intro)
- [dir readme anchor missing](docs#nope)
- ![image ok](img/logo.png)
- ![image missing](img/gone.png)
- [percent](docs/my%20file.md)
- [percent missing](docs/no%20file.md)
- [angle](<docs/my file.md#spaces>)
- [angle missing](<docs/no file.md>)
- [query](docs/setup.md?plain=1#install)
- [query missing](docs/gone.md?raw=true)
- [escape missing](../missing-outside.md)
- [blob ok](https://github.com/acme/repo/blob/main/docs/setup.md#usage)
- [blob missing](https://github.com/acme/repo/blob/main/docs/nope.md)
- [blob anchor missing](https://github.com/acme/repo/blob/main/docs/setup.md#nope)
- [other repo](https://github.com/other/repo/blob/main/nope.md)
- [absolute](/docs/setup.md#install)
- [absolute missing](/docs/absent.md)
- [line](docs/setup.md#L3)
- [external](https://example.com/nope.md)
- [mail](mailto:someone@example.com)
- [ref ok][setup], [ref missing][gone], [ref anchor][bad-anchor]

[setup]: docs/setup.md#usage
[gone]: docs/gone-ref.md
[bad-anchor]: docs/setup.md#not-there

## Deliberate differences

- [case](Docs/Setup.md)
- [missing file with fragment](docs/gone.md#x)
- [html id](docs/setup.md#custom-id)
- [html name](docs/setup.md#legacy-name)
- [fragment case](docs/setup.md#Install)
- [encoded fragment](docs/setup.md#%C3%BCn%C3%AFc%C3%B6d%C3%A9--punctuation-done)
- [blob non-ASCII fragment](https://github.com/acme/repo/blob/main/docs/setup.md#ünïcödé--punctuation-done)
- [readme](#readme)
- [dir trailing slash](docs/#guide-intro)
- [tree missing](https://github.com/acme/repo/tree/main/no-dir)
- [raw missing](https://github.com/acme/repo/raw/main/no.png)
- [escape to an existing file](../outside.md)
- [site route](/guide/getting-started)
- [page route](docs/setup#usage)
- [duplicate definition][dup]
- [front matter](docs/fm.md#title-front-matter-page)

[dup]: docs/setup.md
[dup]: docs/dup-missing.md
`;

const DEEP = `# Deep page

[up](../../README.md#links)
[up missing](../../README.md#gone)
[sibling dir](../../docs/setup.md#usage)
[three up escapes](../../../nope.md)
`;

/** The hand-written tree: the repository is `repo/` inside a directory that also holds `outside.md`. */
function handWritten(repository: boolean) {
  const outer = createRepo({
    'outside.md': '# Outside\n',
    'repo/README.md': README,
    'repo/docs/setup.md': SETUP,
    'repo/docs/README.md':
      '# Guide intro\n\n[back](../README.md#project-title)\n[back missing](../README.md#project)\n[parent directory](..#links)\n',
    'repo/docs/my file.md': '# Spaces\n',
    'repo/docs/fm.md': '---\ntitle: Front matter page\n---\n\n# Page\n',
    'repo/img/logo.png': PNG,
    'repo/sub/deep/page.md': DEEP,
    'repo/package.json': JSON.stringify(repository ? { name: 'x', repository: 'github:acme/repo' } : { name: 'x' }),
  });
  return { ...outer, repo: path.join(outer.root, 'repo') };
}

function line(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  if (index === -1) throw new Error(`no line with ${needle}`);
  return index + 1;
}
const at = (needle: string) => `README.md:${line(README, needle)}`;

describe('broken-link and missing-anchor agree with remark-validate-links', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('on a hand-written tree with the repository known, except for the documented differences', async () => {
    const tree = handWritten(true);
    cleanup = tree.cleanup;
    const { findings } = await runDocs(tree.repo, { only: LINK_RULES });
    const ours = warmbuildLinkKeys(findings);
    const theirs = await remarkLinkKeys(tree.repo, 'https://github.com/acme/repo');

    const onlyRemark = [
      // remark reports a case-only mismatch as a missing file; warmbuild as link-case-mismatch.
      `${at('[case]')} file Docs/Setup.md`,
      // remark reports the missing file and then the fragment in it; warmbuild one broken-link.
      `${at('[missing file with fragment]')} anchor docs/gone.md#x`,
      // remark ignores explicit HTML id/name anchors.
      `${at('[html id]')} anchor docs/setup.md#custom-id`,
      `${at('[html name]')} anchor docs/setup.md#legacy-name`,
      // remark does not percent-decode fragments (GitHub does).
      `${at('[encoded fragment]')} anchor docs/setup.md#%c3%bcn%c3%afc%c3%b6d%c3%a9--punctuation-done`,
      // ... and parses GitHub URLs with \`new URL\`, which percent-encodes a non-ASCII fragment.
      `${at('[blob non-ASCII fragment]')} anchor docs/setup.md#%c3%bcn%c3%afc%c3%b6d%c3%a9--punctuation-done`,
      // remark compares `docs/#x` and `..#x` unnormalised and misses the directory README's headings.
      `${at('[dir trailing slash]')} anchor docs#guide-intro`,
      'docs/README.md:5 anchor #links',
      // remark checks every definition; CommonMark (and warmbuild) use only the first of a label.
      `${at('[dup]: docs/dup-missing.md')} file docs/dup-missing.md`,
      // Nothing named `guide` at the root: a route of the site the docs are published to, which
      // warmbuild does not check (remark resolves it against the repository root).
      `${at('[site route]')} file guide/getting-started`,
      // An extensionless link beside `docs/setup.md` is that page, as site generators route it.
      `${at('[page route]')} file docs/setup`,
      `${at('[page route]')} anchor docs/setup#usage`,
    ].sort();
    const onlyWarmbuild = [
      `${at('[case]')} case Docs/Setup.md`,
      // remark lower-cases fragments before comparing; warmbuild (like markdownlint's MD051) does not.
      `${at('[fragment case]')} anchor docs/setup.md#install`,
      // remark skips `#readme` in GitHub repositories (the repository page's anchor).
      `${at('[readme]')} anchor README.md#readme`,
      // remark checks only blob URLs of the repository; warmbuild tree and raw URLs too.
      `${at('[tree missing]')} file no-dir`,
      `${at('[raw missing]')} file no.png`,
      // remark accepts a relative link that leaves the repository if the file exists there.
      `${at('[escape to an existing file]')} file ../outside.md`,
      // remark-cli without remark-frontmatter reads front matter as a rule and a setext heading.
      `${at('[front matter]')} anchor docs/fm.md#title-front-matter-page`,
    ].sort();

    expect(minus(theirs, ours)).toEqual(onlyRemark);
    expect(minus(ours, theirs)).toEqual(onlyWarmbuild);
    const agreed = minus(ours, onlyWarmbuild);
    expect(agreed).toEqual(
      [
        `${at('[a missing file]')} file docs/nope.md`,
        `${at('[anchor typo]')} anchor docs/setup.md#instal`,
        `${at('[no fourth usage]')} anchor docs/setup.md#usage-3`,
        `${at('[image alt typo]')} anchor docs/setup.md#logo-logo-heading`,
        `${at('[self missing]')} anchor README.md#nowhere`,
        `${at('[dir missing]')} file missing-dir`,
        `${at('[dir readme anchor missing]')} anchor docs#nope`,
        `${at('[image missing]')} file img/gone.png`,
        `${at('[percent missing]')} file docs/no file.md`,
        `${at('[angle missing]')} file docs/no file.md`,
        `${at('[query missing]')} file docs/gone.md`,
        `${at('[escape missing]')} file ../missing-outside.md`,
        `${at('[blob missing]')} file docs/nope.md`,
        `${at('[blob anchor missing]')} anchor docs/setup.md#nope`,
        `${at('[absolute missing]')} file docs/absent.md`,
        `${at('[gone]: ')} file docs/gone-ref.md`,
        `${at('[bad-anchor]: ')} anchor docs/setup.md#not-there`,
        `${at('[missing file with fragment]')} file docs/gone.md`,
        'docs/README.md:4 anchor README.md#project',
        'sub/deep/page.md:4 anchor README.md#gone',
        'sub/deep/page.md:6 file ../nope.md',
      ].sort(),
    );
  });

  it('without a repository: GitHub URLs are external to both; root-relative links and line fragments differ as documented', async () => {
    const tree = handWritten(false);
    cleanup = tree.cleanup;
    const { findings } = await runDocs(tree.repo, { only: LINK_RULES });
    const ours = warmbuildLinkKeys(findings);
    const theirs = await remarkLinkKeys(tree.repo, false);
    expect(ours.some((key) => key.includes('blob') || key.includes(' no-dir') || key.includes(' no.png'))).toBe(false);
    expect(minus(theirs, ours)).toEqual(
      [
        `${at('[case]')} file Docs/Setup.md`,
        `${at('[missing file with fragment]')} anchor docs/gone.md#x`,
        `${at('[html id]')} anchor docs/setup.md#custom-id`,
        `${at('[html name]')} anchor docs/setup.md#legacy-name`,
        `${at('[encoded fragment]')} anchor docs/setup.md#%c3%bcn%c3%afc%c3%b6d%c3%a9--punctuation-done`,
        `${at('[dir trailing slash]')} anchor docs#guide-intro`,
        'docs/README.md:5 anchor #links',
        `${at('[dup]: docs/dup-missing.md')} file docs/dup-missing.md`,
        // Without a GitHub repository remark treats `#L3` as a heading; warmbuild always accepts line fragments.
        `${at('[line]')} anchor docs/setup.md#l3`,
        // An extensionless link beside `docs/setup.md` is that page to warmbuild (site generators' routes).
        `${at('[page route]')} file docs/setup`,
        `${at('[page route]')} anchor docs/setup#usage`,
      ].sort(),
    );
    expect(minus(ours, theirs)).toEqual(
      [
        `${at('[case]')} case Docs/Setup.md`,
        `${at('[fragment case]')} anchor docs/setup.md#install`,
        `${at('[escape to an existing file]')} file ../outside.md`,
        `${at('[front matter]')} anchor docs/fm.md#title-front-matter-page`,
        // remark resolves `/path` only against a known repository; warmbuild always against the root.
        `${at('[absolute missing]')} file docs/absent.md`,
      ].sort(),
    );
  });

  it('on generated trees, after mapping the two systematic differences', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const tree = generateLinkTree(seed);
      const repo = createRepo(tree.files);
      try {
        const { findings } = await runDocs(repo.root, { only: LINK_RULES });
        const theirs = await remarkLinkKeys(repo.root, 'https://github.com/acme/repo');
        // Case-only mismatches: remark's missing file.
        const ours = warmbuildLinkKeys(findings).map((key) => key.replace(' case ', ' file '));
        // Missing file with a fragment: remark reports the fragment too.
        const missingFiles = new Set(
          theirs.filter((key) => key.includes(' file ')).map((key) => key.replace(' file ', ' anchor ')),
        );
        const theirsMapped = theirs.filter(
          (key) => !(key.includes(' anchor ') && missingFiles.has(key.slice(0, key.lastIndexOf('#')))),
        );
        expect({ seed, onlyRemark: minus(theirsMapped, ours), onlyWarmbuild: minus(ours, theirsMapped) }).toEqual({
          seed,
          onlyRemark: [],
          onlyWarmbuild: [],
        });
        // The trees exercise every kind of finding.
        expect(ours.filter((key) => key.includes(' file ')).length).toBeGreaterThan(5);
        expect(ours.filter((key) => key.includes(' anchor ')).length).toBeGreaterThan(5);
        expect(ours.length).toBeLessThan(tree.linkCount);
      } finally {
        repo.cleanup();
      }
    }
  });
});
