import type http from 'node:http';
import { errnoCode } from '../../errors.js';

// node:http and node:https (with tls, net, stream...) are imported with the first request: every
// run builds its context with the remote tier code, most of them without a remote configured.
type Transports = { 'http:': typeof import('node:http'); 'https:': typeof import('node:https') };
let transports: Promise<Transports> | undefined;
const loadTransports = () =>
  (transports ??= Promise.all([import('node:http'), import('node:https')]).then(([plain, secure]) => ({
    'http:': plain.default,
    'https:': secure.default,
  })));

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type RequestFailure = 'network' | 'timeout' | 'truncated' | 'oversize';

/** A request that produced no usable response: connection refused or reset, deadline, short body, body over the limit. */
export class RemoteRequestError extends Error {
  readonly kind: RequestFailure;
  /** Reset on a kept-alive socket the server had just closed: says nothing about the server. */
  readonly stale: boolean;
  constructor(kind: RequestFailure, message: string, options?: { cause?: unknown; stale?: boolean }) {
    super(message, options);
    this.name = 'RemoteRequestError';
    this.kind = kind;
    this.stale = options?.stale ?? false;
  }
}

export interface RequestOptions {
  method: 'GET' | 'HEAD' | 'PUT';
  headers?: Record<string, string>;
  body?: Buffer;
}

export interface HttpClient {
  request(url: URL, options: RequestOptions): Promise<HttpResponse>;
  close(): void;
}

const MAX_REDIRECTS = 2;

/**
 * A timer late by more than this share of its delay says the thread was blocked (a synchronous
 * transform, babel) for a good part of the request's window.
 */
const LATE_SHARE = 0.1;

/**
 * The deadline of one request, counted in time the thread could serve it. A synchronous plugin
 * (babel) can block the thread past the deadline while the response waits in the socket; when the
 * loop resumes, the timers phase runs before the poll phase that would read it. So an expired
 * deadline first lets pending I/O run (`setImmediate` comes after the poll phase), and a timer
 * that fired late, the thread having been blocked, grants one more full window instead of
 * blaming the server for the time the thread was away. A server that never answers still fails,
 * after two windows at most.
 */
function armDeadline(delay: number, settled: () => boolean, expire: () => void): { cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let check: NodeJS.Immediate | undefined;
  let extended = false;
  const arm = () => {
    const due = performance.now() + delay;
    timer = setTimeout(() => {
      const late = performance.now() - due;
      check = setImmediate(() => {
        if (settled()) return;
        if (!extended && late > delay * LATE_SHARE) {
          extended = true;
          arm();
          return;
        }
        expire();
      });
    }, delay);
  };
  arm();
  return {
    cancel() {
      clearTimeout(timer);
      if (check) clearImmediate(check);
    },
  };
}

/**
 * Keep-alive HTTP(S) with one deadline per request covering connect, upload and the whole
 * response body. Idle sockets do not hold the process open (the agent unrefs them). A response
 * body is never held past `maxBodyBytes`: a declared length over it is refused before a byte is
 * read, and an undeclared (chunked) or lying one is cut when the count passes it, since a
 * timeout alone lets a fast server fill memory first.
 */
