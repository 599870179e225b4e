import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding } from '@warmbuild/core';
import { writeSummary, type ActionCore } from './action-core.js';
import { annotateFindings } from './annotations.js';
import { readBaseline, writeBaseline, baselineSamples, type BaselineRead } from './baseline.js';
import { runBenchmarks, type BenchmarkOutcome } from './benchmark.js';
import { restoreWithReport, type CacheClient } from './cache-io.js';
import { computeBaselineKeys, computeCacheKeys } from './cache-keys.js';
import { BASELINE_DIR, BASELINE_FORMAT, COMMENT_MARKER, Outputs, State } from './constants.js';
import { readRunContext, type RunContext } from './github-context.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { renderReport, type CacheLine, type ComparedRow } from './render.js';
import type { SavePlan } from './save-plan.js';
import { compareSamples, median } from './sample-statistics.js';
import { upsertStickyComment, type IssueCommentsClient } from './sticky-comment.js';

export interface RunDeps {
  core: ActionCore;
  cache: CacheClient;
  createCommentsClient(token: string): IssueCommentsClient;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** The main step: restore caches, benchmark, compare with the baseline, report. */
export async function run(deps: RunDeps): Promise<void> {
  const { core } = deps;
  let inputs: ActionInputs;
  try {
    inputs = readInputs((name) => core.getInput(name), deps.env);
  } catch (error) {
    if (error instanceof InputError) {
      core.setFailed(error.message);
      return;
    }
    throw error;
  }
  const context = readRunContext(deps.env);
  const root = path.resolve(deps.env.GITHUB_WORKSPACE || deps.cwd);
  const keys = computeCacheKeys(inputs.keyPrefix, root, context);
  const warn = (message: string) => core.warning(message);
  if (!context.trusted) {
    // Untrusted code (fork pull requests) may read the shared remote cache but never write it.
    process.env.WARMBUILD_REMOTE_READ_ONLY = '1';
    core.info('warmbuild: untrusted event, the remote cache tier is read-only for the build commands');
  }

  core.info(`warmbuild: cache key ${keys.primary}; restore keys ${keys.restoreKeys.join(', ')}`);
  const restored = await restoreWithReport(deps.cache, root, inputs.paths, keys.primary, keys.restoreKeys, warn);
  // Every save has a unique key (the run id), so an exact match only happens on a re-run; a hit
  // is an entry built from the same lockfile and config, from this branch or the base branch.
  const cacheHit =
    restored.matchedKey !== undefined &&
    (restored.exactHit || keys.samePrefixes.some((prefix) => restored.matchedKey!.startsWith(prefix)));
  core.setOutput(Outputs.CacheHit, String(cacheHit));
  core.setOutput(Outputs.RestoredKey, restored.matchedKey ?? '');
  core.info(
    restored.matchedKey
      ? `warmbuild: restored ${restored.matchedKey} (${restored.bytes} bytes) in ${restored.ms.toFixed(0)} ms`
      : `warmbuild: no cache restored (${restored.ms.toFixed(0)} ms)`,
  );

  const baselineKeys = computeBaselineKeys(inputs.keyPrefix, context);
  const baselineDir = path.resolve(root, BASELINE_DIR);
  const plan: SavePlan = {
    root,
    paths: inputs.paths,
    cacheKey: context.trusted && !restored.exactHit ? keys.primary : undefined,
    skipped: saveSkippedReason(context, restored.exactHit),
    baselineDir,
    baselineKey: context.trusted ? baselineKeys.save : undefined,
    runId: context.runId,
    maxCacheBytes: inputs.maxCacheBytes,
  };
  // Saved before benchmarking, so the post step saves the caches even when a build fails.
  core.saveState(State.SavePlan, JSON.stringify(plan));

  const cacheLine: CacheLine = {
    matchedKey: restored.matchedKey,
    hit: cacheHit,
    restoreMs: restored.ms,
    restoredBytes: restored.bytes,
    restoreError: restored.error,
    saveKey: plan.cacheKey,
    saveSkipped: plan.skipped,
  };

  if (inputs.commands.length === 0) {
    const markdown = renderReport({
      rows: [],
      noComparison: undefined,
      baselineLabel: undefined,
      threshold: inputs.threshold,
      minDeltaMs: inputs.minDeltaMs,
      cache: cacheLine,
      findings: undefined,
      failure: undefined,
    });
    await finishWithoutComparison(deps, markdown);
    return;
  }

  const baseline = await restoreBaseline(deps, root, baselineDir, baselineKeys.restore);
  core.startGroup(
    `warmbuild: benchmarking ${inputs.commands.length} command(s), ${inputs.warmup} warmup + ${inputs.runs} runs, cold and warm`,
  );
  let outcome: BenchmarkOutcome;
  try {
    outcome = await runBenchmarks(inputs.commands, {
      root,
      paths: inputs.paths,
      runs: inputs.runs,
      warmup: inputs.warmup,
      log: (line) => core.info(line),
      tempDir: deps.env.RUNNER_TEMP || os.tmpdir(),
      calibrate: inputs.calibrate,
    });
  } finally {
    core.endGroup();
  }

  const found = baseline.status === 'found' ? baseline.baseline : undefined;
  const calibrationMs = outcome.calibration.length > 0 ? median(outcome.calibration) : undefined;
  const speed = machineSpeed(found?.calibrationMs, calibrationMs);
  const rows: ComparedRow[] = outcome.results.map((result) => ({
    command: result.command,
    mode: result.mode,
    comparison: compareSamples(
      baselineSamples(found, result.command, result.mode)?.map((sample) => sample * (speed?.scale ?? 1)),
      result.samples,
      inputs,
    ),
    reportStats: result.report?.stats,
  }));
  const regressed = rows.some((row) => row.comparison.verdict === 'regressed');

  if (!outcome.failure && context.trusted) {
    writeBaseline(baselineDir, {
      format: BASELINE_FORMAT,
      branch: context.branch,
      sha: deps.env.GITHUB_SHA ?? '',
      runId: context.runId,
      createdAt: new Date().toISOString(),
      calibrationMs,
      results: outcome.results.map(({ command, mode, samples }) => ({ command, mode, samples })),
    });
  }

  const lastReport = [...outcome.results].reverse().find((result) => result.report)?.report;
  const findings: Finding[] | undefined = lastReport?.findings;
  if (findings && findings.length > 0) annotateFindings(core, findings);

  const markdown = renderReport({
    rows,
    noComparison: noComparisonSentence(baseline, context, rows),
    baselineLabel: found
      ? `\`${found.branch}\`${found.sha ? ` at ${found.sha.slice(0, 7)}` : ''} (run ${found.runId}, ${found.createdAt})`
      : undefined,
    threshold: inputs.threshold,
    minDeltaMs: inputs.minDeltaMs,
    cache: cacheLine,
    findings,
    failure: outcome.failure,
    machine: speed,
  });

  const reportPath = writeReportFile(deps.env, { context, rows, regressed, markdown, findings: findings ?? [] });
  core.setOutput(Outputs.ReportPath, reportPath);
  core.setOutput(Outputs.Regressed, String(regressed));
  core.setOutput(Outputs.CommentBody, markdown);
  await writeSummary(core, deps.env, markdown);
  await comment(deps, inputs, context, markdown, regressed);

  if (outcome.failure) {
    const { failure } = outcome;
    core.startGroup(`warmbuild: output of the failing command ${failure.command}`);
    core.info(failure.output);
    core.endGroup();
    core.setFailed(
      `Command ${JSON.stringify(failure.command)} failed in a ${failure.mode} run with ${failure.signal ? `signal ${failure.signal}` : `exit code ${failure.exitCode}`}:\n${failure.output.slice(-4000)}`,
    );
  } else if (regressed && inputs.failOnRegression) {
    const names = rows
      .filter((row) => row.comparison.verdict === 'regressed')
      .map((row) => `${row.command} (${row.mode})`);
    core.setFailed(
      `warmbuild: performance regression beyond ${inputs.threshold}% in ${names.join(', ')} (fail-on-regression is true)`,
    );
  }
}

/**
 * How much slower this runner is than the baseline's, from the reference workload both timed.
 * Baseline samples are multiplied by `scale`. Absent when either run did not calibrate.
 */
export function machineSpeed(baselineMs: number | undefined, currentMs: number | undefined) {
  if (!baselineMs || !currentMs || baselineMs <= 0 || currentMs <= 0) return undefined;
  return { baselineMs, currentMs, scale: currentMs / baselineMs };
}

function saveSkippedReason(context: RunContext, exactHit: boolean): string | undefined {
  if (context.fromFork) return 'pull request from a fork (caches are only read, never written, from untrusted code)';
  if (!context.trusted) return `the ${context.eventName || 'unknown'} event is not trusted to write caches`;
  if (exactHit) return 'exact hit, the entry already exists';
  return undefined;
}

async function restoreBaseline(deps: RunDeps, root: string, dir: string, prefix: string): Promise<BaselineRead> {
  // A baseline left on disk by an earlier step must not pass for the base branch's.
  fs.rmSync(dir, { recursive: true, force: true });
  const restored = await restoreWithReport(
    deps.cache,
    root,
    [path.relative(root, dir)],
    prefix,
    [prefix],
    () => undefined,
  );
  if (restored.error) deps.core.info(`warmbuild: baseline not restored: ${restored.error}`);
  return readBaseline(dir);
}

function noComparisonSentence(baseline: BaselineRead, context: RunContext, rows: ComparedRow[]): string | undefined {
  if (baseline.status === 'missing') {
    return `no baseline from a \`${context.baseBranch}\` run was found in the cache, so these numbers are not compared. A trusted run on \`${context.baseBranch}\` (a push) stores one.`;
  }
  if (baseline.status === 'unparsable')
    return `the stored baseline could not be read (${baseline.reason}), so these numbers are not compared.`;
  const missing = rows
    .filter((row) => row.comparison.verdict === 'no-baseline')
    .map((row) => `\`${row.command}\` (${row.mode})`);
  return missing.length > 0
    ? `the baseline has no samples for ${missing.join(', ')} (a new or changed command).`
    : undefined;
}

function writeReportFile(
  env: NodeJS.ProcessEnv,
  report: { context: RunContext; rows: ComparedRow[]; regressed: boolean; markdown: string; findings: Finding[] },
): string {
  const dir = path.join(env.RUNNER_TEMP || os.tmpdir(), 'warmbuild-action');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'report.json');
  const body = {
    marker: COMMENT_MARKER,
    repository: report.context.repository,
    pullRequest: report.context.pullRequest ?? null,
    regressed: report.regressed,
    rows: report.rows,
    findings: report.findings,
    markdown: report.markdown,
  };
  fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'comment.md'), report.markdown);
  return file;
}

