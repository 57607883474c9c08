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
  REGISTRY_DUPLICATE: { status: 409, summary: "A registration collides with one already in the registry." },
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
    summary: "Reloading a plugin failed; it is reported with the reason and its old registrations are gone.",
  },
  GATEWAY_UNAUTHORIZED: { status: 401, summary: "The request lacks a valid gateway token." },
  GATEWAY_BAD_REQUEST: { status: 400, summary: "The RPC request is malformed." },
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
