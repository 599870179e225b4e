// Helpers for the transform cache through the real turborepo-remote-cache server: project
// "machines" (copies of one project at different paths, each with its own cache dir), a counting
// proxy, and `vite dev` as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { makeProject } from '../transform-cache/helpers.js';

/** A stand-in `react` package, so that `vite dev` can resolve the compiled modules' imports. */
export function installReactStub(root: string): void {
  const dir = path.join(root, 'node_modules', 'react');
  fs.mkdirSync(dir, { recursive: true });
  const entry = './index.js';
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'react',
      version: '19.0.0',
      type: 'module',
      exports: { '.': entry, './compiler-runtime': entry, './jsx-dev-runtime': entry, './jsx-runtime': entry },
    }),
  );
  fs.writeFileSync(
    path.join(dir, 'index.js'),
    'export const c = () => [], jsxDEV = () => null, jsx = () => null, jsxs = () => null, Fragment = null, memo = (x) => x;\nexport default {};\n',
  );
}

/** A copy of `root` elsewhere: another machine's checkout of the same project, no cache dir. */
export function copyProject(root: string): string {
  const copy = makeProject();
  fs.rmSync(path.join(copy, 'src'), { recursive: true, force: true });
  fs.cpSync(path.join(root, 'src'), path.join(copy, 'src'), { recursive: true });
  return copy;
}

/** Module URLs of a project's sources, as the browser asks a dev server for them. */
export function moduleUrls(root: string): string[] {
  return fs
    .readdirSync(path.join(root, 'src'), { recursive: true })
    .map(String)
    .filter((name) => /\.(jsx?|tsx?)$/.test(name))
    .map((name) => `/src/${name.split(path.sep).join('/')}`);
}

export interface CountingProxy {
  url: string;
  /** Requests seen, with their method and time (performance.timeOrigin-based epoch ms). */
  requests: { method: string; at: number }[];
  close(): Promise<void>;
}

/** An HTTP proxy in front of the server that counts requests: what a build costs in round trips. */
export async function countingProxy(target: string): Promise<CountingProxy> {
  const requests: CountingProxy['requests'] = [];
  const upstream = new URL(target);
  // A fresh upstream connection per request: a kept-alive one the server closed while idle
  // would reset a request the client made, and blame the client's tier for the proxy's race.
  const agent = new http.Agent({ keepAlive: false });
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method!, at: Date.now() });
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface DevSession {
  child: ChildProcess;
  port: number;
  stdout(): string;
  stderr(): string;
  /** Module ids babel really transformed (cache misses). */
  transformed(): string[];
  /** Ask for every module, as a page load would. */
  loadAll(root: string): Promise<void>;
  /** Send `signal` and wait for the process to end. */
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const devScript = path.join(import.meta.dirname, 'transform-dev.mjs');

export async function startDev(root: string, env: Record<string, string>): Promise<DevSession> {
  const childEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !name.startsWith('WARMBUILD_')) childEnv[name] = value;
  const child = spawn(process.execPath, [devScript, root], {
    env: { ...childEnv, ...env },
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vite dev did not start:\n${out}\n${err}`)), 30_000);
    child.stdout!.on('data', () => {
      const match = /port (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`vite dev exited with ${code}:\n${out}\n${err}`));
    });
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    port,
    stdout: () => out,
    stderr: () => err,
    transformed: () => [...out.matchAll(/^transformed (.+)$/gm)].map((match) => match[1]),
    async loadAll(projectRoot) {
      for (const url of moduleUrls(projectRoot)) {
        const response = await fetch(`http://127.0.0.1:${port}${url}`);
        if (!response.ok) throw new Error(`GET ${url}: ${response.status}\n${await response.text()}`);
        await response.text();
      }
    },
    async stop(signal) {
      child.kill(signal);
      return exited;
    },
  };
}
