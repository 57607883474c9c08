import type { ErrorCodeDeclaration } from "./error-registry.js";

/*
 * The core error codes, one table per owning package. They are declared here, in the SDK, because
 * the SDK is the contract every package and plugin compiles against: `CoreErrorCode` is a closed
 * union that type-checks every `new OpenClawError(code, …)` in core. Plugins declare their own
 * codes with `defineErrorCodes` (see error-registry.ts); Voice Call's `VOICE_*` codes live in
 * `@openclaw/voice-call`. `docs/errors.md` is generated from the registry (`pnpm gen-error-docs`).
 * Codes are semver-stable API: never renamed or reused.
 */

/** Codes raised by `@openclaw/plugin-loader`: config, manifests, discovery, loading, install. */
export const LOADER_ERROR_CODES = {
  CONFIG_PARSE_FAILED: { status: 400, summary: "The config file is not valid JSON5." },
  CONFIG_NOT_FOUND: {
    status: 404,
    summary: "There is no config file to validate (openclaw runs on defaults without one).",
  },
  CONFIG_INVALID: {
    status: 400,
    summary: "The config breaks a rule: unknown plugin id or channel, wrong type, bad slot.",
  },
  CONFIG_WRITE_FAILED: { status: 500, summary: "The config file could not be written." },
  CONFIG_CONFLICT: {
    status: 409,
    summary: "The config file changed since it was read (hash precondition failed); nothing was written.",
    hint: "Reload the config, re-apply the change and save again.",
  },
  CONFIG_LOCKED: {
    status: 503,
    summary: "Another process held the config lock for too long, or the lock was lost; nothing was written.",
  },
  CONFIG_PATH_NOT_FOUND: { status: 404, summary: "Nothing is set at this config path." },
  CONFIG_PATH_INVALID: {
    status: 400,
    summary: "A config path is empty, malformed, reaches a prototype key, or indexes an array with a key.",
  },
  MANIFEST_NOT_FOUND: { status: 404, summary: "A plugin root has no openclaw.plugin.json." },
  MANIFEST_PARSE_FAILED: { status: 400, summary: "openclaw.plugin.json is not valid JSON5." },
  MANIFEST_INVALID: {
    status: 400,
    summary: "openclaw.plugin.json lacks a required key or has a wrong type.",
  },
  PLUGIN_NOT_FOUND: { status: 404, summary: "No discovered plugin has this id." },
  PLUGIN_PATH_NOT_FOUND: { status: 404, summary: "A configured plugin path does not exist." },
  PLUGIN_BLOCKED: {
    status: 403,
    summary: "A plugin candidate failed a safety gate (escaping entry, world-writable, foreign owner).",
  },
  PLUGIN_HOST_INCOMPATIBLE: {
    status: 409,
    summary: "The plugin requires a different OpenClaw host version.",
  },
  PLUGIN_PACKAGE_INVALID: {
    status: 400,
    summary: "A plugin directory's package.json is not a readable JSON object, so its entries are unknown.",
  },
  PLUGIN_PATH_UNREADABLE: {
    status: 403,
    summary: "A plugin root or entry exists but cannot be read (permissions); it is reported, not skipped.",
  },
  PLUGIN_PROVENANCE_UNTRACKED: {
    status: 403,
    summary:
      "Warning: non-bundled plugin code is not pinned by plugins.allow or an install/load-path record (or stays off for that reason).",
    hint: "Set plugins.allow to the plugin ids you trust, or install plugins with `openclaw plugins install`.",
  },
  PLUGIN_ENTRY_NOT_FOUND: { status: 404, summary: "A plugin's declared entry file does not exist." },
  PLUGIN_CONFIG_INVALID: {
    status: 400,
    summary: "plugins.entries.<id>.config does not match the plugin's configSchema.",
  },
  PLUGIN_SDK_SUBPATH_MISSING: {
    status: 500,
    summary: "The plugin imports openclaw/plugin-sdk subpaths this host does not provide.",
  },
  PLUGIN_DEPENDENCY_MISSING: {
    status: 500,
    summary: "The plugin imports an npm package that is not installed.",
  },
  PLUGIN_IMPORT_FAILED: {
    status: 500,
    summary: "The plugin module threw or failed to resolve while being imported.",
  },
  PLUGIN_EXPORT_INVALID: {
    status: 500,
    summary: "The plugin module exports neither a register function nor an object with register.",
  },
  PLUGIN_ID_MISMATCH: { status: 400, summary: "The id exported by the module differs from the manifest id." },
  PLUGIN_REGISTER_FAILED: { status: 500, summary: "The plugin's register(api) threw." },
  PLUGIN_REGISTER_TIMEOUT: {
    status: 504,
    summary: "The plugin's register(api) did not settle within its budget; its api was revoked.",
    hint: "Raise plugins.registerTimeoutMs, or fix register() of {pluginId} so it settles.",
  },
  PLUGIN_CALL_TIMEOUT: {
    status: 504,
    summary:
      "A plugin call (service start/stop, RPC method, tool, HTTP route, hook, command) did not settle within its budget.",
  },
  PLUGIN_CALL_BLOCKED: {
    status: 500,
    summary:
      "Plugin code ran synchronously past its budget (it blocked the event loop) and was interrupted; the plugin is failed.",
    hint: "Disable the plugin with `openclaw plugins disable {pluginId}` and report the bug to its author.",
  },
  PLUGIN_API_REVOKED: {
    status: 410,
    summary:
      "A plugin used its api after it failed, timed out or was reloaded; the call was refused (logged once).",
  },
  PLUGIN_PROCESS_EXIT_REFUSED: {
    status: 500,
    summary: "Plugin code called process.exit/abort/kill on the host; refused, and the plugin is failed.",
    hint: "Disable the plugin with `openclaw plugins disable {pluginId}`; plugins must never end the host process.",
  },
  PLUGIN_UNCAUGHT_ERROR: {
    status: 500,
    summary:
      "Plugin code raised an uncaught exception or unhandled rejection (timer, event handler); the plugin is failed.",
    hint: "Disable the plugin with `openclaw plugins disable {pluginId}`, or reload it after fixing the bug.",
  },
  PLUGIN_EVENT_LOOP_BLOCKED: {
    status: 500,
    summary:
      "Asynchronous plugin code blocked the event loop past its budget; the watchdog named the plugin and ended the process.",
    hint: "Disable the plugin with `openclaw plugins disable {pluginId}` before restarting the gateway.",
  },
  INSTALL_SOURCE_NOT_FOUND: { status: 404, summary: "The install source path does not exist." },
  INSTALL_UNSUPPORTED_SOURCE: {
    status: 400,
    summary: "The install source is of a kind this command does not accept.",
  },
  INSTALL_ARCHIVE_INVALID: {
    status: 400,
    summary: "The archive is corrupt, has an unexpected layout or an unsafe entry.",
  },
  INSTALL_PACKAGE_INVALID: {
    status: 400,
    summary: "The package lacks package.json, openclaw.extensions or a valid manifest.",
  },
  INSTALL_ALREADY_EXISTS: { status: 409, summary: "A plugin with this id is already installed." },
  INSTALL_PACKAGE_NOT_FOUND: {
    status: 404,
    summary: "The npm registry has no such package, version or dist-tag.",
  },
  INSTALL_NETWORK_FAILED: {
    status: 503,
    summary: "The npm registry could not be reached; nothing was changed.",
  },
  INSTALL_PRERELEASE_NOT_REQUESTED: {
    status: 409,
    summary: "A bare spec or @latest resolved to a prerelease; ask for it explicitly.",
  },
  INSTALL_INTEGRITY_MISMATCH: {
    status: 502,
    summary: "The fetched tarball does not match the registry's integrity.",
  },
  INSTALL_INTEGRITY_DRIFT: {
    status: 409,
    summary: "The same version now has different bytes than when it was installed.",
  },
  INSTALL_BUNDLED_PLUGIN: {
    status: 409,
    summary: "A bundled plugin ships with OpenClaw and cannot be uninstalled; disable it instead.",
  },
  INSTALL_FAILED: { status: 500, summary: "Copying or activating the plugin failed; nothing was changed." },
} as const;