export function createHttpClient(options: { timeout: number; maxSockets: number; maxBodyBytes: number }): HttpClient {
  let agents: { 'http:': http.Agent; 'https:': http.Agent } | undefined;

  async function once(url: URL, request: RequestOptions, fresh = false): Promise<HttpResponse> {
    const modules = await loadTransports();
    agents ??= {
      'http:': new modules['http:'].Agent({ keepAlive: true, maxSockets: options.maxSockets }),
      'https:': new modules['https:'].Agent({ keepAlive: true, maxSockets: options.maxSockets }),
    };
    const transport = url.protocol === 'https:' ? modules['https:'] : modules['http:'];
    const agent = agents[url.protocol as 'http:' | 'https:'];
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const fail = (error: RemoteRequestError) => {
        if (settled) return;
        settled = true;
        deadline.cancel();
        req.destroy();
        reject(error);
      };
      const headers: Record<string, string> = { ...request.headers };
      if (request.body) headers['content-length'] = String(request.body.length);
      // The retry of a request that died on a stale kept-alive socket goes on a socket of its own:
      // the agent's other idle sockets went idle at the same time and may be closed too.
      const req = transport.request(url, { method: request.method, headers, agent: fresh ? false : agent });
      const deadline = armDeadline(
        options.timeout,
        () => settled,
        () =>
          fail(
            new RemoteRequestError(
              'timeout',
              `${request.method} ${url.pathname} took longer than ${options.timeout} ms`,
            ),
          ),
      );
      req.on('error', (error) => {
        // ECONNRESET while sending, EPIPE while still writing a body: both mean the socket was dead on arrival.
        const stale = req.reusedSocket && (errnoCode(error) === 'ECONNRESET' || errnoCode(error) === 'EPIPE');
        fail(
          new RemoteRequestError('network', `${request.method} ${url.pathname}: ${errnoCode(error) ?? error.message}`, {
            cause: error,
            stale,
          }),
        );
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let received = 0;
        const over = () =>
          fail(
            new RemoteRequestError(
              'oversize',
              `${request.method} ${url.pathname}: body over remote.maxArtifactSize (${options.maxBodyBytes} bytes)`,
            ),
          );
        const declared = Number(res.headers['content-length']);
        if (
          request.method !== 'HEAD' &&
          res.headers['content-length'] !== undefined &&
          declared > options.maxBodyBytes
        ) {
          over();
          return;
        }
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          received += chunk.length;
          if (received > options.maxBodyBytes) {
            chunks.length = 0;
            over();
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (error) =>
          fail(
            new RemoteRequestError(
              'truncated',
              `${request.method} ${url.pathname}: body cut short (${errnoCode(error) ?? error.message})`,
              { cause: error },
            ),
          ),
        );
        res.on('aborted', () =>
          fail(new RemoteRequestError('truncated', `${request.method} ${url.pathname}: connection closed mid-body`)),
        );
        res.on('end', () => {
          if (
            !res.complete ||
            (request.method !== 'HEAD' &&
              Number.isFinite(declared) &&
              res.headers['content-length'] !== undefined &&
              declared !== received)
          ) {
            fail(
              new RemoteRequestError(
                'truncated',
                `${request.method} ${url.pathname}: got ${received} of ${res.headers['content-length'] ?? '?'} bytes`,
              ),
            );
            return;
          }
          if (settled) return;
          settled = true;
          deadline.cancel();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks, received) });
        });
      });
      req.end(request.body);
    });
  }

  async function request(url: URL, options: RequestOptions): Promise<HttpResponse> {
    let target = url;
    let current = options;
    for (let hop = 0; ; hop++) {
      const response = await once(target, current).catch((error: unknown) => {
        // A server closes idle keep-alive sockets on its own clock (Node's default: 5 s); a request
        // that raced that close is sent again once, on a fresh socket, as Node's docs advise. Every
        // request of this API is idempotent (artifacts are content-addressed), uploads included.
        if (error instanceof RemoteRequestError && error.stale) return once(target, current, true);
        throw error;
      });
      const location = response.headers.location;
      if (
        options.method === 'PUT' ||
        response.status < 300 ||
        response.status >= 400 ||
        !location ||
        hop >= MAX_REDIRECTS
      )
        return response;
      // Servers may send reads to a CDN (turborepo-remote-cache's TURBO_CACHE_READ_URL): follow,
      // and keep the token for the same origin only.
      const next = new URL(location, target);
      const headers = { ...current.headers };
      if (next.origin !== url.origin) delete headers.authorization;
      target = next;
      current = { ...current, headers };
    }
  }

  return {
    request,
    close() {
      agents?.['http:'].destroy();
      agents?.['https:'].destroy();
    },
  };
}
