export { cacheLifetimeMs, DEFAULT_CACHE_MS, ShortLivedCache } from "./control-plane/caches.js";
export { candidateBlockReason, isInside } from "./control-plane/candidate-safety.js";
export {
  type CandidateDecision,
  type IdentifiedCandidate,
  selectCandidates,
} from "./control-plane/candidate-selection.js";
export {
  buildChannelCatalog,
  type ChannelCatalog,
  type ChannelCatalogEntry,
  type ChannelCatalogMeta,
  type ChannelInstallMeta,
  externalCatalogPaths,
} from "./control-plane/catalog.js";
export {
  type ConfigFileContext,
  type ConfigPatchRequest,
  type ConfigPatchResult,
  type ConfigPathIssue,
  type ConfigSnapshot,
  configErrorsByPath,
  patchConfig,
  readConfigSnapshot,
} from "./control-plane/config-patch.js";
export {
  isSensitiveConfigPath,
  REDACTED,
  redactConfig,
  restoreRedacted,
} from "./control-plane/config-redact.js";
export {
  BASE_CONFIG_SCHEMA,
  buildConfigSchema,
  type JsonSchema,
  type UiHint,
} from "./control-plane/config-schema.js";
export {
  type ConfigIssue,
  type ConfigValidationResult,
  validateConfig,
} from "./control-plane/config-validation.js";
export {
  buildControlPlane,
  type ControlPlane,
  type ControlPlaneOptions,
  type ControlPlanePlugin,
} from "./control-plane/control-plane.js";
export {
  type BlockedCandidate,
  clearPluginDiscoveryCache,
  configuredLoadPaths,
  type DiscoveryResult,
  type DiscoveryRoots,
  discoverPlugins,
  type PluginCandidate,
} from "./control-plane/discovery.js";
export {
  DEFAULT_ON_BUNDLED_IDS,
  type EnablementSubject,
  resolveActivation,
} from "./control-plane/enablement.js";
export {
  checkHostCompat,
  type HostCompatProblem,
  type HostRequirements,
} from "./control-plane/host-compat.js";
export {
  clearPluginManifestCache,
  MANIFEST_FILE,
  type ManifestChannelConfig,
  normalizeManifest,
  type PluginManifest,
  readManifest,
} from "./control-plane/manifest.js";
export {
  formatIssues,
  type SchemaIssue,
  type SchemaValidationResult,
  schemaProblem,
  validateWithSchema,
} from "./control-plane/schema-validator.js";
export { scanSdkImports } from "./control-plane/sdk-imports.js";
export {
  discoverSkills,
  parseSkillFile,
  type SkillProblem,
  type SkillRoot,
  type SkillSummary,
  skillRoots,
} from "./control-plane/skills.js";
export {
  DEFAULT_MEMORY_SLOT,
  LEGACY_CONTEXT_ENGINE,
  manifestKinds,
  resolveSlots,
  type SlotSelection,
  slotBlockReason,
} from "./control-plane/slots.js";
export { diffConfig } from "./host/config-diff.js";
export {
  type SlotSelectionResult,
  suggestId,
  withInstallRecord,
  withPluginEnabled,
  withSlotSelection,
} from "./host/config-edit.js";
export {
  hashConfigBytes,
  type LoadedConfig,
  parseConfig,
  readConfigFile,
  writeConfigText,
} from "./host/config-file.js";
export {
  type ConfigLockHandle,
  type ConfigLockTiming,
  DEFAULT_CONFIG_LOCK_TIMING,
  withConfigLock,
} from "./host/config-lock.js";
export {
  applyConfigOp,
  applyConfigOps,
  type ConfigOp,
  type ConfigPath,
  formatConfigPath,
  getAtPath,
  parseConfigPath,
  parseConfigValue,
  resolveConfigOp,
} from "./host/config-path.js";
export { type ConfigTextEdit, type ConfigTextEditor, editConfigText } from "./host/config-text.js";
export {
  type ConfigMutation,
  type ConfigUpdateResult,
  commitConfigChanges,
  type UpdateConfigOptions,
  updateConfig,
  updateConfigFile,
  writeConfigFile,
} from "./host/config-update.js";
export {
  createHostLogger,
  type HostLogger,
  type HostLoggerOptions,
  REDACTED_LOG_PATHS,
  toPluginLogger,
} from "./host/host-logger.js";
export { HOST_VERSION } from "./host/host-version.js";
export {
  expandHome,
  type PathEnv,
  resolveBundledDir,
  resolveConfigPath,
  resolveGlobalExtensionsDir,
  resolveHomeDir,
  resolveStateDir,
  resolveWorkspaceDir,
  resolveWorkspaceExtensionsDir,
} from "./host/paths.js";
export { type ArchiveLimits, DEFAULT_LIMITS, extractTarball } from "./install/archive.js";
export {
  type InstallPluginOptions,
  type InstallPluginResult,
  type InstallStep,
  installDirName,
  installPlugin,
} from "./install/install.js";
export { type NpmOptions, type NpmResolution, npmFetchTarball, npmResolve } from "./install/npm-client.js";
export {
  looksLikeNpmSpec,
  type NpmSpec,
  npmSpecString,
  parseNpmSpec,
  unscopedName,
} from "./install/npm-spec.js";
export {
  createStageDir,
  LEGACY_STAGE_MAX_AGE_MS,
  removeStaleStageDirs,
  STAGE_OWNER_FILE,
  STAGE_PREFIX,
} from "./install/stage-dirs.js";
export {
  type UninstallPluginOptions,
  type UninstallPluginResult,
  uninstallPlugin,
} from "./install/uninstall.js";
export {
  integrityDrift,
  type UpdateOutcome,
  type UpdatePluginsOptions,
  type UpdatePluginsResult,
  updatePlugins,
} from "./install/update.js";
export { extractZip } from "./install/zip-archive.js";
export {
  attributeFault,
  attributeFaultScope,
  type PluginRoot,
  pluginOfStack,
} from "./runtime/fault-attribution.js";
export { type LoadPluginsOptions, loadPlugins } from "./runtime/load-plugins.js";
export { type LoopWatchdog, type LoopWatchdogOptions, startLoopWatchdog } from "./runtime/loop-watchdog.js";
export { type ResolvedPluginExport, resolvePluginExport } from "./runtime/module-export.js";
export {
  currentPluginScope,
  describePluginCall,
  isBlockedCallError,
  PLUGIN_CALL_BUDGETS_MS,
  type PluginCallKind,
  type PluginCallScope,
  pluginTimeoutError,
  runPluginCall,
} from "./runtime/plugin-call.js";
export { failPlugin, failureFrom } from "./runtime/plugin-failure.js";
export { createPluginRuntime, type PluginRuntimeOptions } from "./runtime/plugin-runtime.js";
export { providedSdkSubpaths, sdkAliasMap } from "./runtime/sdk-alias.js";
