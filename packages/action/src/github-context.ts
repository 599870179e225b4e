import fs from 'node:fs';

/** What the action needs to know about the workflow run, read from the runner's environment. */
export interface RunContext {
  eventName: string;
  /** `owner/name` of the repository the workflow runs in. */
  repository: string;
  owner: string;
  repo: string;
  runId: string;
  /** The branch this run belongs to (the PR head branch for pull requests). */
  branch: string;
  /** The branch a pull request targets, else the repository's default branch. */
  baseBranch: string;
  defaultBranch: string;
  pullRequest: number | undefined;
  /** True when the head of a pull request lives in another repository. */
  fromFork: boolean;
  /** Whether this run may write caches (see `isTrustedEvent`). */
  trusted: boolean;
}

interface EventPayload {
  repository?: { default_branch?: string; full_name?: string };
  pull_request?: {
    number?: number;
    head?: { ref?: string; repo?: { full_name?: string } | null };
    base?: { ref?: string; repo?: { full_name?: string } };
  };
}

function readEvent(file: string | undefined): EventPayload {
  if (!file) return {};
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as EventPayload;
  } catch (error) {
    // The runner always writes this file; without it we only lose PR details, so say so and go on.
    process.stdout.write(
      `::warning::warmbuild: could not read GITHUB_EVENT_PATH ${file}: ${(error as Error).message}\n`,
    );
    return {};
  }
}

/**
 * Events whose code is the repository's own, so their caches may be saved: pushes, same-repository
 * pull requests, manual and scheduled runs. Fork pull requests and `pull_request_target` (base
 * permissions, possibly fork code) only read caches, so a fork can never poison them.
 */
export function isTrustedEvent(eventName: string, fromFork: boolean): boolean {
  if (eventName === 'pull_request') return !fromFork;
  return ['push', 'workflow_dispatch', 'schedule', 'merge_group'].includes(eventName);
}

export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const event = readEvent(env.GITHUB_EVENT_PATH);
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const repository = env.GITHUB_REPOSITORY ?? event.repository?.full_name ?? 'local/repository';
  const [owner = '', repo = ''] = repository.split('/');
  const defaultBranch = event.repository?.default_branch ?? 'main';
  const pr = event.pull_request;
  const isPullRequest = pr !== undefined && typeof pr.number === 'number';
  const headRepo = pr?.head?.repo?.full_name;
  const baseRepo = pr?.base?.repo?.full_name ?? repository;
  // A deleted fork has head.repo null: treat it as a fork.
  const fromFork = isPullRequest && headRepo !== baseRepo;
  const branch =
    env.GITHUB_HEAD_REF || pr?.head?.ref || env.GITHUB_REF_NAME || refName(env.GITHUB_REF) || defaultBranch;
  const baseBranch = env.GITHUB_BASE_REF || pr?.base?.ref || defaultBranch;
  return {
    eventName,
    repository,
    owner,
    repo,
    runId: env.GITHUB_RUN_ID ?? String(Date.now()),
    branch,
    baseBranch,
    defaultBranch,
    pullRequest: isPullRequest ? pr.number : undefined,
    fromFork,
    trusted: isTrustedEvent(eventName, fromFork),
  };
}

function refName(ref: string | undefined): string | undefined {
  return ref?.replace(/^refs\/(heads|tags)\//, '') || undefined;
}
