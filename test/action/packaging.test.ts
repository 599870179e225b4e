// The committed bundle and action.yml: what a workflow runs without installing anything.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULTS, Inputs, Outputs } from '../../packages/action/src/constants.js';
import { distDir, repoRoot } from './run-action.js';

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

describe('packages/action/dist', () => {
  it('is what the sources build to today (rebuild and commit dist/ when this fails: pnpm build)', () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'warmbuild-dist-'));
    try {
      const built = spawnSync(process.execPath, [path.join(repoRoot, 'packages/action/build.mjs'), fresh], {
        encoding: 'utf8',
      });
      expect(built.status, built.stderr).toBe(0);
      expect(listFiles(distDir)).toEqual(listFiles(fresh));
      const stale = listFiles(fresh).filter(
        (file) => !fs.readFileSync(path.join(fresh, file)).equals(fs.readFileSync(path.join(distDir, file))),
      );
      expect(stale, 'dist/ is stale: run `pnpm build` and commit packages/action/dist').toEqual([]);
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });
});

describe('action.yml', () => {
  const action = parse(fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
    runs: { using: string; main: string; post: string };
    inputs: Record<string, { description: string; default?: string }>;
    outputs: Record<string, { description: string }>;
  };

  it('runs the committed bundle on node24, saving in the post step', () => {
    expect(action.runs).toEqual({
      using: 'node24',
      main: 'packages/action/dist/index.js',
      post: 'packages/action/dist/post.js',
    });
    expect(fs.existsSync(path.join(repoRoot, action.runs.main))).toBe(true);
    expect(fs.existsSync(path.join(repoRoot, action.runs.post))).toBe(true);
  });

  it('declares exactly the inputs of the Inputs enum, each described, with the defaults the code falls back to', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(Inputs).sort());
    for (const name of Object.values(Inputs)) {
      expect(action.inputs[name].description.length, name).toBeGreaterThan(20);
      expect(String(action.inputs[name].default ?? '').trim(), name).toBe(DEFAULTS[name]);
    }
  });

  it('declares exactly the outputs of the Outputs enum', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(Outputs).sort());
  });
});
