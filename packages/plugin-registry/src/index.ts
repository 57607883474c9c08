export { type CreatePluginApiOptions, createPluginApi } from "./plugin-api.js";
export {
  commandNameProblem,
  isSnakeCase,
  isUnderPrefix,
  normalizeRoutePath,
  RESERVED_COMMAND_NAMES,
  routesOverlap,
} from "./registration-rules.js";
export { emptyRegistrationSummary, PluginRegistry, type PluginRegistryOptions } from "./registry.js";
export type * from "./types.js";
