/** The slice of @actions/core the action uses (a seam for run(deps)). */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  startColumn?: number;
}

export interface ActionCore {
  getInput(name: string): string;
  setOutput(name: string, value: unknown): void;
  saveState(name: string, value: unknown): void;
  getState(name: string): string;
  info(message: string): void;
  warning(message: string | Error, properties?: AnnotationProperties): void;
  error(message: string | Error, properties?: AnnotationProperties): void;
  notice(message: string | Error, properties?: AnnotationProperties): void;
  setFailed(message: string | Error): void;
  startGroup(name: string): void;
  endGroup(): void;
  summary: { addRaw(text: string, addEOL?: boolean): unknown; write(): Promise<unknown> };
}

/** The job summary; outside a runner (no GITHUB_STEP_SUMMARY) the log has to do. */
export async function writeSummary(core: ActionCore, env: NodeJS.ProcessEnv, markdown: string): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) {
    core.info(markdown);
    return;
  }
  core.summary.addRaw(markdown, true);
  await core.summary.write();
}
