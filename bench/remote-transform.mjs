// Part of `pnpm bench remote` (issue #13): the React Compiler example built by child `vite build`
// processes with cached(babel) and the real turborepo-remote-cache on 127.0.0.1, behind a
// counting proxy. Machine 1 builds cold, then warm; machine 2 is the same checkout with its local
// cache deleted, its first build served by the remote tier. Same run, interleaved.
// --components=N (default 800), --remote-runs=N (default 3).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { benchDir, fmtMs, median, ratio, repoRoot, table } from './lib.mjs';

const PACKAGES = [
  'vite',
  '@rolldown/plugin-babel',
  '@babel/core',
  'babel-plugin-react-compiler',
  'react',
  'react-dom',
  '@warmbuild/vite-plugin',
  '@warmbuild/core',
];

// cached(babel) as in the example, plus a plugin after it that notes when the first module came
// out of babel's hook: the requests before that are what a build waits for before its first hit.
const CONFIG = `import fs from 'node:fs';
import { defineConfig } from 'vite';
import babel from '@rolldown/plugin-babel';
import { cached } from '@warmbuild/vite-plugin';

let first;
export default defineConfig({
  plugins: [
    cached(babel, { plugins: ['babel-plugin-react-compiler'] }, { onStats: (stats) => fs.writeFileSync('stats.json', JSON.stringify(stats)) }),
    {
      name: 'first-served',
      transform(code, id) {
        if (id.endsWith('.jsx')) first ??= Date.now();
      },
      closeBundle() {
        fs.writeFileSync('first-transform.txt', String(first));
      },
    },
  ],
  build: { sourcemap: true },
  logLevel: 'warn',
});
`;

function arg(args, name, fallback) {
  const found = args.find((item) => item.startsWith(`${name}=`));
  return found === undefined ? fallback : found.slice(name.length + 1);
}

function prepare(count) {
  const example = path.join(repoRoot, 'examples', 'vite-react-compiler');
  const dir = benchDir('remote-transform');
  for (const entry of fs.readdirSync(dir)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  for (const file of ['index.html', 'src/main.jsx']) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(example, file), path.join(dir, file));
  }
  fs.writeFileSync(path.join(dir, 'vite.config.mjs'), CONFIG);
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'wb-bench-remote-transform', private: true, type: 'module' }),
  );
  for (const name of PACKAGES) {
    const link = path.join(dir, 'node_modules', name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(example, 'node_modules', name)), link, 'dir');
  }
  const generate = spawnAsync(
    process.execPath,
    [
      path.join(example, 'scripts', 'generate.mjs'),
      '--count',
      String(count),
      '--out',
      path.join(dir, 'src', 'generated'),
    ],
    {},
  );
  return generate.then((run) => {
    if (run.status !== 0) throw new Error(`generating components failed:\n${run.stderr}`);
    return dir;
  });
}

/** Asynchronous: the proxy lives in this process and must keep answering while the build runs. */
function spawnAsync(command, args, options) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr, ms: performance.now() - started }));
  });
}

async function countingProxy(target) {
  const requests = [];
  const upstream = new URL(target);
  // A fresh upstream connection per request: a kept-alive one the server closed while idle
  // would reset a request the client made, and blame the client's tier for the proxy's race.
  const agent = new http.Agent({ keepAlive: false });
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method, at: Date.now() });
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => {
      console.error(`proxy: ${req.method} ${req.url}: ${error.message}`);
      res.destroy();
    });
    req.pipe(forward);
  });
  // The server behind it keeps idle connections 72 s (fastify's default); Node's 5 s would add a
  // keep-alive race of the proxy's own to what is measured.
  server.keepAliveTimeout = 72_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => {
      agent.destroy();
      server.closeAllConnections();
      server.close();
    },
  };
}

export async function transformRows({ args, server, token }) {
  const count = Number(arg(args, '--components', 800));
  const runs = Number(arg(args, '--remote-runs', 3));
  const dir = await prepare(count);
  const proxy = await countingProxy(server.url);
  const cacheDir = path.join(dir, 'node_modules', '.cache', 'warmbuild');
  const childEnv = { ...process.env };
  for (const name of Object.keys(childEnv)) if (name.startsWith('WARMBUILD_REMOTE_')) delete childEnv[name];
  const env = {
    ...childEnv,
    WARMBUILD_REMOTE_URL: proxy.url,
    WARMBUILD_REMOTE_TOKEN: token,
    WARMBUILD_REMOTE_TEAM: 'team_bench',
    WARMBUILD_REMOTE_SIGNATURE_KEY: 'bench-signature-key',
    // The deadline runs while babel holds the build's thread; on this shared 2-core machine under
    // load a cold build's queued lookups can wait that long for the event loop, not the server.
    WARMBUILD_REMOTE_TIMEOUT: '30000',
  };

  async function build() {
    const before = proxy.requests.length;
    const run = await spawnAsync(
      process.execPath,
      [path.join(dir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
      { cwd: dir, env },
    );
    if (run.status !== 0) throw new Error(`vite build failed:\n${run.stderr}`);
    const requests = proxy.requests.slice(before);
    const first = Number(fs.readFileSync(path.join(dir, 'first-transform.txt'), 'utf8'));
    const stats = JSON.parse(fs.readFileSync(path.join(dir, 'stats.json'), 'utf8'));
    const warnings = run.stderr.split('\n').filter((line) => line.includes('warmbuild'));
    if (warnings.length > 0) throw new Error(`warmbuild warned:\n${warnings.join('\n')}`);
    return { ms: run.ms, requests: requests.length, beforeFirst: requests.filter((r) => r.at <= first).length, stats };
  }

  try {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    const cold = await build();
    const warm = [];
    const second = [];
    for (let i = 0; i < runs; i++) {
      warm.push(await build());
      // Machine 2: this checkout with its local cache deleted; what it fetches it keeps, so delete again after.
      const localCache = `${cacheDir}.machine1`;
      fs.renameSync(cacheDir, localCache);
      second.push(await build());
      fs.rmSync(cacheDir, { recursive: true, force: true });
      fs.renameSync(localCache, cacheDir);
    }
    const w = median(warm.map((r) => r.ms));
    const m2 = median(second.map((r) => r.ms));
    const last = second.at(-1);
    const row = (name, r, ms, n) => [
      name,
      String(n),
      fmtMs(ms),
      `${r.stats.hits} / ${r.stats.misses}`,
      String(r.requests),
      String(r.beforeFirst),
    ];
    console.log(
      `\ntransform cache through the remote tier: React Compiler example, ${count} components, vite build, real turborepo-remote-cache on 127.0.0.1 (signed)\n`,
    );
    table(
      ['build', 'runs', 'median wall', 'hits / misses', 'requests', 'requests before the first transform'],
      [
        row('machine 1, cold (uploads)', cold, cold.ms, 1),
        row('machine 1, warm (local cache)', warm.at(-1), w, runs),
        row('machine 2, first build (local cache deleted, remote tier)', last, m2, runs),
      ],
    );
    console.log(
      `\nmachine 2 vs cold: ${ratio(cold.ms, m2)} faster (target ≥ 8×); machine 2 vs local warm: ${ratio(m2, w)} (target ≤ 1.3×)`,
    );
  } finally {
    proxy.close();
  }
}
