import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getVersion } from 'markdownlint';
import { lint } from 'markdownlint/sync';
import { lintMarkdownFile } from './lint-file.js';
import { MARKDOWNLINT_VERSION, STYLE_RULES } from './style-rules.js';
import { generateMarkdown } from '../../test-support/generate-markdown.js';
import { realMarkdownFiles } from '../../test-support/markdown-corpus.js';

/**
 * markdownlint is the oracle: for every document and configuration, warmbuild's six style
 * rules must report exactly markdownlint's findings (line, column, rule, message with details).
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixtureDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-support/fixtures/style');
const ALIASES = new Set(STYLE_RULES.map((rule) => rule.alias));
const ALIAS_OF = new Map(STYLE_RULES.map((rule) => [rule.id, rule.alias]));

const CONFIGS: Record<string, Record<string, unknown>> = {
  defaults: {},
  strictish: {
    MD003: { style: 'atx' },
    MD007: { indent: 4, start_indented: true, start_indent: 2 },
    MD009: { br_spaces: 0, strict: true },
    MD010: { code_blocks: false },
    MD013: { line_length: 60, code_blocks: false, tables: false, headings: false, stern: true },
  },
  stern: {
    MD003: { style: 'setext_with_atx' },
    MD009: { br_spaces: 2, strict: true },
    MD010: { ignore_code_languages: ['js'] },
    MD013: { line_length: 70, heading_line_length: 50, code_block_line_length: 100, stern: true },
  },
  strict: {
    MD003: { style: 'setext_with_atx_closed' },
    MD007: { indent: 3 },
    MD009: { br_spaces: 3, list_item_empty_lines: false },
    MD013: { strict: true, line_length: 40, tables: true },
  },
  closed: { MD003: { style: 'atx_closed' }, MD013: false, default: true },
  tagsOff: { whitespace: false, MD013: { line_length: 100 } },
  // Options and keys markdownlint 0.39+ reads: `enabled`/`severity` in a rule's object,
  // MD009 `code_blocks`, MD001 `front_matter_title`, zero limits kept as zero (`??`, not `||`).
  newer: {
    MD001: { front_matter_title: '^\\s*heading\\s*:', severity: 'warning' },
    MD007: { indent: 0 },
    MD009: { code_blocks: true, br_spaces: 2 },
    MD010: { enabled: false, code_blocks: false },
    MD013: { line_length: 50, heading_line_length: 0, code_block_line_length: 30, severity: 'warning' },
  },
  untitled: {
    default: 'warning',
    MD001: { front_matter_title: '' },
    MD009: { br_spaces: 1 },
    MD013: { line_length: 72, tables: false },
  },
};

/**
 * markdownlint's findings for one text, kept under node_modules/.cache by a hash of the oracle's
 * version, the configuration and the text: markdownlint (micromark) is what makes the real-document
 * comparison slow, and for the same three inputs it answers the same.
 */
const oracleCacheDir = path.join(repoRoot, 'node_modules/.cache/warmbuild-markdownlint-oracle');

function oracle(text: string, config: Record<string, unknown>): string[] {
  const onlySix = { default: false, ...Object.fromEntries([...ALIASES].map((alias) => [alias, true])), ...config };
  const key = createHash('sha256')
    .update(JSON.stringify([getVersion(), onlySix, text]))
    .digest('hex');
  const cached = path.join(oracleCacheDir, `${key}.json`);
  try {
    return JSON.parse(fs.readFileSync(cached, 'utf8')) as string[];
  } catch {
    // Not computed yet (or unreadable): ask markdownlint.
  }
  const result = lint({ strings: { doc: text }, config: onlySix, handleRuleFailures: true });
  const findings = result.doc
    .filter((error) => ALIASES.has(error.ruleNames[0]))
    .map(
      (error) =>
        `${error.lineNumber}:${error.errorRange?.[0] ?? 1} ${error.ruleNames[0]} ${error.ruleDescription}${error.errorDetail ? ` [${error.errorDetail}]` : ''}`,
    )
    .sort();
  fs.mkdirSync(oracleCacheDir, { recursive: true });
  fs.writeFileSync(cached, JSON.stringify(findings));
  return findings;
}

/** Findings one side has and the other has not (as many times as they differ), labelled. */
function differences(label: string, expected: string[], actual: string[]): string[] {
  const only = (left: string[], right: string[]) => {
    const rest = [...right];
    return left.filter((item) => {
      const at = rest.indexOf(item);
      if (at === -1) return true;
      rest.splice(at, 1);
      return false;
    });
  };
  return [
    ...only(expected, actual).map((item) => `only markdownlint ${label} ${item}`),
    ...only(actual, expected).map((item) => `only warmbuild ${label} ${item}`),
  ];
}

function ours(text: string, config: Record<string, unknown>): string[] {
  const onlySix = { default: false, ...Object.fromEntries([...ALIASES].map((alias) => [alias, true])), ...config };
  return lintMarkdownFile(Buffer.from(text), { config: onlySix, noInlineConfig: false })
    .style.map((finding) => `${finding.line}:${finding.column} ${ALIAS_OF.get(finding.rule)} ${finding.message}`)
    .sort();
}

