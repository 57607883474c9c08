// Vitest >= 4 has no workspace file of its own: this module is the project list, imported by vitest.config.ts.
export default ["packages/*/vitest.config.ts", "extensions/*/vitest.config.ts", "test/*/vitest.config.ts"];
