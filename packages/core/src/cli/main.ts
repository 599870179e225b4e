import { WARMBUILD_VERSION } from '../version.js';

export const HELP = `warmbuild: content-hash caches and repository checks for JS/TS builds

Usage:
  warmbuild check [root] [options]     run the repository checks
  warmbuild cache stats [root]         entries, bytes and namespaces of the disk cache
  warmbuild cache prune [root]         drop entries over --max-age / --max-size (or --unused)
  warmbuild cache clear [root]         remove the cache

Options:
  --only <rule,...>        run only these rules (ids or aliases)
  --format <text|json|sarif>   output format (default: text)
  --cache-dir <dir>        cache directory (default: <root>/node_modules/.cache/warmbuild;
                           also WARMBUILD_CACHE_DIR); warmbuild only clears or prunes
                           a directory it created
  --no-cache               run without any cache
  --fail-fast              stop at the first error-severity finding
  --include-type-imports   circular-import: count type-only imports as edges
  --dynamic-imports        circular-import: count import() as edges
  --max-age <days>         prune: entries unused for longer go (default: 14)
  --max-size <MB>          prune: bound on disk use (default: 512)
  --unused                 prune: also entries the last run did not use
  -h, --help               this help
  -v, --version            print the version

Exit codes: 0 ok, 1 error findings, 2 usage or configuration error.
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '-v' || command === '--version') {
    process.stdout.write(`${WARMBUILD_VERSION}\n`);
    return 0;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    process.stdout.write(HELP);
    return 0;
  }
  switch (command) {
    case 'check':
      return (await import('./check-command.js')).checkCommand(rest);
    case 'cache':
      return (await import('./cache-command.js')).cacheCommand(rest);
    default:
      process.stderr.write(`warmbuild: unknown command "${command}"; run warmbuild --help for the commands\n`);
      return 2;
  }
}
