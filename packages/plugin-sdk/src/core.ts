/**
 * `@openclaw/plugin-sdk/core` (also `openclaw/plugin-sdk/core`): the generic plugin API.
 * @packageDocumentation
 */
export type { ChannelMeta, ChannelPlugin, ChannelRegistration } from "./channel-types.js";
export type {
  PluginCliContext,
  PluginCliRegistrar,
  PluginGatewayCall,
  RegisterCliOptions,
} from "./cli-types.js";
export type { PluginCommand, PluginCommandContext, PluginCommandResult } from "./command-types.js";
export {
  emptyPluginConfigSchema,
  type PluginConfigJsonSchema,
  type PluginConfigParseResult,
  type PluginConfigSchema,
} from "./config-schema.js";
export type {
  ApprovalsConfig,
  GatewayConfig,
  OpenClawConfig,
  PluginEntryConfig,
  PluginInstallRecord,
  PluginInstallSource,
  PluginsConfig,
} from "./config-types.js";
export type { ContextEngine, ContextEngineFactory, ContextEngineInfo } from "./context-engine-types.js";
export {
  AGENT_ERROR_CODES,
  CLI_ERROR_CODES,
  CORE_ERROR_CODES,
  CORE_ERROR_OWNERS,
  type CoreErrorCode,
  GATEWAY_ERROR_CODES,
  LOADER_ERROR_CODES,
  REGISTRY_ERROR_CODES,
} from "./errors/core-codes.js";
export {
  type ErrorCodeDeclaration,
  type ErrorCodeInfo,
  errorCodeInfo,
  isWellFormedErrorCode,
  listErrorCodes,
  statusOf,
} from "./errors/error-registry.js";
export {
  defineErrorCodes,
  type ErrorCodeSet,
  errorMessage,
  isOpenClawError,
  isOpenClawErrorCode,
  OpenClawError,
  type OpenClawErrorCode,
  type OpenClawErrorJSON,
  type OpenClawErrorOptions,
  type PluginErrorCode,
} from "./errors/openclaw-error.js";
export type {
  GatewayMethodOptions,
  GatewayRequestHandler,
  GatewayRequestHandlerOptions,
  GatewayRespond,
} from "./gateway-method-types.js";
export {
  type BeforeAgentStartResult,
  type BeforeModelResolveEvent,
  type BeforeModelResolveResult,
  type BeforePromptBuildEvent,
  type BeforePromptBuildResult,
  type GatewayLifecycleEvent,
  type LegacyHookHandler,
  type LegacyHookOptions,
  PLUGIN_HOOK_NAMES,
  type PluginHookContext,
  type PluginHookEvent,
  type PluginHookHandler,
  type PluginHookName,
  type PluginHookOptions,
  type PluginHookResult,
} from "./hook-types.js";
export type { HookDirEntry, HookRequirements } from "./hooks/hook-dir.js";
export { type PluginHookLoadResult, registerPluginHooksFromDir } from "./hooks/register-hooks-from-dir.js";
export type {
  PluginHttpRoute,
  PluginHttpRouteAuth,
  PluginHttpRouteHandler,
} from "./http-route-types.js";
export type { InboundChannelMessage, InboundDispatchResult, PluginRuntimeChannel } from "./inbound-types.js";
export type { LogFields, PluginLogger } from "./logger-types.js";
export type {
  EmbeddedPiAgentParams,
  EmbeddedPiPayload,
  EmbeddedPiRunResult,
  EmbeddedPiUsage,
  ResolveAgentTimeoutParams,
} from "./pi-agent-types.js";
export type { OpenClawPluginApi, PluginRegistrationMode } from "./plugin-api.js";
export {
  definePluginEntry,
  type OpenClawPluginDefinition,
  type PluginEntry,
  type PluginEntryOptions,
  type PluginRegister,
} from "./plugin-entry.js";
export type {
  OAuthCredential,
  ProviderAuthMethod,
  ProviderAuthResult,
  ProviderDiscovery,
  ProviderDiscoveryOrder,
  ProviderPlugin,
  ProviderWizard,
} from "./provider-types.js";
export type {
  EmbeddedAgentParams,
  EmbeddedAgentResult,
  LlmCompleteParams,
  LlmCompleteResult,
  LlmMessage,
  PluginRuntime,
  PluginRuntimeAgent,
  PluginRuntimeLlm,
  RuntimeUsage,
} from "./runtime-types.js";
export type { PluginService, PluginServiceContext } from "./service-types.js";
export type {
  PluginSttRuntime,
  PluginTtsRuntime,
  TelephonyTtsParams,
  TelephonyTtsResult,
  TelephonyTtsStream,
  TranscribeAudioFileParams,
} from "./speech-runtime-types.js";
export type {
  PluginRuntimeSubagent,
  SubagentDeleteSessionParams,
  SubagentGetSessionMessagesParams,
  SubagentGetSessionMessagesResult,
  SubagentRunParams,
  SubagentRunResult,
  SubagentSessionMessage,
  SubagentWaitParams,
  SubagentWaitResult,
} from "./subagent-types.js";
export type {
  AgentTool,
  AgentToolContent,
  AgentToolFactory,
  AgentToolFactoryContext,
  AgentToolResult,
  RegisterToolOptions,
} from "./tool-types.js";
