export { type ArchiveLimits, extractTarball, extractZip } from "./archive.js";
export { cacheLifetimeMs, DEFAULT_CACHE_MS, ShortLivedCache } from "./caches.js";
export { candidateBlockReason, isInside } from "./candidate-safety.js";
export { type CandidateDecision, type IdentifiedCandidate, selectCandidates } from "./candidate-selection.js";
export {
  buildChannelCatalog,
  type ChannelCatalog,
  type ChannelCatalogEntry,
  type ChannelCatalogMeta,
  type ChannelInstallMeta,
  externalCatalogPaths,
} from "./catalog.js";
export {
  type SlotSelectionResult,
  suggestId,
  withInstallRecord,
  withPluginEnabled,
  withSlotSelection,
} from "./config-edit.js";
export { type LoadedConfig, readConfigFile, writeConfigFile } from "./config-file.js";
export { BASE_CONFIG_SCHEMA, buildConfigSchema, type JsonSchema, type UiHint } from "./config-schema.js";
export { type ConfigIssue, type ConfigValidationResult, validateConfig } from "./config-validation.js";
export {
  buildControlPlane,
  type ControlPlane,
  type ControlPlaneOptions,
  type ControlPlanePlugin,
} from "./control-plane.js";
export {
  type BlockedCandidate,
  clearPluginDiscoveryCache,
  configuredLoadPaths,
  type DiscoveryResult,
  type DiscoveryRoots,
  discoverPlugins,
  type PluginCandidate,
} from "./discovery.js";
export { DEFAULT_ON_BUNDLED_IDS, type EnablementSubject, resolveActivation } from "./enablement.js";
export { checkHostCompat, type HostCompatProblem, type HostRequirements } from "./host-compat.js";
export {
  createHostLogger,
  type HostLogger,
  type HostLoggerOptions,
  REDACTED_LOG_PATHS,
  toPluginLogger,
} from "./host-logger.js";
export { HOST_VERSION } from "./host-version.js";
export {
  type InstallPluginOptions,
  type InstallPluginResult,
  type InstallStep,
  installDirName,
  installPlugin,
} from "./install.js";
export { type LoadPluginsOptions, loadPlugins } from "./load-plugins.js";
export {
  clearPluginManifestCache,
  MANIFEST_FILE,
  type ManifestChannelConfig,
  normalizeManifest,
  type PluginManifest,
  readManifest,
} from "./manifest.js";
export { type ResolvedPluginExport, resolvePluginExport } from "./module-export.js";
export { type NpmOptions, type NpmResolution, npmFetchTarball, npmResolve } from "./npm-client.js";
export { looksLikeNpmSpec, type NpmSpec, npmSpecString, parseNpmSpec, unscopedName } from "./npm-spec.js";
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
} from "./paths.js";
export { createPluginRuntime, type PluginRuntimeOptions } from "./plugin-runtime.js";
export {
  formatIssues,
  type SchemaIssue,
  type SchemaValidationResult,
  schemaProblem,
  validateWithSchema,
} from "./schema-validator.js";
export { providedSdkSubpaths, sdkAliasMap } from "./sdk-alias.js";
export { scanSdkImports } from "./sdk-imports.js";
export {
  discoverSkills,
  parseSkillFile,
  type SkillProblem,
  type SkillRoot,
  type SkillSummary,
  skillRoots,
} from "./skills.js";
export {
  DEFAULT_MEMORY_SLOT,
  LEGACY_CONTEXT_ENGINE,
  manifestKinds,
  resolveSlots,
  type SlotSelection,
  slotBlockReason,
} from "./slots.js";
export { type UninstallPluginOptions, type UninstallPluginResult, uninstallPlugin } from "./uninstall.js";
export {
  type UpdateOutcome,
  type UpdatePluginsOptions,
  type UpdatePluginsResult,
  updatePlugins,
} from "./update.js";
