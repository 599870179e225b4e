/**
 * Every error warmbuild raises on purpose. `code` is stable and machine-readable;
 * `file` names what the user must fix when there is such a file; `hint` says how.
 */
export type WarmbuildErrorCode =
  | 'USAGE'
  | 'CONFIG_INVALID'
  | 'OPTION_INVALID'
  | 'TYPESCRIPT_UNSUPPORTED'
  | 'TYPESCRIPT_MISSING'
  | 'CACHE_UNWRITABLE'
  | 'CACHE_DIR_FOREIGN'
  | 'CACHE_ABSOLUTE_PATH'
  | 'INTERNAL';

export class WarmbuildError extends Error {
  readonly code: WarmbuildErrorCode;
  readonly file: string | undefined;
  readonly hint: string | undefined;

  constructor(
    code: WarmbuildErrorCode,
    message: string,
    details: { file?: string; hint?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'WarmbuildError';
    this.code = code;
    this.file = details.file;
    this.hint = details.hint;
  }

  /** One line for a terminal: `[CODE] message (file) → hint`. */
  format(): string {
    let text = `[${this.code}] ${this.message}`;
    if (this.file) text += `\n  file: ${this.file}`;
    if (this.hint) text += `\n  fix: ${this.hint}`;
    return text;
  }
}

export function isWarmbuildError(error: unknown): error is WarmbuildError {
  return error instanceof WarmbuildError;
}

/** The Node error code (`ENOENT`, `EACCES`...) of an unknown thrown value, if any. */
export function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}
