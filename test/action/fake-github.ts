// Loopback stand-ins for the services a workflow run talks to, speaking their real protocols to
// the real client libraries bundled in the action:
// - the Actions cache service v2 (twirp JSON, as @actions/cache's generated CacheServiceClientJSON
//   sends it: proto field names, int64 as strings);
// - Azure block-blob upload (Put Blob, or Put Block + Put Block List, as @azure/storage-blob
//   sends them) and plain GET download (what @actions/cache uses for a non-Azure host);
// - the GitHub REST issue-comments endpoints with Link-header pagination.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.CacheService/';

export interface CacheEntry {
  id: number;
  key: string;
  version: string;
  blob: Buffer | undefined;
  finalized: boolean;
  /** Upload order; the newest matching entry wins a prefix lookup. */
  sequence: number;
}

export interface Comment {
  id: number;
  body: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
}

export interface FakeGitHub {
  url: string;
  /** The cache service base (ACTIONS_RESULTS_URL). */
  resultsUrl: string;
  /** GITHUB_API_URL. */
  apiUrl: string;
  entries: CacheEntry[];
  comments: Map<number, Comment[]>;
  requests: RecordedRequest[];
  /** Answer every twirp call with this status (429, 5xx) instead of serving it. */
  cacheFailure: number | undefined;
  /** Answer only the next N twirp calls with `status` (a transient outage the client retries). */
  transientFailure: { status: number; count: number } | undefined;
  /** Answer comment writes and reads with 403, as GitHub does for a fork's read-only token. */
  commentsForbidden: boolean;
  /** Store a finalized entry directly (as if another run had saved it). */
  addEntry(key: string, version: string, blob: Buffer): void;
  close(): Promise<void>;
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function json(
  response: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

export async function startFakeGitHub(
  options: { noiseComments?: number; pullRequest?: number } = {},
): Promise<FakeGitHub> {
  let sequence = 0;
  let nextCommentId = 1000;
  const blocks = new Map<string, Map<string, Buffer>>();
  const blobs = new Map<string, Buffer>();
  const state: Omit<FakeGitHub, 'url' | 'resultsUrl' | 'apiUrl' | 'close' | 'addEntry'> = {
    entries: [],
    comments: new Map(),
    requests: [],
    cacheFailure: undefined,
    transientFailure: undefined,
    commentsForbidden: false,
  };
  if (options.pullRequest !== undefined) {
    // A busy pull request: the sticky comment has to be found beyond the first page.
    state.comments.set(
      options.pullRequest,
      Array.from({ length: options.noiseComments ?? 0 }, (_, i) => ({
        id: nextCommentId++,
        body: `review comment ${i}`,
      })),
    );
  }
  let base = '';

  async function twirp(method: string, body: Record<string, unknown>, response: http.ServerResponse) {
    if (state.cacheFailure !== undefined) {
      json(
        response,
        state.cacheFailure,
        { code: 'unavailable', msg: `injected ${state.cacheFailure}` },
        state.cacheFailure === 429 ? { 'retry-after': '1' } : {},
      );
      return;
    }
    if (state.transientFailure && state.transientFailure.count > 0) {
      state.transientFailure.count--;
      json(response, state.transientFailure.status, {
        code: 'internal',
        msg: `injected transient ${state.transientFailure.status}`,
      });
      return;
    }
    const key = String(body.key ?? '');
    const version = String(body.version ?? '');
    if (method === 'GetCacheEntryDownloadURL') {
      const usable = state.entries.filter((entry) => entry.finalized && entry.version === version);
      const newest = (match: (entry: CacheEntry) => boolean) =>
        usable.filter(match).sort((a, b) => b.sequence - a.sequence)[0];
      // The service's order: exact primary key, then each restore key as a prefix, newest first.
      let found = newest((entry) => entry.key === key);
      for (const prefix of [key, ...((body.restore_keys as string[] | undefined) ?? [])]) {
        found ??= newest((entry) => entry.key.startsWith(prefix));
      }
      if (!found) return json(response, 200, { ok: false, signed_download_url: '', matched_key: '' });
      return json(response, 200, {
        ok: true,
        signed_download_url: `${base}/devstoreaccount1/actions-cache/${found.id}?sig=download`,
        matched_key: found.key,
      });
    }
    if (method === 'CreateCacheEntry') {
      if (state.entries.some((entry) => entry.key === key && entry.version === version)) {
        return json(response, 200, { ok: false, signed_upload_url: '', message: `cache entry ${key} already exists` });
      }
      const entry: CacheEntry = {
        id: state.entries.length + 1,
        key,
        version,
        blob: undefined,
        finalized: false,
        sequence: 0,
      };
      state.entries.push(entry);
      return json(response, 200, {
        ok: true,
        signed_upload_url: `${base}/devstoreaccount1/actions-cache/${entry.id}?sig=upload`,
      });
    }
    if (method === 'FinalizeCacheEntryUpload') {
      const entry = state.entries.find(
        (candidate) => candidate.key === key && candidate.version === version && !candidate.finalized,
      );
      const blob = entry ? blobs.get(String(entry.id)) : undefined;
      if (!entry || !blob || String(blob.length) !== String(body.size_bytes)) {
        return json(response, 200, {
          ok: false,
          entry_id: '0',
          message: `no uploaded blob of ${body.size_bytes} bytes for ${key}`,
        });
      }
      entry.blob = blob;
      entry.finalized = true;
      entry.sequence = ++sequence;
      return json(response, 200, { ok: true, entry_id: String(entry.id) });
    }
    json(response, 404, { code: 'bad_route', msg: `no method ${method}` });
  }

  async function blob(request: http.IncomingMessage, url: URL, response: http.ServerResponse) {
    const id = url.pathname.split('/').pop() ?? '';
    if (request.method === 'GET') {
      const bytes = blobs.get(id);
      if (!bytes) return json(response, 404, { error: 'BlobNotFound' });
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      response.end(bytes);
      return;
    }
    if (request.method !== 'PUT') return json(response, 405, {});
    const body = await readBody(request);
    const headers = {
      'x-ms-request-id': `req-${id}`,
      'x-ms-version': '2025-01-05',
      etag: `"0x${id}"`,
      'last-modified': new Date().toUTCString(),
      'content-length': '0',
    };
    const comp = url.searchParams.get('comp');
    if (comp === 'block') {
      const staged = blocks.get(id) ?? new Map<string, Buffer>();
      staged.set(url.searchParams.get('blockid') ?? '', body);
      blocks.set(id, staged);
      response.writeHead(201, headers);
      return response.end();
    }
    if (comp === 'blocklist') {
      const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)</g)].map(
        (match) => match[1],
      );
      const staged = blocks.get(id) ?? new Map<string, Buffer>();
      blobs.set(id, Buffer.concat(ids.map((blockId) => staged.get(blockId) ?? Buffer.alloc(0))));
      blocks.delete(id);
      response.writeHead(201, headers);
      return response.end();
    }
    if (request.headers['x-ms-blob-type'] !== 'BlockBlob')
      return json(response, 400, { error: 'MissingRequiredHeader x-ms-blob-type' });
    blobs.set(id, body);
    response.writeHead(201, headers);
    response.end();
  }

  async function comments(request: http.IncomingMessage, url: URL, response: http.ServerResponse) {
    if (!/^token \S+$|^Bearer \S+$/i.test(request.headers.authorization ?? ''))
      return json(response, 401, { message: 'Requires authentication' });
    if (state.commentsForbidden) {
      return json(response, 403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/issues/comments',
        status: '403',
      });
    }
    const list = url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/);
    if (list) {
      const issue = Number(list[1]);
      const all = state.comments.get(issue) ?? [];
      if (request.method === 'GET') {
        const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
        const page = Number(url.searchParams.get('page') ?? 1);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const link = (n: number, rel: string) => {
          const target = new URL(`${base}${url.pathname}`);
          target.searchParams.set('per_page', String(perPage));
          target.searchParams.set('page', String(n));
          return `<${target.href}>; rel="${rel}"`;
        };
        const links = [];
        if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
        if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
        const data = all
          .slice((page - 1) * perPage, page * perPage)
          .map((comment) => ({ ...comment, user: { login: 'github-actions[bot]' } }));
        return json(response, 200, data, links.length > 0 ? { link: links.join(', ') } : {});
      }
      if (request.method === 'POST') {
        const body = JSON.parse((await readBody(request)).toString('utf8')) as { body: string };
        const comment = { id: nextCommentId++, body: body.body };
        state.comments.set(issue, [...all, comment]);
        return json(response, 201, comment);
      }
    }
    const one = url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/);
    if (one && request.method === 'PATCH') {
      const id = Number(one[1]);
      const body = JSON.parse((await readBody(request)).toString('utf8')) as { body: string };
      for (const list of state.comments.values()) {
        const comment = list.find((candidate) => candidate.id === id);
        if (comment) {
          comment.body = body.body;
          return json(response, 200, comment);
        }
      }
      return json(response, 404, { message: 'Not Found' });
    }
    json(response, 404, { message: 'Not Found' });
  }

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', base);
    state.requests.push({ method: request.method ?? '', path: url.pathname });
    const handle = async () => {
      if (url.pathname.startsWith(TWIRP_PREFIX) && request.method === 'POST') {
        const body = JSON.parse((await readBody(request)).toString('utf8') || '{}') as Record<string, unknown>;
        return twirp(url.pathname.slice(TWIRP_PREFIX.length), body, response);
      }
      if (url.pathname.startsWith('/devstoreaccount1/actions-cache/')) return blob(request, url, response);
      if (url.pathname.startsWith('/repos/')) return comments(request, url, response);
      json(response, 404, { message: 'Not Found' });
    };
    handle().catch((error: unknown) => json(response, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    addEntry(key: string, version: string, bytes: Buffer) {
      const entry: CacheEntry = {
        id: state.entries.length + 1,
        key,
        version,
        blob: bytes,
        finalized: true,
        sequence: ++sequence,
      };
      state.entries.push(entry);
      blobs.set(String(entry.id), bytes);
    },
    url: base,
    resultsUrl: `${base}/`,
    apiUrl: base,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as FakeGitHub;
}
