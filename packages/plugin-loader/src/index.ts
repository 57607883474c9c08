export { type ArchiveLimits, extractTarball } from "./archive.js";
export { candidateBlockReason, isInside } from "./candidate-safety.js";
export { suggestId, withInstallRecord, withPluginEnabled } from "./config-edit.js";
export { type LoadedConfig, readConfigFile, writeConfigFile } from "./config-file.js";
export {
  buildControlPlane,
  type ControlPlane,
  type ControlPlaneOptions,
  type ControlPlanePlugin,
} from "./control-plane.js";
export {
  configuredLoadPaths,
  type DiscoveryResult,
  type DiscoveryRoots,
  discoverPlugins,
  type PluginCandidate,
} from "./discovery.js";
export { DEFAULT_ON_BUNDLED_IDS, type EnablementSubject, resolveActivation } from "./enablement.js";
export {
  createHostLogger,
  type HostLogger,
  type HostLoggerOptions,
  REDACTED_LOG_PATHS,
  toPluginLogger,
} from "./host-logger.js";
export {
  type InstallPluginOptions,
  type InstallPluginResult,
  installDirName,
  installPlugin,
} from "./install.js";
export { type LoadPluginsOptions, loadPlugins } from "./load-plugins.js";
export {
  MANIFEST_FILE,
  type ManifestChannelConfig,
  normalizeManifest,
  type PluginManifest,
  readManifest,
} from "./manifest.js";
export { type ResolvedPluginExport, resolvePluginExport } from "./module-export.js";
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
