// Filled by the plugins issue: a few lines over core's unplugin factory.
export {};
export { cached, wrapPlugins } from '@warmbuild/core';
