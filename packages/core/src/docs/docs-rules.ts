import type { RuleMeta } from '../checks/types.js';

// The docs check's rules, in the one place every other list is derived from: the check's
// metadata (docs-check.ts), the style rules' implementations (style-rules.ts), and the registry
// (checks/registry.ts), which must know the ids without loading the check. Data only, so the
// registry's import of it costs `warmbuild --help` nothing.

export interface StyleRuleDefinition {
  id: string;
  alias: string;
  description: string;
  /** markdownlint's other names for the rule, for configuration and inline comments. */
  names: string[];
  tags: string[];
}

export const STYLE_RULES: readonly StyleRuleDefinition[] = [
  {
    id: 'heading-increment',
    alias: 'MD001',
    description: 'Heading levels should only increment by one level at a time',
    names: [],
    tags: ['headings'],
  },
  { id: 'heading-style', alias: 'MD003', description: 'Heading style', names: [], tags: ['headings'] },
  {
    id: 'ul-indent',
    alias: 'MD007',
    description: 'Unordered list indentation',
    names: [],
    tags: ['bullet', 'ul', 'indentation'],
  },
  { id: 'no-trailing-spaces', alias: 'MD009', description: 'Trailing spaces', names: [], tags: ['whitespace'] },
  { id: 'no-hard-tabs', alias: 'MD010', description: 'Hard tabs', names: [], tags: ['whitespace', 'hard_tab'] },
  { id: 'line-length', alias: 'MD013', description: 'Line length', names: [], tags: ['line_length'] },
];

export const DOCS_RULES: readonly RuleMeta[] = [
  ...STYLE_RULES.map(
    (rule): RuleMeta => ({ id: rule.id, aliases: [rule.alias], severity: 'warning', description: rule.description }),
  ),
  {
    id: 'broken-link',
    severity: 'error',
    description: 'Relative link or image to a file or directory that does not exist',
  },
  { id: 'missing-anchor', severity: 'error', description: 'Link fragment with no matching heading or HTML anchor' },
  {
    id: 'link-case-mismatch',
    severity: 'error',
    description: 'Link whose path differs from the file on disk only by letter case',
  },
  {
    id: 'broken-reference',
    severity: 'warning',
    description: 'Backtick mention or comment reference to a markdown file that does not exist',
  },
  {
    id: 'doc-skipped',
    severity: 'warning',
    description: 'Markdown file that was not checked (too large, binary, nested too deep) or has invalid UTF-8',
  },
  {
    id: 'docs-config-error',
    severity: 'error',
    description:
      'markdownlint configuration file that cannot be loaded (left out: its directory inherits the configuration above it)',
  },
];
