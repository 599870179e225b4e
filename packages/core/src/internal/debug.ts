const enabled = /(^|,)\s*(warmbuild|\*)/.test(process.env.DEBUG ?? '');

/** `DEBUG=warmbuild` prints internal decisions (cache misses, skipped entries) to stderr. */
export function debug(scope: string, message: string): void {
  if (enabled) process.stderr.write(`warmbuild:${scope} ${message}\n`);
}
