// `warmbuild()` for vite.config.ts; also the Rollup, Rolldown and esbuild variants of the same plugin.
import { warmbuildUnplugin } from '@warmbuild/core/plugin';

export type { WarmbuildPluginOptions, FailOn, BuildReport } from '@warmbuild/core/plugin';
export const warmbuild = warmbuildUnplugin.vite;
export default warmbuild;
export const warmbuildRollup = warmbuildUnplugin.rollup;
export const warmbuildRolldown = warmbuildUnplugin.rolldown;
export const warmbuildEsbuild = warmbuildUnplugin.esbuild;
// From the transform entry, not the engine's: a config that only wraps plugins in cached() loads
// the cache and nothing else (the engine's import cost is paid by every warm build).
export { cached, wrapPlugins } from '@warmbuild/core/transform';