/** Codes raised by `@openclaw/plugin-registry`: registration rules. */
export const REGISTRY_ERROR_CODES = {
  REGISTRY_INVALID_REGISTRATION: {
    status: 400,
    summary: "A registration is malformed (missing id, name or handler).",
  },
  REGISTRY_DUPLICATE: {
    status: 409,
    summary:
      "A registration collides with one already in the registry (HTTP routes compare case-insensitively).",
  },
  REGISTRY_UNDECLARED_TOOL: {
    status: 403,
    summary:
      "A tool factory returned a tool under a name it did not declare at registration; the tool was dropped.",
  },
  REGISTRY_LIFECYCLE_VIOLATION: {
    status: 500,
    summary: "A plugin record was asked for a status change its lifecycle does not allow (a host bug).",
  },
} as const;

/** Codes raised by `@openclaw/gateway`: RPC, auth, hooks, plugin lifecycle in the gateway. */
export const GATEWAY_ERROR_CODES = {
  PLUGIN_HOOK_TIMEOUT: {
    status: 504,
    summary: "A plugin hook handler did not settle within its time budget; its result was ignored.",
  },
  PLUGIN_HOOK_FAILED: { status: 500, summary: "A plugin hook handler threw; the other handlers still ran." },
  PLUGIN_RELOAD_FAILED: {
    status: 500,
    summary:
      "The new generation of a plugin (config or code) failed to validate, import or register; the old generation keeps running.",
  },
  PLUGIN_SERVICE_FAILED: {
    status: 500,
    summary:
      "A plugin service start() threw or did not settle within its budget (e.g. its port is taken); the plugin is failed.",
  },
  GATEWAY_UNAUTHORIZED: { status: 401, summary: "The request lacks a valid gateway token." },
  GATEWAY_BAD_REQUEST: {
    status: 400,
    summary: "The request is malformed: its target, headers, body or RPC frame.",
  },
  GATEWAY_METHOD_NOT_FOUND: { status: 404, summary: "No core or plugin RPC method has this name." },
  GATEWAY_METHOD_FAILED: { status: 500, summary: "An RPC method handler threw or answered with an error." },
  GATEWAY_UNREACHABLE: { status: 503, summary: "No gateway answers at the resolved URL." },
  GATEWAY_PORT_IN_USE: { status: 500, summary: "The gateway port is already bound by another process." },
  GATEWAY_TOOL_PARAMS_INVALID: {
    status: 400,
    summary:
      "tools.invoke params do not match the tool's JSON Schema (missing required or wrong-typed fields).",
  },
  GATEWAY_TOOL_NOT_FOUND: { status: 404, summary: "No registered agent tool has this name." },
  GATEWAY_FATAL_ERROR: {
    status: 500,
    summary:
      "An uncaught exception or unhandled rejection no plugin can be blamed for; the gateway logs it and exits with status 1, as Node would.",
  },
  GATEWAY_EVENT_RESERVED: {
    status: 400,
    summary: "A plugin event name lacks a namespace or uses a core one.",
  },
  GATEWAY_ROUTE_NOT_FOUND: {
    status: 404,
    summary: "No core or plugin HTTP route serves this method and path.",
  },
  GATEWAY_PAYLOAD_TOO_LARGE: {
    status: 413,
    summary: "The request body or WebSocket frame is larger than the gateway accepts (1 MiB).",
  },
  GATEWAY_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    summary: "The request body's content type is not accepted.",
    hint: "Send POST /rpc with Content-Type: application/json.",
  },
  GATEWAY_REQUEST_TIMEOUT: { status: 408, summary: "The client did not send a complete request in time." },
  GATEWAY_EXPECTATION_FAILED: {
    status: 417,
    summary: "The request's Expect header asks for something the gateway does not do (only 100-continue).",
  },
  GATEWAY_HEADERS_TOO_LARGE: {
    status: 431,
    summary: "The request's header section is larger than Node accepts.",
  },
  GATEWAY_INTERNAL_ERROR: {
    status: 500,
    summary: "The gateway failed while answering a request; the cause is in the gateway log.",
  },
  GATEWAY_ROUTE_FAILED: {
    status: 500,
    summary: "A plugin HTTP route handler threw; the cause is in the gateway log under the plugin's id.",
  },
  GATEWAY_PAYLOAD_UNSERIALIZABLE: {
    status: 500,
    summary: "A method answered with a value JSON cannot encode (a BigInt, a circular reference).",
  },
  GATEWAY_AUTH_TIMEOUT: {
    status: 408,
    summary:
      "A WebSocket client did not authenticate within the handshake deadline; the connection was closed.",
    hint: "Send the connect frame right after opening, or raise gateway.handshakeTimeoutMs.",
  },
  GATEWAY_TOO_MANY_CONNECTIONS: {
    status: 503,
    summary: "Too many WebSocket connections are waiting to authenticate; this one was refused.",
    hint: "Retry later, authenticate on the upgrade request, or raise gateway.maxUnauthenticatedConnections.",
  },
  GATEWAY_STATE_DIR_LOCKED: {
    status: 409,
    summary: "Another gateway is already running on this state dir; a second one refuses to start.",
    hint: "Stop the other gateway first, or start this one with a different OPENCLAW_STATE_DIR.",
  },
  SPEECH_TTS_UNAVAILABLE: {
    status: 503,
    summary: "No telephony TTS provider is usable (none configured with an API key, or only Edge).",
    hint: "Set messages.tts (openai or elevenlabs) with an API key, or OPENAI_API_KEY / ELEVENLABS_API_KEY.",
  },
  SPEECH_TTS_FAILED: { status: 502, summary: "The TTS provider failed or returned no audio." },
  SPEECH_STT_UNAVAILABLE: {
    status: 503,
    summary: "No speech-to-text provider is configured with an API key.",
    hint: "Set tools.media.audio (provider openai) with an API key, or OPENAI_API_KEY.",
  },
  SPEECH_STT_FAILED: {
    status: 502,
    summary: "The speech-to-text provider failed or the audio file is unreadable.",
  },
  GATEWAY_APPROVAL_NOT_FOUND: {
    status: 404,
    summary: "No plugin approval has this id (or the id prefix matches none or several).",
    hint: "Run `openclaw approvals list` to see the pending approvals and their ids.",
  },
  GATEWAY_APPROVAL_RESOLVED: {
    status: 409,
    summary: "The plugin approval was already answered, expired or cancelled; its tool call has moved on.",
  },
  GATEWAY_APPROVAL_LIMIT: {
    status: 429,
    summary:
      "Too many plugin approvals are pending in the gateway or in this session; the tool call was refused, not queued.",
    hint: "Answer the pending approvals with `openclaw approvals list`, then `approve` or `deny`.",
  },
  GATEWAY_APPROVAL_DENIED: {
    status: 403,
    summary:
      "A tool call needed a plugin approval that was denied, expired (timeoutBehavior deny) or cancelled; the tool did not run.",
  },
  GATEWAY_APPROVAL_DECISION_UNAVAILABLE: {
    status: 409,
    summary:
      "The plugin that asked for this approval does not offer that decision (its allowedDecisions exclude it); the approval is still pending.",
    hint: "Answer with one of the decisions the approval lists (`openclaw approvals list` shows them), e.g. allow-once or deny.",
  },
  GATEWAY_APPROVAL_ALLOWLIST_CORRUPT: {
    status: 500,
    summary:
      "The approvals allowlist file is not valid JSON of the expected shape; it was left untouched and nothing was allowed from it.",
    hint: "Fix or remove the file named in the message (`<state dir>/approvals/allowlist.json`); until then every request waits for an operator.",
  },
  GATEWAY_APPROVAL_ALLOWLIST_LOCKED: {
    status: 503,
    summary: "Another process held the approvals allowlist lock for too long; the allowlist was not changed.",
    hint: "Retry; a lock left by a killed process (`allowlist.json.lock`) is taken over after 10 s.",
  },
  GATEWAY_APPROVAL_ALLOWLIST_WRITE_FAILED: {
    status: 500,
    summary:
      "The approvals allowlist could not be written (its directory cannot be created, permissions, disk full); the file is unchanged and the approval still pending.",
    hint: "Check the state directory named in the message (`<state dir>/approvals/`), then answer again.",
  },
  GATEWAY_APPROVAL_ALLOWLIST_ENTRY_NOT_FOUND: {
    status: 404,
    summary: "No approvals allowlist entry has this id (or the id prefix matches none or several).",
    hint: "Run `openclaw approvals allowlist` to see the entries and their ids.",
  },
} as const;

