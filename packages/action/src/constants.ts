/**
 * Input, output and state names, mirrored from action.yml in one place (as actions/cache's
 * src/constants.ts does) so a rename cannot leave a stray string behind.
 */
export enum Inputs {
  Path = 'path',
  Key = 'key',
  Command = 'command',
  Runs = 'runs',
  Warmup = 'warmup',
  GithubToken = 'github-token',
  Comment = 'comment',
  Threshold = 'threshold',
  MinDeltaMs = 'min-delta-ms',
  FailOnRegression = 'fail-on-regression',
  MaxCacheSize = 'max-cache-size',
  Calibrate = 'calibrate',
}

export enum Outputs {
  CacheHit = 'cache-hit',
  RestoredKey = 'restored-key',
  Regressed = 'regressed',
  ReportPath = 'report-path',
  CommentBody = 'comment-body',
}

/** What the main step hands to the post step (through GITHUB_STATE). */
export enum State {
  SavePlan = 'warmbuild-save-plan',
}

export const COMMENT_MODES = ['always', 'on-regression', 'off'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];

/** Defaults, also written in action.yml (a test checks the two agree). */
export const DEFAULTS = {
  [Inputs.Path]: 'node_modules/.cache/warmbuild\nnode_modules/.cache/webpack\nnode_modules/.vite',
  [Inputs.Key]: 'warmbuild',
  [Inputs.Command]: '',
  [Inputs.Runs]: '5',
  [Inputs.Warmup]: '1',
  [Inputs.GithubToken]: '${{ github.token }}',
  [Inputs.Comment]: 'always',
  [Inputs.Threshold]: '10',
  [Inputs.MinDeltaMs]: '100',
  [Inputs.FailOnRegression]: 'false',
  [Inputs.MaxCacheSize]: '512',
  [Inputs.Calibrate]: 'true',
} as const satisfies Record<Inputs, string>;

/** Hidden marker that identifies the one sticky comment on a pull request. */
export const COMMENT_MARKER = '<!-- warmbuild-action:sticky-comment -->';

/** Where plugins write the build report (another part of warmbuild owns the format). */
export const BUILD_REPORT_PATH = 'node_modules/.cache/warmbuild/report.json';

/** Baseline results live in their own small cache entry, outside the build caches. */
export const BASELINE_DIR = 'node_modules/.cache/warmbuild-action/baseline';
export const BASELINE_FILE = 'baseline.json';
export const BASELINE_FORMAT = 1;
