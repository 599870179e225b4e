import { parseArgs, type ParseArgsConfig } from 'node:util';
import { WarmbuildError } from '../errors.js';

/** parseArgs, with its errors turned into usage errors that say what to run. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
): ReturnType<
  typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true; allowNegative: true }>
> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true, allowNegative: true });
  } catch (error) {
    throw new WarmbuildError('USAGE', (error as Error).message, { hint: 'run warmbuild --help for the options' });
  }
}

export function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new WarmbuildError('USAGE', `--${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}

export function positiveNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new WarmbuildError('USAGE', `--${name} must be a positive number, got "${value}"`);
  return parsed;
}

/** Run a command body, turning WarmbuildErrors into a message and exit code 2. */
export async function withUsageErrors(body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof WarmbuildError) {
      process.stderr.write(`warmbuild: ${error.format()}\n`);
      return 2;
    }
    throw error;
  }
}
