import { describe, expect, it } from 'vitest';
import { InputError, readInputs } from './inputs.js';

const from = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('readInputs', () => {
  it('falls back to the action.yml defaults when run without them', () => {
    const inputs = readInputs(from({}), {});
    expect(inputs.paths).toEqual([
      'node_modules/.cache/warmbuild',
      'node_modules/.cache/webpack',
      'node_modules/.vite',
    ]);
    expect(inputs).toMatchObject({
      keyPrefix: 'warmbuild',
      commands: [],
      runs: 5,
      warmup: 1,
      comment: 'always',
      threshold: 10,
      minDeltaMs: 100,
      failOnRegression: false,
    });
  });

  it('reads multi-line commands and paths, skipping blanks and # comments', () => {
    const inputs = readInputs(
      from({ command: 'pnpm build\n\n# not this\n  pnpm test  \n', path: 'a\nb\n', threshold: '25%' }),
      {},
    );
    expect(inputs.commands).toEqual(['pnpm build', 'pnpm test']);
    expect(inputs.paths).toEqual(['a', 'b']);
    expect(inputs.threshold).toBe(25);
  });

  it('takes GITHUB_TOKEN when github-token is empty or the unexpanded default', () => {
    expect(readInputs(from({}), { GITHUB_TOKEN: 't1' }).githubToken).toBe('t1');
    expect(readInputs(from({ 'github-token': '${{ github.token }}' }), { GITHUB_TOKEN: 't2' }).githubToken).toBe('t2');
    expect(readInputs(from({ 'github-token': 'explicit' }), { GITHUB_TOKEN: 't3' }).githubToken).toBe('explicit');
  });

  it('names the input and the accepted values', () => {
    expect(() => readInputs(from({ path: 'a,b' }), {})).toThrow(/Input "path" must be paths without commas/);
    expect(() => readInputs(from({ path: 'node_modules/**/.cache' }), {})).toThrow(
      /Input "path" must be directories without glob characters/,
    );
    for (const dangerous of ['node_modules', './node_modules/', '.', '..', '../other']) {
      expect(() => readInputs(from({ path: dangerous }), {}), dangerous).toThrow(
        /Input "path" must be cache directories inside the workspace/,
      );
    }
    expect(() => readInputs(from({ runs: '3.5' }), {})).toThrow(InputError);
    expect(() => readInputs(from({ comment: 'never' }), {})).toThrow(
      'Input "comment" must be one of always, on-regression, off; got "never"',
    );
  });
});
