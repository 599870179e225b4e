// Starts the real `turborepo-remote-cache` server (npm) on 127.0.0.1 with local storage,
// runs the warmbuild CLI as a process against it, and generates small repositories.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const cliPath = path.resolve(here, '../../packages/core/dist/cli/bin.js');
const serverCli = path.join(
  path.dirname(createRequire(import.meta.url).resolve('turborepo-remote-cache/package.json')),
  'dist/cli.js',
);

export const TOKEN = 'test-token';
export const TEAM = 'team_warmbuild';

export interface RemoteServer {
  url: string;
  port: number;
  storage: string;
  process: ChildProcess;
  /** Artifact files the server holds (tags excluded). */
  artifacts(): string[];
  stop(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `warmbuild-${prefix}-`));
}

/** Start the server; resolves once it logs its listening address (PORT=0: the OS picks one). */
export async function startRemoteServer(env: Record<string, string> = {}): Promise<RemoteServer> {
  const storage = tempDir('remote-store');
  const child = spawn(process.execPath, [serverCli], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      STORAGE_PROVIDER: 'local',
      STORAGE_PATH: storage,
      STORAGE_PATH_USE_TMP_FOLDER: 'false',
      TURBO_TOKEN: TOKEN,
      // With a key of its own the server stores and returns the x-artifact-tag of each upload
      // (it never checks them): without one, signed clients would see every artifact unsigned.
      TURBO_REMOTE_CACHE_SIGNATURE_KEY: 'server-side',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`turborepo-remote-cache did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`turborepo-remote-cache exited with ${code}:\n${output}`));
    });
  });
  // Keep draining the logs so the server never blocks on a full pipe.
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    storage,
    process: child,
    artifacts: () => listFiles(storage).filter((file) => !file.endsWith('.tag')),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      fs.rmSync(storage, { recursive: true, force: true });
    },
  };
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** A repository of `count` TypeScript files of varied sizes, a few over the large-file line budget. */
export function generateRepo(dir: string, count: number, seed = ''): string {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const lines = i % 25 === 0 ? 10_050 : 20 + (i % 40);
    const body = Array.from({ length: lines }, (_, line) => `export const v${i}_${line} = ${line};`).join('\n');
    fs.mkdirSync(path.join(dir, `pkg${i % 5}`), { recursive: true });
    fs.writeFileSync(path.join(dir, `pkg${i % 5}`, `file${i}.ts`), `// ${seed}\n${body}\n`);
  }
  return dir;
}

export interface CheckRun {
  status: number | null;
  stderr: string;
  /** `warmbuild:` lines on stderr (warnings). */
  warnings: string[];
  findings: { rule: string; file: string }[];
  cache: Record<string, number>;
}

/** `warmbuild check <repo> --cache-dir <dir> --format json` as a child process. */
export function runCheck(repo: string, cacheDir: string, env: Record<string, string | undefined>): Promise<CheckRun> {
  return new Promise((resolve, reject) => {
    const childEnv: Record<string, string> = {};
    for (const [name, value] of Object.entries({ ...process.env, ...env })) {
      if (value !== undefined && !(name.startsWith('WARMBUILD_REMOTE_') && !(name in env))) childEnv[name] = value;
    }
    const child = spawn(process.execPath, [cliPath, 'check', repo, '--cache-dir', cacheDir, '--format', 'json'], {
      env: childEnv,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      let parsed: { findings: CheckRun['findings']; stats: { cache: Record<string, number> } };
      try {
        parsed = JSON.parse(stdout);
      } catch {
        reject(new Error(`warmbuild check printed no JSON (exit ${status}):\n${stdout}\n${stderr}`));
        return;
      }
      resolve({
        status,
        stderr,
        warnings: stderr.split('\n').filter((line) => line.startsWith('warmbuild:')),
        findings: parsed.findings,
        cache: parsed.stats.cache,
      });
    });
  });
}

/** A machine of the team: signed, as a shared read-write cache should be (unsigned, every run warns once). */
export const SIGNATURE_KEY = 'team-signature-key';

export function remoteEnv(server: { url: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    WARMBUILD_REMOTE_URL: server.url,
    WARMBUILD_REMOTE_TOKEN: TOKEN,
    WARMBUILD_REMOTE_TEAM: TEAM,
    WARMBUILD_REMOTE_SIGNATURE_KEY: SIGNATURE_KEY,
    ...extra,
  };
}

/** A free loopback port (for a server that is not there). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
