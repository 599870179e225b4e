import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type MarkdownItType from 'markdown-it';
import { generateMarkdown } from '../../test-support/generate-markdown.js';
import { createParseEnv, markdownParser } from './markdown-parser.js';

const MarkdownIt = createRequire(import.meta.url)('markdown-it') as typeof MarkdownItType;

/** markdown-it as shipped, with the same preset, options and enabled rules as markdownParser(). */
function stockParser(): MarkdownItType {
  const md = new MarkdownIt('commonmark', { html: true });
  md.set({ maxNesting: 200 } as never);
  md.enable(['table', 'strikethrough']);
  md.normalizeLink = (url: string) => url;
  md.normalizeLinkText = (url: string) => url;
  md.validateLink = () => true;
  return md;
}

const EDGES = [
  '',
  '   ',
  '# A\n   ',
  '# A\n\t',
  'para\n\n  \n\t\n',
  '\tcode\n  \tmixed\n    four\n',
  'a\r\nb\rc\n',
  'nul \0 here\n',
  '- a\n\t- b\n  \t- c\n',
  '> quote\n>\tcode\n',
  '[x]: /u\n[X]: /v\n[y]: </w w> "t"\n\n[x] [y][] [z]\n',
  'text with *emph* and _under_ and ~~strike~~ and `code` and <b>html</b> &amp; x@y.io\n',
];

describe('markdownParser', () => {
  it("produces markdown-it's own block structure (fast line marks, normalize, reference env)", () => {
    const stock = stockParser();
    const documents = [...EDGES, ...Array.from({ length: 60 }, (_, seed) => generateMarkdown(seed, 50))];
    for (const text of documents) {
      const ours = markdownParser().parse(text, createParseEnv());
      const theirs = stock.parse(text, {});
      const shape = (
        tokens: {
          type: string;
          map: [number, number] | null;
          markup: string;
          info: string;
          content: string;
          level: number;
        }[],
      ) => tokens.map((token) => [token.type, token.map, token.markup, token.info, token.content, token.level]);
      expect(shape(ours), JSON.stringify(text)).toEqual(shape(theirs));
    }
  });

  it('parses inline content where a construct can be, with the same tokens as markdown-it', () => {
    const stock = stockParser();
    for (const text of [...EDGES, ...Array.from({ length: 30 }, (_, seed) => generateMarkdown(seed + 100, 40))]) {
      const ours = markdownParser().parse(text, createParseEnv());
      const theirs = stock.parse(text, {});
      ours.forEach((token, index) => {
        if (token.type !== 'inline' || token.children!.length === 0) return;
        const children = (list: { type: string; content: string; markup: string }[]) =>
          list.map((child) => [child.type, child.content, child.markup]);
        expect(children(token.children!), JSON.stringify(token.content)).toEqual(children(theirs[index].children!));
      });
    }
  });

  it("records each reference definition's new labels once", () => {
    const env = createParseEnv();
    markdownParser().parse('[a]: /1\n[A]: /2\n[b]: /3\n', env);
    expect(env.definitions.map((definition) => definition.labels)).toEqual([['A'], [], ['B']]);
  });
});
