// Entry of the post step (action.yml `runs.post`): the save happens here, after the job's steps.
import * as cache from '@actions/cache';
import * as core from '@actions/core';
import { runSave } from './save.js';

try {
  await runSave({ core, cache, env: process.env });
} catch (error) {
  // A failed save must not fail a job whose build passed: warn and move on.
  core.warning(`warmbuild: saving caches failed: ${(error as Error).stack ?? String(error)}`);
}