/** Codes raised by the `openclaw` CLI itself. */
export const CLI_ERROR_CODES = {
  CLI_UNEXPECTED_ERROR: {
    status: 500,
    summary: "Something failed that no code describes (a bug).",
    hint: "Rerun with OPENCLAW_DEBUG=1 and report the output.",
  },
  CLI_USAGE: { status: 400, summary: "The command line is incomplete or contradictory." },
} as const;

/**
 * Codes raised by the gateway's embedded agent runtime (`@openclaw/gateway` agent/): agent turns,
 * model providers and their auth, sessions, and the tool/message policy hooks on every surface.
 */
export const AGENT_ERROR_CODES = {
  AGENT_INVALID_PARAMS: {
    status: 400,
    summary: "An agent turn or completion got a missing or malformed parameter.",
  },
  AGENT_MODEL_UNKNOWN: {
    status: 404,
    summary: "The model reference names no configured, discovered or built-in provider/model.",
  },
  AGENT_MODEL_UNSUPPORTED: {
    status: 400,
    summary:
      "The provider's api is not one this host speaks (openai-completions, openai-responses, anthropic-messages).",
  },
  AGENT_AUTH_MISSING: {
    status: 401,
    summary:
      "The model provider needs an API key and none is configured, in the environment or in an auth profile.",
  },
  AGENT_AUTH_EXPIRED: {
    status: 401,
    summary:
      "The auth profile in effect for the model provider holds a token or OAuth credential whose expiry has passed; nothing was sent to the provider.",
    hint: "Log in again with `openclaw models auth login --provider {provider}`.",
  },
  AGENT_AUTH_REFRESH_FAILED: {
    status: 401,
    summary:
      "The auth profile's OAuth credential expired and its provider plugin's refreshOAuth threw, timed out or returned no usable credential; the stored credential was kept and nothing was sent to the provider.",
    hint: "Log in again with `openclaw models auth login --provider {provider}`.",
  },
  AGENT_AUTH_PROFILES_LOCKED: {
    status: 503,
    summary:
      "auth-profiles.json stayed locked by another writer (a login or a refresh) past the wait, or its lock was lost; nothing was written.",
    hint: "Retry; if it persists, make sure no stuck `openclaw` process holds auth-profiles.json.lock.",
  },
  AGENT_AUTH_FAILED: {
    status: 502,
    summary: "A provider plugin's auth method failed or returned a malformed result; nothing was written.",
  },
  AGENT_PROVIDER_ERROR: {
    status: 502,
    summary: "The model provider answered with an error or could not be reached.",
  },
  AGENT_TIMEOUT: {
    status: 504,
    summary: "The agent turn did not finish within its time budget and was aborted.",
  },
  AGENT_ABORTED: { status: 409, summary: "The model call was aborted by its caller." },
  AGENT_STEP_LIMIT: {
    status: 508,
    summary:
      "The model kept calling tools past the step limit (agents.defaults.maxSteps); the turn was stopped.",
  },
  AGENT_TOOL_BLOCKED: {
    status: 403,
    summary: "A before_tool_call hook blocked the tool call (or failed, which counts as a block).",
  },
  AGENT_SESSION_NOT_FOUND: { status: 404, summary: "No session transcript has this key." },
  AGENT_SESSION_WRITE_FAILED: {
    status: 500,
    summary:
      "A session transcript could not be appended to (disk full, permissions); earlier lines are intact.",
  },
  AGENT_SESSION_FORBIDDEN: {
    status: 403,
    summary: "A plugin tried to delete a session its own subagent runs did not create; nothing was deleted.",
  },
  AGENT_RUN_NOT_FOUND: {
    status: 404,
    summary: "No run of this plugin has this run id (never started, another plugin's, or long finished).",
    hint: "Pass the runId that api.runtime.subagent.run returned; finished runs are remembered up to 64 per plugin.",
  },
  AGENT_SUBAGENT_OVERRIDE_FORBIDDEN: {
    status: 403,
    summary:
      "A plugin's subagent run asked for a provider/model override without plugins.entries.<id>.subagent.allowModelOverride.",
    hint: "Trust the plugin with plugins.entries.{pluginId}.subagent.allowModelOverride: true, or drop provider/model from the run.",
  },
  AGENT_SUBAGENT_MODEL_NOT_ALLOWED: {
    status: 403,
    summary:
      "A plugin's subagent run asked for a model that plugins.entries.<id>.subagent.allowedModels does not list.",
    hint: 'Add "{model}" (or "*") to plugins.entries.{pluginId}.subagent.allowedModels.',
  },
  AGENT_SUBAGENT_BUSY: {
    status: 429,
    summary:
      "The plugin already has the most subagent runs queued or running at once (8); the run was refused.",
    hint: "Wait for a run to finish (api.runtime.subagent.waitForRun) before starting another.",
  },
  GATEWAY_MESSAGE_CANCELLED: {
    status: 409,
    summary: "A message_sending hook cancelled the outbound message; nothing was sent.",
  },
} as const;

