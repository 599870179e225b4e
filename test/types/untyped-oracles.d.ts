// The differential tests' oracles that ship no type declarations: only what the tests call.

declare module 'markdownlint/helpers' {
  /** markdownlint's own blanking of HTML comment text (keeps line structure). */
  export function clearHtmlCommentText(text: string): string;
}

declare module 'markdownlint-cli2' {
  /** markdownlint-cli2's programmatic entry; resolves to the exit code the CLI would return. */
  export function main(params: {
    directory?: string;
    argv?: string[];
    optionsOverride?: Record<string, unknown>;
    logMessage?: (message: string) => void;
    logError?: (message: string) => void;
  }): Promise<number>;
}
