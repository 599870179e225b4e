import { describe, expect, it } from 'vitest';
import { isWarmbuildError } from '../errors.js';
import { ruleAliases } from './registry.js';
import { preloadChecks, ruleSettings, selectChecks } from './selection.js';

describe('selectChecks', () => {
  it('loads every check without a selection, and only the checks owning the selected rules with one', () => {
    expect(selectChecks(undefined).entries.map((entry) => entry.id)).toEqual([
      'docs',
      'large-file',
      'module-graph',
      'conflicts',
      'workspace-deps',
    ]);
    const selected = selectChecks(['circular-import', 'md013'], ruleAliases());
    expect(selected.entries.map((entry) => entry.id)).toEqual(['docs', 'module-graph']);
    expect([...selected.rules!].sort()).toEqual(['circular-import', 'line-length']);
  });

  it('refuses an unknown rule with a usage error that lists the known ones', () => {
    let error: unknown;
    try {
      selectChecks(['no-such-rule']);
    } catch (caught) {
      error = caught;
    }
    expect(isWarmbuildError(error) && error.code).toBe('USAGE');
    expect((error as Error).message).toContain('"no-such-rule"');
    expect(isWarmbuildError(error) && error.hint).toContain('circular-import');
  });

  it('preloadChecks never rejects, even for an unknown rule', async () => {
    await expect(preloadChecks(['no-such-rule'])).resolves.toBeUndefined();
  });
});

describe('ruleSettings', () => {
  it('upper-cases markdownlint aliases and keeps rule ids as written', () => {
    expect([...ruleSettings({ md013: 'off', 'line-length': 'error' })]).toEqual([
      ['MD013', 'off'],
      ['line-length', 'error'],
    ]);
  });

  it('refuses a setting that is not a severity or off, naming the rule', () => {
    expect(() => ruleSettings({ 'large-file': 'fatal' as never })).toThrow(
      /rules\["large-file"\] must be one of off, info, warning, error; got "fatal"/,
    );
  });
});
