// Runs the bundled action the way the runner does: `node dist/index.js` (main) and
// `node dist/post.js` (post) as child processes, inputs as INPUT_* variables, file commands
// through GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY, state handed to post as STATE_*.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeGitHub } from './fake-github.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const distDir = path.join(repoRoot, 'packages/action/dist');

export interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  /** The file named by the report-path output, read before the job's temp dir goes away. */
  report: string | undefined;
}

/** Parse a file-command file (`name<<delimiter\nvalue\ndelimiter`, or `name=value`). */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = line.match(/^([^=<]+)<<(.+)$/);
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]);
      out[heredoc[1]] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

export interface Workflow {
  workspace: string;
  server: FakeGitHub;
  eventName: string;
  event: Record<string, unknown>;
  runId: string;
  env?: Record<string, string>;
}

function runNode(
  script: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * One job: the main step with these inputs, then the workflow's own steps (`steps`: the build, as
 * a workflow runs it after restoring), then the post step with main's state.
 */
export async function runJob(
  workflow: Workflow,
  inputs: Record<string, string>,
  steps?: () => Promise<void>,
): Promise<{ main: StepResult; post: StepResult }> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'warmbuild-job-'));
  const eventPath = path.join(scratch, 'event.json');
  fs.writeFileSync(eventPath, JSON.stringify(workflow.event));
  const baseEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workflow.workspace,
    GITHUB_EVENT_NAME: workflow.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'octo/widgets',
    GITHUB_RUN_ID: workflow.runId,
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_API_URL: workflow.server.apiUrl,
    ACTIONS_RESULTS_URL: workflow.server.resultsUrl,
    ACTIONS_RUNTIME_TOKEN: 'runtime-token',
    ACTIONS_CACHE_SERVICE_V2: 'true',
    RUNNER_TEMP: path.join(scratch, 'runner-temp'),
    RUNNER_OS: 'Linux',
    ...workflow.env,
  };
  fs.mkdirSync(baseEnv.RUNNER_TEMP!, { recursive: true });
  for (const [name, value] of Object.entries(inputs)) baseEnv[`INPUT_${name.toUpperCase()}`] = value;

  const step = async (script: string, name: string, extra: NodeJS.ProcessEnv): Promise<StepResult> => {
    const files = {
      GITHUB_OUTPUT: `${name}-output`,
      GITHUB_STATE: `${name}-state`,
      GITHUB_STEP_SUMMARY: `${name}-summary`,
    };
    const env: NodeJS.ProcessEnv = { ...baseEnv, ...extra };
    for (const [variable, file] of Object.entries(files)) {
      env[variable] = path.join(scratch, file);
      fs.writeFileSync(env[variable]!, '');
    }
    const result = await runNode(path.join(distDir, script), workflow.workspace, env);
    const outputs = parseFileCommands(fs.readFileSync(env.GITHUB_OUTPUT!, 'utf8'));
    return {
      ...result,
      outputs,
      report:
        outputs['report-path'] && fs.existsSync(outputs['report-path'])
          ? fs.readFileSync(outputs['report-path'], 'utf8')
          : undefined,
      state: parseFileCommands(fs.readFileSync(env.GITHUB_STATE!, 'utf8')),
      summary: fs.readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8'),
    };
  };

  const main = await step('index.js', 'main', {});
  await steps?.();
  const stateEnv = Object.fromEntries(Object.entries(main.state).map(([name, value]) => [`STATE_${name}`, value]));
  const post = await step('post.js', 'post', stateEnv);
  fs.rmSync(scratch, { recursive: true, force: true });
  return { main, post };
}

/** A small repository whose build fills warmbuild's cache dir and writes a build report. */
export function createWorkspace(): string {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'warmbuild-ws-'));
  fs.writeFileSync(path.join(workspace, 'package.json'), '{ "name": "widgets", "private": true }\n');
  fs.writeFileSync(path.join(workspace, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n");
  setBuildDelay(workspace, 0);
  fs.writeFileSync(
    path.join(workspace, 'build.mjs'),
    `import fs from 'node:fs';
const cacheDir = 'node_modules/.cache/warmbuild';
const warm = fs.existsSync(cacheDir + '/v1/entry.bin');
const extra = Number(fs.readFileSync('delay.txt', 'utf8'));
await new Promise((resolve) => setTimeout(resolve, (warm ? 20 : 150) + extra));
fs.mkdirSync(cacheDir + '/v1', { recursive: true });
fs.writeFileSync(cacheDir + '/v1/entry.bin', 'x'.repeat(4096));
fs.writeFileSync(cacheDir + '/report.json', JSON.stringify({
  bundler: 'vite', mode: 'production', cache: { hits: warm ? 10 : 0, misses: warm ? 0 : 10 },
  findings: [{ rule: 'large-file', severity: 'error', file: 'src/big.ts', line: 3, column: 1, message: 'src/big.ts is 2 MB' }],
}));
console.log(warm ? 'warm build' : 'cold build');
`,
  );
  return workspace;
}

/** Slow every build down by this many ms (the injected regression). */
export function setBuildDelay(workspace: string, ms: number): void {
  fs.writeFileSync(path.join(workspace, 'delay.txt'), String(ms));
}
