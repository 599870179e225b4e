import { escapeControlCharacters } from './escape-control.js';

/** Where warmbuild's own warnings go; plugins route them into the bundler's logger. */
export interface Logger {
  warn(message: string): void;
  info?(message: string): void;
}

// Warnings quote repository paths (a tsconfig, a file that could not be read): a terminal must print them, never act on them.
export const stderrLogger: Logger = {
  warn: (message) => process.stderr.write(`warmbuild: ${escapeControlCharacters(message)}\n`),
  info: (message) => process.stderr.write(`warmbuild: ${escapeControlCharacters(message)}\n`),
};

/** A logger that says each distinct message once per process. */
export function createOnceLogger(target: Logger): Logger {
  const said = new Set<string>();
  return {
    warn(message) {
      if (said.has(message)) return;
      said.add(message);
      target.warn(message);
    },
    info: target.info?.bind(target),
  };
}