/** Closed union of the core error codes. */
export type CoreErrorCode =
  | keyof typeof LOADER_ERROR_CODES
  | keyof typeof REGISTRY_ERROR_CODES
  | keyof typeof GATEWAY_ERROR_CODES
  | keyof typeof AGENT_ERROR_CODES
  | keyof typeof CLI_ERROR_CODES;

/** Every core code by owning package, in the order `docs/errors.md` lists them. */
export const CORE_ERROR_OWNERS: Readonly<Record<string, Readonly<Record<string, ErrorCodeDeclaration>>>> = {
  "@openclaw/plugin-loader": LOADER_ERROR_CODES,
  "@openclaw/plugin-registry": REGISTRY_ERROR_CODES,
  "@openclaw/gateway": GATEWAY_ERROR_CODES,
  "@openclaw/gateway (agent runtime)": AGENT_ERROR_CODES,
  openclaw: CLI_ERROR_CODES,
};

/** Every core code with its status, summary and optional hint. */
export const CORE_ERROR_CODES: Readonly<Record<CoreErrorCode, ErrorCodeDeclaration>> = Object.assign(
  {},
  LOADER_ERROR_CODES,
  REGISTRY_ERROR_CODES,
  GATEWAY_ERROR_CODES,
  AGENT_ERROR_CODES,
  CLI_ERROR_CODES,
);
