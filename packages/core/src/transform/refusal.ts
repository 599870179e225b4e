/**
 * Why a call was not stored, said once per plugin and reason in the user's terms: a replayed
 * result would be stale or incomplete, so those calls run uncached in every build.
 */
const EXPLAINED: Record<string, string> = {
  emitFile: 'it emits files (this.emitFile), which a replayed result would not emit',
  setAssetSource: 'it sets emitted assets (this.setAssetSource), which a replayed result would not',
  resolve:
    "its output depends on the module graph (this.resolve): another module's resolution may change without this one changing",
  load: 'its output depends on other modules (this.load), which may change without this one changing',
  getModuleInfo: 'its output depends on module-graph state (this.getModuleInfo)',
  getModuleIds: 'its output depends on module-graph state (this.getModuleIds)',
  getCombinedSourcemap: "its output depends on earlier plugins' source maps (this.getCombinedSourcemap)",
  'addWatchFile(non-string)': 'it watched something other than a file path (this.addWatchFile)',
  'warn(with position or a lazy log)': 'it raised a warning with a position or a lazy log, which cannot be stored',
};

export function refusalMessage(plugin: string, reason: string, file: string): string {
  const why = EXPLAINED[reason] ?? `it ${reason.replace(/^returned/, 'returned')}, which cannot be stored and replayed`;
  return `cached(${plugin}): not cached for some modules (first: ${file}): ${why}; those calls run uncached in every build`;
}
