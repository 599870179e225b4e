// Entry of the main step (action.yml `runs.main`); all logic lives in run.ts.
import * as cache from '@actions/cache';
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { run } from './run.js';
import type { IssueCommentsClient } from './sticky-comment.js';

try {
  await run({
    core,
    cache,
    createCommentsClient: (token) => getOctokit(token) as unknown as IssueCommentsClient,
    env: process.env,
    cwd: process.cwd(),
  });
} catch (error) {
  core.setFailed(`warmbuild: unexpected error: ${(error as Error).stack ?? String(error)}`);
}
