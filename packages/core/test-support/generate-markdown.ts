import { createRandom } from './random.js';

/**
 * Seeded generator of markdown documents that mix the constructs the style rules care
 * about (heading styles, nested lists and quotes, fences, tabs, trailing spaces, long
 * lines, tables, links, definitions, inline config comments) in random order, so the
 * differential tests explore combinations no handwritten fixture covers.
 */

const WORDS = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau'.split(
  ' ',
);

export function generateMarkdown(seed: number, blocks = 40): string {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const int = (max: number) => Math.floor(random() * max);
  const words = (count: number) => Array.from({ length: count }, () => pick(WORDS)).join(' ');
  const trailing = () => pick(['', '', '', ' ', '  ', '   ', '\t']);
  const inline = () =>
    pick([
      words(3 + int(20)),
      `${words(3)} \`${words(2)}\` ${words(int(12))}`,
      `${words(2)} [${words(2 + int(8))}](https://example.com/${words(1)}/${'x'.repeat(int(60))}) ${words(int(6))}`,
      `[${words(1)}](./${pick(WORDS)}.md#${pick(WORDS)})`,
      `<https://example.com/${'y'.repeat(50 + int(50))}>`,
      `![${pick(['', words(2)])}](img/${'z'.repeat(int(90))}.png)`,
      `*${words(4)}* and **${words(3 + int(10))}**`,
      `${words(2)}\t${words(3)}`,
      `${words(10 + int(10))} [ref][${pick(WORDS)}]`,
    ]) + trailing();
  // A run of exactly `length` characters of words, for lines whose last word starts right at,
  // before or after a line-length limit (markdownlint 0.40 measures up to the last word's start).
  const prefixOf = (length: number) => {
    let text = words(1);
    while (text.length < length) text += ` ${pick(WORDS)}`;
    return text.slice(0, length);
  };
  const unwrappable = () => `${'u'.repeat(20 + int(60))}/${'v'.repeat(int(60))}`;
  // Shapes whose findings changed between markdownlint 0.38 and 0.42: long unwrappable lines,
  // a last word starting around the limit, URLs, e-mails and version strings (`pkg@1.2.3`),
  // escapes and entities beside links, non-breaking spaces, lines ending in white space.
  const longLine = () =>
    pick([
      unwrappable(),
      `${pick(['', '  ', '> ', '# ', '>  '])}${unwrappable()}`,
      `${prefixOf(pick([38, 39, 40, 49, 50, 59, 60, 69, 70, 71, 72, 78, 79, 80, 81]))} ${unwrappable()}`,
      `${prefixOf(75 + int(10))} https://example.com/${'p'.repeat(int(70))}`,
      `- https://example.com/${'q'.repeat(40 + int(60))}`,
      `* ${words(1)}@example.com ${pick(['smol-toml@1.9.0', 'a@b.c1', 'x@y.io.', 'fast-toml@0.5.4'])} ${prefixOf(40 + int(50))}`,
      `- [${words(1)}](#${pick(WORDS)})${pick(['<sup>\\+</sup>', '&amp;', '\\*', '&lt;me@example.org&gt;'])} ${prefixOf(int(80))}`,
      `${prefixOf(70 + int(20))}${pick([' ', '  ', '\t', '\u00a0', '\u00a0x'])}`,
      `${prefixOf(30 + int(40))}\u00a0${unwrappable()}`,
      `${'`'}${prefixOf(50 + int(50))}${'`'}${pick(['', ' ', '  ', '\t'])}`,
    ]);
  const out: string[] = [];
  if (random() < 0.3) {
    out.push(
      '---',
      pick([`title: ${words(3 + int(20))}`, `Title = "${words(2)}"`, `name: ${words(2)}`, '"title": x']),
      ...(random() < 0.2 ? ['<!-- markdownlint-disable MD013 -->'] : []),
      ...(random() < 0.3 ? [prefixOf(90 + int(30)), `a\t${words(2)}  `] : []),
      '---',
      '',
    );
  }
  for (let block = 0; block < blocks; block++) {
    switch (int(16)) {
      case 12:
      case 13: {
        const lines = 1 + int(4);
        for (let i = 0; i < lines; i++) out.push(longLine());
        out.push('');
        break;
      }
      case 14:
        // Inline code spans and tabs beside them (MD010 counts the column after a span as code).
        out.push(`${words(2)} \`${words(1 + int(3))}\`${pick(['\t', ' \t', ''])}${words(2)}${trailing()}`, '');
        break;
      case 15: {
        // Heading levels that skip, after a front matter title or not (MD001 0.39).
        const level = 2 + int(4);
        out.push(
          `${'#'.repeat(level)} ${words(2)}`,
          '',
          `${'#'.repeat(Math.min(6, level + 1 + int(2)))} ${words(2)}`,
          '',
        );
        break;
      }
      case 0: {
        const level = 1 + int(6);
        const hashes = '#'.repeat(level);
        out.push(
          pick([
            `${hashes} ${words(2 + int(16))}`,
            `${hashes} ${words(2)} ${hashes}`,
            `${' '.repeat(int(4))}${hashes} ${words(3)}`,
          ]) + trailing(),
          '',
        );
        break;
      }
      case 1:
        out.push(words(2 + int(14)), pick(['===', '---', '==========']), '');
        break;
      case 2: {
        const lines = 1 + int(5);
        for (let i = 0; i < lines; i++) out.push(inline());
        out.push('');
        break;
      }
      case 3:
      case 4: {
        const marker = pick(['-', '*', '+', '1.']);
        const items = 1 + int(6);
        let depth = 0;
        // One indent unit per list: mixing units produces lines indented 4+ spaces but less
        // than their item's content column, which markdown-it parses differently (README).
        const unit = marker === '1.' ? pick([3, 4]) : pick([2, 2, 3, 4]);
        for (let i = 0; i < items; i++) {
          depth = i === 0 ? 0 : Math.max(0, Math.min(depth + pick([-1, 0, 0, 1]), 4));
          const indent = ' '.repeat(depth * unit + (depth === 0 && random() < 0.1 ? 1 : 0));
          const itemMarker = depth > 0 && unit >= 3 && random() < 0.3 ? pick(['-', '1.']) : marker;
          out.push(`${indent}${itemMarker} ${inline()}`);
          if (random() < 0.2) out.push(`${indent}  ${inline()}`);
        }
        out.push('');
        break;
      }
      case 5: {
        const prefix = pick(['> ', '>', '> > ', '>  ']);
        out.push(`${prefix}${inline()}`, `${prefix}- ${words(3)}`, `${prefix}  - ${words(3)}${trailing()}`, '');
        break;
      }
      case 6: {
        const fence = pick(['```', '~~~', '````']);
        out.push(`${fence}${pick(['', 'js', 'text', 'sh'])}`);
        const lines = 1 + int(4);
        for (let i = 0; i < lines; i++) out.push(`${pick(['', '\t', '    '])}${words(2 + int(20))}${trailing()}`);
        if (random() < 0.9) out.push(fence);
        out.push('');
        break;
      }
      case 7:
        out.push(`    ${words(3 + int(20))}${trailing()}`, `\t${words(3)}`);
        // White-space-only lines right after indented code: micromark's block runs through the
        // ones indented as code (MD009, MD010 skip them), markdown-it's ends at the last text line.
        if (random() < 0.5)
          for (let i = 1 + int(3); i > 0; i--) out.push(pick(['    ', '      ', '\t', ' \t', '  ', '   ', '']));
        if (random() < 0.3) out.push(words(2));
        out.push('');
        break;
      case 8: {
        out.push(`| ${words(2)} | ${words(1 + int(10))} |`, '| --- | --- |');
        for (let i = 0; i < 1 + int(3); i++) out.push(`| ${words(1 + int(12))} | ${words(2)}\t|${trailing()}`);
        if (random() < 0.5)
          out.push(`| ${unwrappable()} | [${words(1)}](https://example.com/${'t'.repeat(int(60))}) |`);
        if (random() < 0.3) out.push(`| ${words(1)}@${words(1)}.dev | \`${prefixOf(60 + int(30))}\` |`);
        out.push('');
        break;
      }
      case 9:
        out.push(`[${pick(WORDS)}]: https://example.com/${'d'.repeat(int(90))} "${words(2)}"`, '');
        break;
      case 10:
        out.push(
          pick([
            '<!-- markdownlint-disable MD013 -->',
            '<!-- markdownlint-enable MD013 -->',
            '<!-- markdownlint-disable-next-line -->',
            '<!-- markdownlint-disable whitespace -->',
            '<!-- markdownlint-enable -->',
            '<!-- markdownlint-capture -->',
            '<!-- markdownlint-restore -->',
            `<!-- ${words(3)} -->`,
            // markdownlint's line rules see comment text cleared: no tabs or trailing spaces inside.
            `<!-- ${words(2)}\t${words(1)}${trailing()}\n${prefixOf(60 + int(40))}${trailing()}\n${words(2)} -->`,
            `${words(3)} <!-- ${words(2)}\t${prefixOf(int(90))}${trailing()}\n${words(1)} --> ${words(2)}${trailing()}`,
            `${words(2)} <!-- -${words(1)}\t${words(1)} --> ${prefixOf(int(90))}`,
          ]),
        );
        break;
      default:
        out.push('<div>', '', `${inline()}`, '', '</div>', '');
        break;
    }
  }
  return out.join(pick(['\n', '\n', '\r\n']));
}