async function finishWithoutComparison(deps: RunDeps, markdown: string): Promise<void> {
  deps.core.setOutput(Outputs.Regressed, 'false');
  deps.core.setOutput(Outputs.CommentBody, markdown);
  deps.core.setOutput(Outputs.ReportPath, '');
  await writeSummary(deps.core, deps.env, markdown);
}

async function comment(
  deps: RunDeps,
  inputs: ActionInputs,
  context: RunContext,
  markdown: string,
  regressed: boolean,
): Promise<void> {
  const { core } = deps;
  if (context.pullRequest === undefined || inputs.comment === 'off') return;
  if (!inputs.githubToken) {
    core.warning(
      'warmbuild: no github-token, so no pull-request comment; the job summary and the comment-body output hold the report',
    );
    return;
  }
  const client = deps.createCommentsClient(inputs.githubToken);
  const create = inputs.comment === 'always' || regressed;
  const outcome = await upsertStickyComment(
    client,
    { owner: context.owner, repo: context.repo, issueNumber: context.pullRequest },
    markdown,
    { create },
  );
  if (outcome.status === 'skipped') {
    core.info('warmbuild: no regression and no earlier comment, so no pull-request comment (comment: on-regression)');
  } else if (outcome.status === 'created' || outcome.status === 'updated') {
    core.info(`warmbuild: ${outcome.status} the pull-request comment ${outcome.id}`);
  } else if (outcome.status === 'forbidden') {
    core.warning(
      `warmbuild: the token may not comment on this pull request (${outcome.message}); a fork's token is read-only. ` +
        'The job summary and the comment-body output hold the report; see docs/action.md ("Pull requests from forks") for the workflow_run pattern that posts it.',
    );
  } else {
    core.warning(
      `warmbuild: could not write the pull-request comment (${outcome.message}); the job summary holds the report`,
    );
  }
}
