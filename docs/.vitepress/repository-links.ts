import path from 'node:path';
import type { MarkdownRenderer } from 'vitepress';

type StateCore = Parameters<Parameters<MarkdownRenderer['core']['ruler']['push']>[1]>[0];
type Token = StateCore['tokens'][number];

const SCHEME = /^[a-z][a-z\d+.-]*:/i;

/**
 * Rewrites relative links written for GitHub (where README.md sits at the repository root and every
 * other page under docs/) into links of the site, whose root is docs/.
 *
 * - The home page (index.md) is README.md included whole, so its links are relative to the root:
 *   `docs/rules.md#x` becomes `rules.md#x`.
 * - `../README.md` from a docs page is the home page.
 * - A file outside docs/ (CONTRIBUTING.md, a source file) is not on the site: with `repository`
 *   (`owner/name`) it links to GitHub, else it stays as text, so the site has no link that 404s.
 */
export function rewriteRepositoryLinks(md: MarkdownRenderer, { repository }: { repository?: string } = {}): void {
  md.core.ruler.push('warmbuild_repository_links', (state) => {
    const page = state.env?.relativePath;
    if (typeof page !== 'string') return;
    // Where the page's text lives in the repository: the home page is the root README.
    const sourceDir = page === 'index.md' ? '' : path.posix.join('docs', path.posix.dirname(page));
    for (const block of state.tokens) {
      if (block.type !== 'inline' || !block.children) continue;
      const children = block.children;
      for (let i = 0; i < children.length; i++) {
        const token = children[i]!;
        if (token.type !== 'link_open') continue;
        const href = token.attrGet('href');
        if (!href || href.startsWith('#') || href.startsWith('/') || SCHEME.test(href)) continue;
        const [, file = '', rest = ''] = /^([^?#]*)(.*)$/.exec(href) ?? [];
        if (!file) continue;
        const target = path.posix.normalize(path.posix.join(sourceDir, decodeURI(file)));
        let onSite: string | undefined;
        if (target === 'README.md') onSite = 'index.md';
        else if (target.startsWith('docs/')) onSite = target.slice('docs/'.length);
        if (onSite !== undefined) {
          const pageDir = path.posix.dirname(page);
          const relative = path.posix.relative(pageDir, onSite) || path.posix.basename(onSite);
          token.attrSet('href', encodeURI(relative) + rest);
        } else if (repository) {
          token.attrSet('href', `https://github.com/${repository}/blob/HEAD/${encodeURI(target)}${rest}`);
        } else {
          unlink(children, i, target);
        }
      }
    }
  });
}

/** Turns the link at `open` into a span that names the repository path it pointed to. */
function unlink(children: Token[], open: number, target: string): void {
  let depth = 0;
  for (let j = open; j < children.length; j++) {
    if (children[j]!.type === 'link_open') depth++;
    else if (children[j]!.type === 'link_close' && --depth === 0) {
      const TokenClass = tokenClass(children[open]!);
      children[open] = Object.assign(new TokenClass('span_open', 'span', 1), {
        attrs: [['title', `${target} in the repository`]] as [string, string][],
      });
      children[j] = new TokenClass('span_close', 'span', -1);
      return;
    }
  }
}

/** The Token class of markdown-it that made `token`, without a direct dependency on markdown-it. */
function tokenClass(token: Token): new (type: string, tag: string, nesting: Token['nesting']) => Token {
  return token.constructor as new (
    type: string,
    tag: string,
    nesting: Token['nesting'],
  ) => Token;
}
