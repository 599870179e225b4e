#!/usr/bin/env node
// Kept tiny on purpose: `warmbuild --help` must not load the engine.
import { pathToFileURL } from 'node:url';
import { cliEntry } from './entry.js';

// A reader that went away (`warmbuild check . | head -1`) is no error of ours: like other CLIs,
// stop writing quietly and end with the run's own exit status. Unhandled, the 'error' event
// crashed the process with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
}

const argv = process.argv.slice(2);
const entry = cliEntry(argv[0]);
if (/(^|,)\s*(warmbuild|\*)/.test(process.env.DEBUG ?? '')) process.stderr.write(`warmbuild:cli running ${entry}\n`);

(import(pathToFileURL(entry).href) as Promise<typeof import('./main.js')>)
  .then(({ main }) => main(argv))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`warmbuild: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 2;
    },
  );