describe(`style rules agree with markdownlint ${MARKDOWNLINT_VERSION}`, () => {
  it('the installed oracle is the release the rules are ported from (and the cache key names)', () => {
    // Upgrading the dev dependency without porting its rule changes fails here first.
    expect(getVersion()).toBe(MARKDOWNLINT_VERSION);
  });

  const fixtures = fs.readdirSync(fixtureDir).filter((name) => name.endsWith('.md'));
  for (const name of fixtures) {
    for (const [configName, config] of Object.entries(CONFIGS)) {
      it(`${name} with ${configName}`, () => {
        const text = fs.readFileSync(path.join(fixtureDir, name), 'utf8');
        const expected = oracle(text, config);
        expect(ours(text, config)).toEqual(expected);
      });
    }
  }

  it('reports something on every fixture (the comparison is not vacuous)', () => {
    for (const name of fixtures) {
      expect(ours(fs.readFileSync(path.join(fixtureDir, name), 'utf8'), CONFIGS.defaults).length, name).toBeGreaterThan(
        0,
      );
    }
  });

  it('agrees on 300 generated documents across every configuration', () => {
    let compared = 0;
    const configs = Object.entries(CONFIGS);
    const found: string[] = [];
    for (let seed = 1; seed <= 300; seed++) {
      const text = generateMarkdown(seed);
      const [name, config] = configs[seed % configs.length];
      const expected = oracle(text, config);
      found.push(...differences(`seed ${seed} (${name})`, expected, ours(text, config)));
      compared += expected.length;
    }
    expect(found).toEqual([]);
    expect(compared).toBeGreaterThan(1000);
    // markdownlint's own run is the slow part, paid once per generator change (cached after).
  }, 300_000);

  it("agrees on this repository's markdown with its own .markdownlint.json", () => {
    const config = JSON.parse(fs.readFileSync(path.join(repoRoot, '.markdownlint.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const files = realMarkdownFiles(repoRoot).filter((file) => !file.includes(`${path.sep}node_modules${path.sep}`));
    expect(files.length).toBeGreaterThan(3);
    const found: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      found.push(...differences(path.relative(repoRoot, file), oracle(text, config), ours(text, config)));
    }
    expect(found).toEqual([]);
  });

  // Every markdown file the installed packages ship (READMEs, CHANGELOGs, docs: over a
  // thousand), each under one configuration in turn, defaults for every third one.
  it('agrees on every markdown file shipped in node_modules', () => {
    const files = realMarkdownFiles(repoRoot).filter((file) => file.includes(`${path.sep}node_modules${path.sep}`));
    expect(files.length).toBeGreaterThan(800);
    const configs = Object.entries(CONFIGS);
    const found: string[] = [];
    const perConfig = new Map<string, number>();
    files.forEach((file, index) => {
      const [name, config] = index % 3 === 0 ? ['defaults', CONFIGS.defaults] : configs[index % configs.length];
      const text = fs.readFileSync(file, 'utf8');
      const expected = oracle(text, config);
      perConfig.set(name, (perConfig.get(name) ?? 0) + expected.length);
      found.push(...differences(`(${name}) ${path.relative(repoRoot, file)}`, expected, ours(text, config)));
    });
    expect(found).toEqual([]);
    // Not vacuous: every configuration found plenty to compare.
    for (const [name] of configs) expect(perConfig.get(name) ?? 0, name).toBeGreaterThan(100);
  }, 300_000);
});

describe('white-space-only lines after an indented code block', () => {
  // micromark (markdownlint) ends indented code at the last white-space-only line indented as
  // code; markdown-it at the last line with text. MD009 and MD010 skip code lines.
  const cases = [
    '# T\n\nText:\n\n    cd x\n    \nInstall\n',
    '# T\n\nText:\n\n    cd x\n    \n\nInstall\n',
    '# T\n\n    cd x\n  \n      \n   \nInstall\n',
    '# T\n\n    cd x\n\t\n \t\nInstall\n',
    '# T\n\n    cd x\n   \nInstall\n',
    '# T\n\n    cd x\n    \n',
    '# T\n\n- item\n\n      cd x\n      \n    \n- next\n',
    '# T\n\n1. item\n\n       cd x\n       \n     \nText\n',
  ];
  const configs = [{}, { MD009: { br_spaces: 0 }, MD010: { code_blocks: false } }, { MD009: { strict: true } }];

  it('reports nothing on the white-space line that ends the block (markdownlint 0.42.1)', () => {
    expect(ours(cases[0], {})).toEqual([]);
    expect(oracle(cases[0], {})).toEqual([]);
  });

  it('agrees with markdownlint on each shape', () => {
    const found: string[] = [];
    for (const text of cases)
      for (const config of configs)
        found.push(...differences(JSON.stringify([text, config]), oracle(text, config), ours(text, config)));
    expect(found).toEqual([]);
  });
});

describe('documented differences from markdownlint', () => {
  it('a line indented 4+ spaces but less than its list item content column is code to markdown-it, a lazy continuation to markdownlint', () => {
    // README "Doc validator" lists this: markdown-it applies the list-start test with the inner
    // item's indent, CommonMark (micromark) treats the line as paragraph continuation text.
    const text = '# T\n\n  1. one\n      1. two\n    1. three\t\n';
    const config = { MD009: { br_spaces: 2 } };
    const md009 = (findings: string[]) => findings.filter((finding) => finding.includes('MD009'));
    expect(md009(oracle(text, config))).toEqual(['5:13 MD009 Trailing spaces [Expected: 0 or 2; Actual: 1]']);
    expect(md009(ours(text, config))).toEqual([]);
  });

  it('a block indented under a footnote definition is footnote content to micromark, indented code to markdown-it', () => {
    // README "Doc validator": markdown-it (commonmark preset) has no footnotes; micromark's GFM
    // extension continues a definition with lines indented 4 spaces.
    const text = '# T\n\nText[^1].\n\n[^1]: A note.\n\n    More note \n';
    const config = { MD009: { br_spaces: 2 } };
    const md009 = (findings: string[]) => findings.filter((finding) => finding.includes('MD009'));
    expect(md009(oracle(text, config))).toEqual(['7:14 MD009 Trailing spaces [Expected: 0 or 2; Actual: 1]']);
    expect(md009(ours(text, config))).toEqual([]);
  });
});
