/** Where warmbuild's own warnings go; plugins route them into the bundler's logger. */
export interface Logger {
  warn(message: string): void;
  info?(message: string): void;
}

export const stderrLogger: Logger = {
  warn: (message) => process.stderr.write(`warmbuild: ${message}\n`),
  info: (message) => process.stderr.write(`warmbuild: ${message}\n`),
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
