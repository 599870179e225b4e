import fs from 'node:fs';
import { WarmbuildError } from '../../errors.js';
import type { RemoteCacheOptions } from '../../types.js';
import { DEFAULT_MAX_ARTIFACT_SIZE } from './artifact.js';

export const DEFAULT_REMOTE_TIMEOUT = 10_000;
export const DEFAULT_REMOTE_CONCURRENCY = 16;
export const DEFAULT_REMOTE_BATCH_SIZE = 32;

/** Remote tier settings after options and environment are merged and checked. */
export interface RemoteConfig {
  /** Base URL without a trailing slash. */
  url: URL;
  token: string | undefined;
  team: string | undefined;
  readOnly: boolean;
  signatureKey: string | undefined;
  timeout: number;
  concurrency: number;
  batchSize: number;
  /** Largest response body and decoded payload accepted from the server, bytes. */
  maxArtifactSize: number;
  /** Take transform results (code that ships) from the remote without a valid signature. */
  allowUnsigned: boolean;
}

type Env = Record<string, string | undefined>;

function flag(value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  return value === '1' || value.toLowerCase() === 'true' || value.toLowerCase() === 'yes';
}

function positiveInteger(name: string, value: number | string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new WarmbuildError('OPTION_INVALID', `${name} must be a positive integer, got ${JSON.stringify(value)}`, {
      hint: `set ${name} to a whole number above 0 or leave it unset for ${fallback}`,
    });
  }
  return parsed;
}

/**
 * Merge `options.remote` over the `WARMBUILD_REMOTE_*` variables. Returns undefined when the
 * tier is off (`false`, or no URL anywhere). A malformed URL or number is a usage error that
 * names the option and the variable.
 */
export function resolveRemoteConfig(
  options: RemoteCacheOptions | false | undefined,
  env: Env = process.env,
): RemoteConfig | undefined {
  if (options === false) return undefined;
  const given = options ?? {};
  const rawUrl = given.url ?? env.WARMBUILD_REMOTE_URL;
  if (rawUrl === undefined || rawUrl.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(rawUrl.trim());
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WarmbuildError(
      'OPTION_INVALID',
      `remote.url (or WARMBUILD_REMOTE_URL) must be an http(s) URL, got ${JSON.stringify(rawUrl)}`,
      {
        hint: 'use the base address of the server, e.g. https://cache.example.com',
      },
    );
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  const timeout = positiveInteger(
    'remote.timeout (or WARMBUILD_REMOTE_TIMEOUT)',
    given.timeout ?? env.WARMBUILD_REMOTE_TIMEOUT,
    DEFAULT_REMOTE_TIMEOUT,
  );
  return {
    url,
    token: given.token ?? (env.WARMBUILD_REMOTE_TOKEN || undefined),
    team: given.team ?? (env.WARMBUILD_REMOTE_TEAM || undefined),
    readOnly: given.readOnly ?? flag(env.WARMBUILD_REMOTE_READ_ONLY) ?? untrustedCiRun(env),
    signatureKey: given.signatureKey ?? (env.WARMBUILD_REMOTE_SIGNATURE_KEY || undefined),
    timeout,
    concurrency: positiveInteger('remote.concurrency', given.concurrency, DEFAULT_REMOTE_CONCURRENCY),
    batchSize: positiveInteger('remote.batchSize', given.batchSize, DEFAULT_REMOTE_BATCH_SIZE),
    maxArtifactSize: positiveInteger(
      'remote.maxArtifactSize (or WARMBUILD_REMOTE_MAX_ARTIFACT_SIZE)',
      given.maxArtifactSize ?? env.WARMBUILD_REMOTE_MAX_ARTIFACT_SIZE,
      DEFAULT_MAX_ARTIFACT_SIZE,
    ),
    allowUnsigned: given.allowUnsigned ?? flag(env.WARMBUILD_REMOTE_ALLOW_UNSIGNED) ?? false,
  };
}

/** `teamId=` for Vercel-style ids (`team_...`), `slug=` for everything else, as turbo does. */
export function teamQuery(team: string | undefined): string {
  if (!team) return '';
  const name = team.startsWith('team_') ? 'teamId' : 'slug';
  return `?${name}=${encodeURIComponent(team)}`;
}

const PULL_REQUEST_EVENTS = new Set([
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
]);

interface PullRequestPayload {
  pull_request?: { head?: { repo?: { full_name?: string } | null }; base?: { repo?: { full_name?: string } | null } };
}

/**
 * Whether a GitHub Actions event runs code nobody on the team vouched for: a pull request whose
 * head lives in another repository (a fork), or whose head repository is gone. The Action turns
 * read-only on for these, so a fork can reuse the cache but never plant entries in it.
 */
export function isUntrustedEvent(eventName: string, payload: unknown): boolean {
  if (!PULL_REQUEST_EVENTS.has(eventName)) return false;
  const pr = (payload as PullRequestPayload | undefined)?.pull_request;
  const head = pr?.head?.repo?.full_name;
  const base = pr?.base?.repo?.full_name;
  return !head || !base || head !== base;
}

/**
 * A GitHub Actions run of an untrusted event (see isUntrustedEvent): the tier is read-only there
 * unless the options or WARMBUILD_REMOTE_READ_ONLY say otherwise, with or without the Action, so
 * a fork's build can never upload what it computed (transform results are code that ships).
 */
function untrustedCiRun(env: Env): boolean {
  if (env.GITHUB_ACTIONS !== 'true' || !env.GITHUB_EVENT_NAME) return false;
  let payload: unknown;
  try {
    payload = env.GITHUB_EVENT_PATH ? JSON.parse(fs.readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) : undefined;
  } catch {
    // No readable payload: isUntrustedEvent then treats a pull request event as untrusted.
    payload = undefined;
  }
  return isUntrustedEvent(env.GITHUB_EVENT_NAME, payload);
}
