import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WarmbuildError } from '../../errors.js';
import { DEFAULT_REMOTE_TIMEOUT, isUntrustedEvent, resolveRemoteConfig, teamQuery } from './config.js';

describe('resolveRemoteConfig', () => {
  it('is off without a URL, and with remote: false even when the variables are set', () => {
    expect(resolveRemoteConfig(undefined, {})).toBeUndefined();
    expect(resolveRemoteConfig({ token: 't' }, {})).toBeUndefined();
    expect(resolveRemoteConfig(false, { WARMBUILD_REMOTE_URL: 'http://cache' })).toBeUndefined();
  });

  it('reads the WARMBUILD_REMOTE_* variables', () => {
    const config = resolveRemoteConfig(undefined, {
      WARMBUILD_REMOTE_URL: 'https://cache.example.com/base/',
      WARMBUILD_REMOTE_TOKEN: 'tok',
      WARMBUILD_REMOTE_TEAM: 'team_1',
      WARMBUILD_REMOTE_READ_ONLY: 'true',
      WARMBUILD_REMOTE_SIGNATURE_KEY: 'sig',
      WARMBUILD_REMOTE_TIMEOUT: '1500',
    });
    expect(config).toMatchObject({ token: 'tok', team: 'team_1', readOnly: true, signatureKey: 'sig', timeout: 1500 });
    expect(config!.url.href).toBe('https://cache.example.com/base');
  });

  it('lets options win over the environment, and defaults the rest', () => {
    const config = resolveRemoteConfig(
      { url: 'http://127.0.0.1:3000', token: 'from-options', readOnly: false },
      { WARMBUILD_REMOTE_URL: 'http://elsewhere', WARMBUILD_REMOTE_TOKEN: 'env', WARMBUILD_REMOTE_READ_ONLY: '1' },
    );
    expect(config).toMatchObject({
      token: 'from-options',
      readOnly: false,
      timeout: DEFAULT_REMOTE_TIMEOUT,
      concurrency: 16,
      batchSize: 32,
    });
    expect(config!.url.host).toBe('127.0.0.1:3000');
    expect(
      resolveRemoteConfig(undefined, { WARMBUILD_REMOTE_URL: 'http://x', WARMBUILD_REMOTE_READ_ONLY: '0' })!.readOnly,
    ).toBe(false);
  });

  it('turns a malformed URL or number into an error that names the option', () => {
    expect(() => resolveRemoteConfig({ url: 'cache.example.com' }, {})).toThrow(WarmbuildError);
    expect(() => resolveRemoteConfig({ url: 'ftp://cache' }, {})).toThrow(/remote\.url \(or WARMBUILD_REMOTE_URL\)/);
    expect(() =>
      resolveRemoteConfig(undefined, { WARMBUILD_REMOTE_URL: 'http://x', WARMBUILD_REMOTE_TIMEOUT: 'soon' }),
    ).toThrow(/WARMBUILD_REMOTE_TIMEOUT/);
    expect(() => resolveRemoteConfig({ url: 'http://x', concurrency: 0 }, {})).toThrow(/remote\.concurrency/);
  });
});

describe('teamQuery', () => {
  it('sends Vercel team ids as teamId and anything else as slug', () => {
    expect(teamQuery('team_abc')).toBe('?teamId=team_abc');
    expect(teamQuery('my team')).toBe('?slug=my%20team');
    expect(teamQuery(undefined)).toBe('');
  });
});

describe('isUntrustedEvent', () => {
  const pr = (head: string | null, base = 'org/repo') => ({
    pull_request: { head: { repo: head ? { full_name: head } : null }, base: { repo: { full_name: base } } },
  });
  it('is true for pull requests from forks (or from a deleted fork), false for the rest', () => {
    expect(isUntrustedEvent('pull_request', pr('someone/repo'))).toBe(true);
    expect(isUntrustedEvent('pull_request_target', pr('someone/repo'))).toBe(true);
    expect(isUntrustedEvent('pull_request', pr(null))).toBe(true);
    expect(isUntrustedEvent('pull_request', pr('org/repo'))).toBe(false);
    expect(isUntrustedEvent('push', {})).toBe(false);
    expect(isUntrustedEvent('workflow_dispatch', undefined)).toBe(false);
  });
});

describe('read-only by default on untrusted CI events', () => {
  it('a fork pull request in GitHub Actions is read-only unless the options or the variable say otherwise', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warmbuild-event-'));
    const event = path.join(dir, 'event.json');
    fs.writeFileSync(
      event,
      JSON.stringify({
        pull_request: { head: { repo: { full_name: 'someone/repo' } }, base: { repo: { full_name: 'org/repo' } } },
      }),
    );
    const ci = {
      WARMBUILD_REMOTE_URL: 'http://x',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
    };
    expect(resolveRemoteConfig(undefined, ci)!.readOnly).toBe(true);
    expect(resolveRemoteConfig({ readOnly: false }, ci)!.readOnly).toBe(false);
    expect(resolveRemoteConfig(undefined, { ...ci, GITHUB_EVENT_NAME: 'push' })!.readOnly).toBe(false);
    fs.writeFileSync(
      event,
      JSON.stringify({
        pull_request: { head: { repo: { full_name: 'org/repo' } }, base: { repo: { full_name: 'org/repo' } } },
      }),
    );
    expect(resolveRemoteConfig(undefined, ci)!.readOnly).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
