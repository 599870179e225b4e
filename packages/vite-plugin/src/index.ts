// `warmbuild()` for vite.config.ts; also the Rollup, Rolldown and esbuild variants of the same plugin.
import { warmbuildUnplugin } from '@warmbuild/core/plugin';

export type { WarmbuildPluginOptions, FailOn, BuildReport } from '@warmbuild/core/plugin';
export const warmbuild = warmbuildUnplugin.vite;
export default warmbuild;
export const warmbuildRollup = warmbuildUnplugin.rollup;
export const warmbuildRolldown = warmbuildUnplugin.rolldown;
export const warmbuildEsbuild = warmbuildUnplugin.esbuild;
export { cached, wrapPlugins } from '@warmbuild/core';
