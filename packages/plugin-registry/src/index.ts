export {
  emptyDiagnosticStats,
  MAX_DIAGNOSTIC_TEXT,
  MAX_GLOBAL_DIAGNOSTICS,
  MAX_PLUGIN_DIAGNOSTICS,
  pushDiagnostic,
} from "./diagnostics.js";
export { canTransition, PLUGIN_TRANSITIONS, transition } from "./lifecycle.js";
export { ownValue, setOwn } from "./own-keys.js";
export { type CreatePluginApiOptions, createPluginApi } from "./plugin-api.js";
export {
  commandNameProblem,
  isSnakeCase,
  isUnderPrefix,
  normalizeRoutePath,
  RESERVED_COMMAND_NAMES,
  routesOverlap,
} from "./registration-rules.js";
export {
  emptyRegistrationSummary,
  type PluginFailureListener,
  PluginRegistry,
  type PluginRegistryOptions,
  type RegistrationLease,
} from "./registry.js";
export type * from "./types.js";
