// Foundation: discovery + hashing + a check on a synthetic repo, cold vs warm; CLI start-up.
import fs from 'node:fs';
import path from 'node:path';
import { benchDir, cliPath, fmtMs, ratio, table, timeNode } from './lib.mjs';
import { generateRepo } from './synthetic-repo.mjs';

export default async function foundationBench({ args }) {
  const files = Number(args.find((arg) => arg.startsWith('--files='))?.split('=')[1] ?? 10_000);
  const runs = Number(args.find((arg) => arg.startsWith('--runs='))?.split('=')[1] ?? 3);
  const root = path.join(benchDir('foundation'), `repo-${files}`);
  generateRepo(root, { files });
  const cacheDir = path.join(root, 'node_modules/.cache/warmbuild');
  const check = ['check', root, '--format', 'json'];
  const clear = () => fs.rmSync(cacheDir, { recursive: true, force: true });

  const cold = timeNode([cliPath, ...check], { runs, before: clear });
  timeNode([cliPath, ...check], { runs: 1 }); // settle the index outside the racy window
  const warm = timeNode([cliPath, ...check], { runs });
  const noCache = timeNode([cliPath, ...check, '--no-cache'], { runs });
  const warmStats = JSON.parse(warm.last.stdout).stats;
  const coldStats = JSON.parse(cold.last.stdout).stats;

  const nodeStart = timeNode(['-e', ''], { runs: 10 });
  const help = timeNode([cliPath, '--help'], { runs: 10 });

  console.log(`synthetic repo: ${warmStats.files.total} files (${root})\n`);
  table(
    ['run', 'median', 'files read', 'cache hits', 'vs warm', 'peak RSS'],
    [
      [
        'cold (cache cleared)',
        fmtMs(cold.ms),
        coldStats.files.read,
        coldStats.cache.hits,
        ratio(cold.ms, warm.ms),
        `${(coldStats.cache.peakRssBytes / 2 ** 20).toFixed(0)} MB`,
      ],
      ['no cache', fmtMs(noCache.ms), '-', '-', ratio(noCache.ms, warm.ms), '-'],
      [
        'warm, no change',
        fmtMs(warm.ms),
        warmStats.files.read,
        warmStats.cache.hits,
        '1.0×',
        `${(warmStats.cache.peakRssBytes / 2 ** 20).toFixed(0)} MB`,
      ],
    ],
  );
  console.log(`\ncold / warm: ${ratio(cold.ms, warm.ms)} (target ≥ 5×)`);
  console.log(
    `\n\`warmbuild --help\`: ${fmtMs(help.ms)} median; bare \`node -e ""\`: ${fmtMs(nodeStart.ms)}; above Node start-up: ${fmtMs(help.ms - nodeStart.ms)}`,
  );
}
