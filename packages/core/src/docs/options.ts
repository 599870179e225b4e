import { MARKDOWNLINT_VERSION } from './style-rules.js';

/**
 * Bumped whenever a change in the docs engine changes findings for the same input. It names the
 * markdownlint release the style rules are ported from: a port of a new release changes the
 * cache key, so no finding cached under the old rules is reused.
 */
export const DOCS_ENGINE_VERSION = `docs-7+markdownlint@${MARKDOWNLINT_VERSION}`;

/** Container nesting markdown-it parses; content below it is not tokenized at all. */
export const MAX_NESTING = 200;

/** Options of the doc validator, as `options.checks.docs`. */
export interface DocsCheckOptions {
  /**
   * markdownlint configuration merged over the one read from the configuration files
   * (keys as in `.markdownlint.json`: `default`, `MD013`, `line-length`, tags...). Non-empty, it
   * counts as the repository's markdownlint configuration (the style rules run).
   * @default {}
   */
  config?: Record<string, unknown>;
  /**
   * Read `.markdownlint-cli2.{jsonc,yaml}` and `.markdownlint.{jsonc,json,yaml,yml}` in every
   * directory from the root down, inherited as markdownlint-cli2 does. Where none applies (and
   * `config` holds no markdownlint options), the six style rules run only when named in `rules`
   * or `only`; the cross-reference rules run everywhere.
   * @default true
   */
  configFiles?: boolean;
  /**
   * GitHub repository (`owner/name` or its URL) whose `blob`/`tree` links count as local links.
   * @default the GitHub remotes in `.git/config` and `repository` in package.json
   */
  repository?: string;
  /**
   * Links not checked by `broken-link`, `missing-anchor` and `link-case-mismatch`: regular
   * expressions (as strings, as markdown-link-check's `ignorePatterns`) matched against each link's
   * target as written. For a docs tree written for a site's router rather than for GitHub, e.g.
   * extensionless relative routes: `["^[^/#.:][^#.:]*(#.*)?$"]`.
   * @default []
   */
  ignoreLinks?: string[];
}
