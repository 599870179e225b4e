// Part of `pnpm bench remote`: peak RSS of a client process downloading from a malicious server
// (issue #16 items 6 and 7), next to the configured remote.maxArtifactSize.
import { runHostileClient, startHostileServer } from '../test/remote/hostile-server.mjs';
import { table } from './lib.mjs';

const MB = 1024 * 1024;
const LIMIT = 16 * MB;
const CASES = [
  ['brotli bomb (declares 1e9 bytes, inflates to 512 MB)', 'bomb', {}],
  ['brotli bomb lying (declares the limit, inflates to 512 MB)', 'bomb-lying', { declared: LIMIT }],
  ['flood behind content-length: 4 GiB', 'flood', {}],
  ['flood, chunked (no length)', 'flood-chunked', {}],
];

export async function hostileRows() {
  const rows = [];
  for (const [name, mode, extra] of CASES) {
    const cells = [name];
    for (const parallel of [1, 4]) {
      const server = await startHostileServer({ mode, namespace: 'large-file', key: 'ab'.repeat(16), ...extra });
      try {
        const run = await runHostileClient({
          url: server.url,
          namespace: 'large-file',
          key: 'ab'.repeat(16),
          gets: parallel,
          parallel,
          remote: { readOnly: true, maxArtifactSize: LIMIT },
        });
        if (run.crashed) throw new Error(`hostile client crashed on ${mode}:\n${run.stderr}`);
        cells.push(`${((run.maxRssBytes - run.baselineRssBytes) / MB).toFixed(1)} MB`);
        if (parallel === 1) cells.push(`${(server.stats.bytesSent / MB).toFixed(1)} MB`);
      } finally {
        await server.close();
      }
    }
    rows.push(cells);
  }
  console.log(
    `\nhostile server, client peak RSS over its baseline (remote.maxArtifactSize = ${LIMIT / MB} MB; the old client held 1.1 GB for the bomb):\n`,
  );
  table(['case', '1 download', 'server sent (streams)', '4 at once'], rows);
}
