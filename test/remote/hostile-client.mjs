// Child process of runHostileClient (hostile-server.mjs): downloads through the built remote tier
// and prints {got, warnings, maxRssBytes, baselineRssBytes} as JSON.
import { createRemoteTier } from '../../packages/core/dist/cache/remote/remote-tier.js';

const { url, namespace, key, gets, parallel, remote } = JSON.parse(process.argv[2]);
const warnings = [];
const tier = createRemoteTier({
  url,
  token: 't',
  timeout: 5_000,
  ...remote,
  logger: { warn: (m) => warnings.push(m), info() {} },
});
// The code loaded and one tier built: what any run costs before the server answers.
const baselineRssBytes = process.resourceUsage().maxRSS * 1024;
const got = [];
for (let done = 0; done < gets; done += parallel) {
  const batch = await Promise.all(
    Array.from({ length: Math.min(parallel, gets - done) }, () => tier.get(namespace, key)),
  );
  for (const value of batch) got.push(value ? value.length : null);
}
await tier.close();
process.stdout.write(
  JSON.stringify({ got, warnings, maxRssBytes: process.resourceUsage().maxRSS * 1024, baselineRssBytes }),
);
