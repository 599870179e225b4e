// `@warmbuild/core/plugin`: what the bundler adapters import. Kept apart from the main entry so
// loading a plugin does not load the engine; the check worker (or the first in-thread run) does.
export { warmbuildUnplugin, PLUGIN_NAME } from './unplugin.js';
export { createBuildSession } from './build-session.js';
export type { BuildSession, BuildOutcome, BuildSetup } from './build-session.js';
export type { WarmbuildPluginOptions, FailOn } from './options.js';
export type { BuildReport } from './build-report.js';
export { BUILD_REPORT_VERSION } from './build-report.js';
export { findBundleCycles, findStronglyConnected } from '../graph/bundle-cycles.js';
export type { ModuleGraph } from '../graph/bundle-cycles.js';
