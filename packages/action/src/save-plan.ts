/** What the main step tells the post step to save (serialised through GITHUB_STATE). */
export interface SavePlan {
  root: string;
  paths: string[];
  /** Key to save the build caches under; undefined when they must not be saved. */
  cacheKey: string | undefined;
  /** Why nothing is saved (untrusted event, exact hit). */
  skipped: string | undefined;
  /** The baseline entry: saved only when main wrote a baseline for this run. */
  baselineDir: string;
  baselineKey: string | undefined;
  runId: string;
  maxCacheBytes: number;
}

export function parseSavePlan(raw: string): SavePlan | undefined {
  if (!raw) return undefined;
  try {
    const plan = JSON.parse(raw) as SavePlan;
    return typeof plan.root === 'string' && Array.isArray(plan.paths) ? plan : undefined;
  } catch {
    return undefined;
  }
}
