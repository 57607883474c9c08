// The public surface of @openclaw/plugin-loader: what the gateway, the CLI and their tests use.
// Everything else is internal to the package (its own tests import modules directly).
export { buildChannelCatalog } from "./control-plane/catalog.js";
export {
  type ConfigPatchRequest,
  type ConfigPathIssue,
  patchConfig,
  readConfigSnapshot,
} from "./control-plane/config-patch.js";
export { BASE_CONFIG_SCHEMA, buildConfigSchema } from "./control-plane/config-schema.js";
export { type ConfigIssue, validateConfig } from "./control-plane/config-validation.js";
export {
  buildControlPlane,
  type ControlPlane,
  type ControlPlanePlugin,
} from "./control-plane/control-plane.js";
export { formatIssues, schemaProblem, validateWithSchema } from "./control-plane/schema-validator.js";
export {
  discoverSkills,
  parseSkillFile,
  type SkillProblem,
  type SkillSummary,
  skillRoots,
} from "./control-plane/skills.js";
export { suggestId, withInstallRecord, withPluginEnabled, withSlotSelection } from "./host/config-edit.js";
export { readConfigFile } from "./host/config-file.js";
export { getAtPath, parseConfigPath, parseConfigValue } from "./host/config-path.js";
export { commitConfigChanges, updateConfig, writeConfigFile } from "./host/config-update.js";
export { createHostLogger, type HostLogger, toPluginLogger } from "./host/host-logger.js";
export {
  type PathEnv,
  resolveBundledDir,
  resolveConfigPath,
  resolveGlobalExtensionsDir,
  resolveStateDir,
  resolveWorkspaceDir,
} from "./host/paths.js";
export { type InstallStep, installPlugin } from "./install/install.js";
export { looksLikeNpmSpec } from "./install/npm-spec.js";
export { uninstallPlugin } from "./install/uninstall.js";
export { type UpdateOutcome, updatePlugins } from "./install/update.js";
export { attributeFaultScope } from "./runtime/fault-attribution.js";
export { loadPlugins } from "./runtime/load-plugins.js";
export { type LoopWatchdog, startLoopWatchdog } from "./runtime/loop-watchdog.js";
export {
  finishPluginCall,
  isBlockedCallError,
  isThenable,
  PLUGIN_CALL_BUDGETS_MS,
  type PluginCallKind,
  type PluginCallScope,
  type PluginCallSpec,
  runPluginCall,
  type StartedPluginCall,
  startPluginCalls,
} from "./runtime/plugin-call.js";
export { failPlugin, failureFrom } from "./runtime/plugin-failure.js";
export { createPluginRuntime } from "./runtime/plugin-runtime.js";
