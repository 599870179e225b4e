// `warmbuild()` for webpack.config.js plugins; also the rspack variant of the same plugin.
import { warmbuildUnplugin } from '@warmbuild/core/plugin';

export type { WarmbuildPluginOptions, FailOn, BuildReport } from '@warmbuild/core/plugin';
export const warmbuild = warmbuildUnplugin.webpack;
export default warmbuild;
export const warmbuildRspack = warmbuildUnplugin.rspack;
