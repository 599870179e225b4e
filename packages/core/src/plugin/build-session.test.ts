import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBuildSession, type BuildSession } from './build-session.js';
import type { WarmbuildPluginOptions } from './options.js';

let root: string;
let session: BuildSession | undefined;

afterEach(async () => {
  await session?.close();
  session = undefined;
  fs.rmSync(root, { recursive: true, force: true });
});

function setUp(options: Omit<WarmbuildPluginOptions, 'root'>) {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'warmbuild-session-')));
  fs.mkdirSync(path.join(root, 'src'));
  fs.mkdirSync(path.join(root, 'dist'));
  fs.writeFileSync(path.join(root, 'src/long.js'), 'x;\n'.repeat(30));
  fs.writeFileSync(path.join(root, 'src/short.js'), 'x;\n');
  fs.writeFileSync(path.join(root, 'dist/bundle.js'), 'x;\n'.repeat(30));
  // Runs from TypeScript sources: the check runner falls back to this thread (no .ts in workers on Node 20).
  session = createBuildSession({ root, largeFile: { maxLines: 20 }, ...options }, { bundler: 'test' });
  return session;
}

describe('createBuildSession', () => {
  it('applies rules settings and failOn, leaves output dirs out, and writes the report where asked', async () => {
    const active = setUp({ rules: { 'large-file': 'error' }, report: 'out/build.json' });
    active.begin({ mode: 'build', outputDirs: [path.join(root, 'dist')] });
    const outcome = await active.finish();
    expect(outcome.failing.map((finding) => finding.file)).toEqual(['src/long.js']);
    expect(outcome.errorText).toMatch(
      /^warmbuild: 1 finding at or above failOn 'error':\n {2}large-file \(1\)\n {4}src\/long\.js {2}30 lines/,
    );
    expect(outcome.warningText).toBeUndefined();
    const report = JSON.parse(fs.readFileSync(path.join(root, 'out/build.json'), 'utf8'));
    expect(report).toMatchObject({
      bundler: 'test',
      mode: 'build',
      summary: { error: 1, failed: true, failOn: 'error' },
    });
    // finish() is once per build: the same answer again.
    expect(await active.finish()).toBe(outcome);
  });

  it("'off' drops a rule; failOn 'warning' fails on warnings; warnings are handed out once per change", async () => {
    const quiet = setUp({ rules: { 'large-file': 'off' }, report: false });
    quiet.begin({ mode: 'build' });
    expect((await quiet.finish()).findings).toEqual([]);
    await quiet.close();

    session = createBuildSession(
      { root, largeFile: { maxLines: 20 }, failOn: 'warning', report: false },
      { bundler: 'test' },
    );
    session.begin({ mode: 'build' });
    expect((await session.finish()).failing).toHaveLength(2); // src/long.js and dist/bundle.js (no outputDirs given)

    await session.close();
    session = createBuildSession({ root, largeFile: { maxLines: 20 }, report: false }, { bundler: 'test' });
    session.begin({ mode: 'watch', outputDirs: ['dist'] });
    const first = await session.finish();
    expect(session.takeNewWarningText(first)).toContain('src/long.js');
    session.begin({ mode: 'watch', outputDirs: ['dist'] });
    expect(session.takeNewWarningText(await session.finish())).toBeUndefined();
    fs.writeFileSync(path.join(root, 'src/short.js'), 'x;\n'.repeat(25));
    session.begin({ mode: 'watch' }, [path.join(root, 'src/short.js')]);
    expect(session.takeNewWarningText(await session.finish())).toContain('src/short.js  25 lines');
  });

  it('rejects options a user can get wrong, naming the option', () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'warmbuild-session-'));
    expect(() => createBuildSession({ failOn: 'always' as never }, { bundler: 'test' })).toThrow(
      /failOn must be one of/,
    );
    // The removed plugin option names itself and the fix, with the user's own settings moved over.
    const removed = () =>
      createBuildSession(
        { severity: { 'large-file': 'error' } as never, rules: { 'line-length': 'off' } },
        { bundler: 'test' },
      );
    expect(removed).toThrow(TypeError);
    expect(removed).toThrow(
      'the plugin option severity was removed; use rules: {"large-file":"error","line-length":"off"} instead',
    );
  });
});
