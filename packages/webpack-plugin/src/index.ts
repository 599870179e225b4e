// Filled by the plugins issue: a few lines over core's unplugin factory.
export {};
