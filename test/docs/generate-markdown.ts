import { createRandom } from '../random.js';

/**
 * Seeded generator of markdown documents that mix the constructs the style rules care
 * about (heading styles, nested lists and quotes, fences, tabs, trailing spaces, long
 * lines, tables, links, definitions, inline config comments) in random order, so the
 * differential tests explore combinations no handwritten fixture covers.
 */

const WORDS = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau'.split(' ');

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
  const out: string[] = [];
  if (random() < 0.3) out.push('---', `title: ${words(3 + int(20))}`, '---', '');
  for (let block = 0; block < blocks; block++) {
    switch (int(12)) {
      case 0: {
        const level = 1 + int(6);
        const hashes = '#'.repeat(level);
        out.push(pick([`${hashes} ${words(2 + int(16))}`, `${hashes} ${words(2)} ${hashes}`, `${' '.repeat(int(4))}${hashes} ${words(3)}`]) + trailing(), '');
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
        out.push(`    ${words(3 + int(20))}${trailing()}`, `\t${words(3)}`, '');
        break;
      case 8: {
        out.push(`| ${words(2)} | ${words(1 + int(10))} |`, '| --- | --- |');
        for (let i = 0; i < 1 + int(3); i++) out.push(`| ${words(1 + int(12))} | ${words(2)}\t|${trailing()}`);
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
