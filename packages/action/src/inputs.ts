import path from 'node:path';
import { COMMENT_MODES, DEFAULTS, Inputs, type CommentMode } from './constants.js';

/** Everything the action was asked to do, checked. */
export interface ActionInputs {
  /** Cache directories, repo-relative or absolute, one per entry. */
  paths: string[];
  /** Prefix of every cache key. */
  keyPrefix: string;
  /** Build commands to benchmark; empty means cache persistence only. */
  commands: string[];
  runs: number;
  warmup: number;
  githubToken: string;
  comment: CommentMode;
  /** Regression threshold, in percent of the baseline median. */
  threshold: number;
  /** A slowdown smaller than this many milliseconds is never a regression. */
  minDeltaMs: number;
  failOnRegression: boolean;
  /** Bound of warmbuild's cache directory before saving, in bytes. */
  maxCacheBytes: number;
  /** Time a reference workload between runs and correct the baseline for machine speed. */
  calibrate: boolean;
}

/** A bad input value: the message names the input and what it accepts. */
export class InputError extends Error {
  readonly input: Inputs;
  constructor(input: Inputs, accepted: string, got: string) {
    super(`Input "${input}" must be ${accepted}; got ${JSON.stringify(got)}`);
    this.name = 'InputError';
    this.input = input;
  }
}

export type GetInput = (name: string) => string;

function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}

function integer(input: Inputs, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new InputError(input, `a whole number from ${min} to ${max}`, raw);
  }
  return value;
}

function decimal(input: Inputs, raw: string, min: number, max: number, accepted: string): number {
  const value = Number(raw);
  if (raw === '' || !Number.isFinite(value) || value < min || value > max) throw new InputError(input, accepted, raw);
  return value;
}

function boolean(input: Inputs, raw: string): boolean {
  // The same spellings as @actions/core's getBooleanInput (YAML 1.2 core schema).
  if (['true', 'True', 'TRUE'].includes(raw)) return true;
  if (['false', 'False', 'FALSE'].includes(raw)) return false;
  throw new InputError(input, 'true or false', raw);
}

/** Read and check every input; the first bad one throws an InputError. */
export function readInputs(getInput: GetInput, env: NodeJS.ProcessEnv = process.env): ActionInputs {
  const get = (input: Inputs) => {
    const raw = getInput(input).trim();
    // Run outside a workflow (or from a test) nothing fills in action.yml's defaults.
    return raw === '' ? DEFAULTS[input] : raw;
  };

  const paths = lines(get(Inputs.Path));
  if (paths.length === 0)
    throw new InputError(Inputs.Path, 'one or more directories, one per line', getInput(Inputs.Path));
  for (const entry of paths) {
    if (entry.includes(','))
      throw new InputError(Inputs.Path, 'paths without commas (the cache service splits on them)', entry);
    // Cold runs empty these directories, which needs real paths, not patterns.
    if (/[*?[\]{}!]/.test(entry))
      throw new InputError(Inputs.Path, 'directories without glob characters (* ? [ ] { } !)', entry);
    const normalized = path.posix.normalize(entry.replace(/\\/g, '/')).replace(/\/+$/, '');
    if (['.', '..', '~', '/', 'node_modules', ''].includes(normalized) || normalized.startsWith('../')) {
      throw new InputError(
        Inputs.Path,
        'cache directories inside the workspace, not the workspace, node_modules or a parent (cold runs empty them)',
        entry,
      );
    }
  }

  const keyPrefix = get(Inputs.Key);
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(keyPrefix)) {
    throw new InputError(Inputs.Key, "1 to 100 letters, digits, '.', '_' or '-'", keyPrefix);
  }

  const commands = lines(getInput(Inputs.Command));
  const runs = integer(Inputs.Runs, get(Inputs.Runs), 1, 100);
  const warmup = integer(Inputs.Warmup, get(Inputs.Warmup), 0, 20);

  let githubToken = getInput(Inputs.GithubToken).trim();
  if (githubToken === '' || githubToken === DEFAULTS[Inputs.GithubToken]) githubToken = env.GITHUB_TOKEN ?? '';

  const commentRaw = get(Inputs.Comment);
  if (!(COMMENT_MODES as readonly string[]).includes(commentRaw)) {
    throw new InputError(Inputs.Comment, `one of ${COMMENT_MODES.join(', ')}`, commentRaw);
  }

  const thresholdRaw = get(Inputs.Threshold);
  const threshold = decimal(
    Inputs.Threshold,
    thresholdRaw.replace(/%$/, ''),
    0,
    10_000,
    'a percentage from 0 to 10000, such as 10 or 10%',
  );
  const minDeltaMs = decimal(
    Inputs.MinDeltaMs,
    get(Inputs.MinDeltaMs),
    0,
    3_600_000,
    'a number of milliseconds from 0 to 3600000',
  );
  const failOnRegression = boolean(Inputs.FailOnRegression, get(Inputs.FailOnRegression));
  const calibrate = boolean(Inputs.Calibrate, get(Inputs.Calibrate));
  const maxCacheBytes = integer(Inputs.MaxCacheSize, get(Inputs.MaxCacheSize), 1, 1_000_000) * 1024 * 1024;

  return {
    paths,
    keyPrefix,
    commands,
    runs,
    warmup,
    githubToken,
    comment: commentRaw as CommentMode,
    threshold,
    minDeltaMs,
    failOnRegression,
    maxCacheBytes,
    calibrate,
  };
}
