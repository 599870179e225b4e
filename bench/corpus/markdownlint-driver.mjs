// markdownlint-cli2 as its command line runs it, through its own `main`, with one override:
// `fix: false`. A repository's `.markdownlint-cli2.*` may say `fix: true` (PowerShell-Docs does),
// and the oracle must neither rewrite the checkout nor report only what is left after fixing.
// argv: <markdownlint-cli2 entry> <glob...>; run with the repository as the working directory.
import { pathToFileURL } from 'node:url';

const [entry, ...globs] = process.argv.slice(2);
const { main } = await import(pathToFileURL(entry).href);
const code = await main({
  directory: process.cwd(),
  argv: globs,
  optionsOverride: { fix: false },
  logMessage: (message) => process.stdout.write(`${message}\n`),
  logError: (message) => process.stderr.write(`${message}\n`),
});
process.exitCode = code;
