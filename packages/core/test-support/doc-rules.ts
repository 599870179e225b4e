/**
 * The docs check's rules that report on pages (all but docs-config-error), as the docs tests
 * select them: core's unit tests and the root docs tests share this one list.
 */
export const DOC_RULES = [
  'heading-increment',
  'heading-style',
  'ul-indent',
  'no-trailing-spaces',
  'no-hard-tabs',
  'line-length',
  'broken-link',
  'missing-anchor',
  'link-case-mismatch',
  'broken-reference',
  'doc-skipped',
];
