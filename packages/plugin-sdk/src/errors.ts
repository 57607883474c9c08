/**
 * The one error type that crosses package and plugin boundaries, and the registry of its codes.
 *
 * Every code is documented in `docs/errors.md`; codes are semver-stable API and are never reused.
 */

/** What one error code means: the HTTP status the gateway answers with and a one-line summary. */
export interface ErrorCodeInfo {
  /** HTTP status used when the error crosses the gateway's HTTP/RPC surface. */
  readonly status: number;
  /** One-line meaning, mirrored in `docs/errors.md`. */
  readonly summary: string;
}

/**
 * Registry of every stable error code. Keys are `SCREAMING_SNAKE` with an area prefix
 * (`CONFIG_`, `MANIFEST_`, `PLUGIN_`, `REGISTRY_`, `INSTALL_`, `GATEWAY_`, `VOICE_`, `SPEECH_`, `CLI_`).
 */
export const ERROR_CODES = {
  CONFIG_PARSE_FAILED: { status: 400, summary: "The config file is not valid JSON5." },
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
  PLUGIN_HOOK_TIMEOUT: {
    status: 504,
    summary: "A plugin hook handler did not settle within its time budget; its result was ignored.",
  },
  PLUGIN_HOOK_FAILED: { status: 500, summary: "A plugin hook handler threw; the other handlers still ran." },
  PLUGIN_RELOAD_FAILED: {
    status: 500,
    summary: "Reloading a plugin failed; it is reported with the reason and its old registrations are gone.",
  },
  REGISTRY_INVALID_REGISTRATION: {
    status: 400,
    summary: "A registration is malformed (missing id, name or handler).",
  },
  REGISTRY_DUPLICATE: { status: 409, summary: "A registration collides with one already in the registry." },
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
  INSTALL_FAILED: { status: 500, summary: "Copying or activating the plugin failed; nothing was changed." },
  GATEWAY_UNAUTHORIZED: { status: 401, summary: "The request lacks a valid gateway token." },
  GATEWAY_BAD_REQUEST: { status: 400, summary: "The RPC request is malformed." },
  GATEWAY_METHOD_NOT_FOUND: { status: 404, summary: "No core or plugin RPC method has this name." },
  GATEWAY_METHOD_FAILED: { status: 500, summary: "An RPC method handler threw or answered with an error." },
  GATEWAY_UNREACHABLE: { status: 503, summary: "No gateway answers at the resolved URL." },
  GATEWAY_PORT_IN_USE: { status: 500, summary: "The gateway port is already bound by another process." },
  GATEWAY_TOOL_NOT_FOUND: { status: 404, summary: "No registered agent tool has this name." },
  VOICE_CONFIG_INVALID: { status: 400, summary: "The voice-call plugin config is incomplete or invalid." },
  VOICE_INVALID_PARAMS: {
    status: 400,
    summary: "A voice-call operation (RPC, tool or CLI) got a missing or malformed parameter.",
  },
  VOICE_INVALID_NUMBER: { status: 400, summary: "A phone number is not in E.164 form (+ and 2–15 digits)." },
  VOICE_CALL_NOT_FOUND: { status: 404, summary: "No call has this id." },
  VOICE_CALL_ENDED: { status: 409, summary: "The call has already ended." },
  VOICE_MAX_CONCURRENT: { status: 429, summary: "maxConcurrentCalls active calls already exist." },
  VOICE_PROVIDER_ERROR: { status: 502, summary: "The telephony provider rejected or failed a request." },
  VOICE_RUNTIME_UNAVAILABLE: {
    status: 503,
    summary: "The voice-call runtime is not started (plugin disabled or failed).",
  },
  VOICE_STREAM_UNAVAILABLE: {
    status: 503,
    summary: "A streaming call has no live media stream to speak over (it never connected or dropped).",
  },
  VOICE_AGENT_UNAVAILABLE: {
    status: 503,
    summary: "Auto-responses need api.runtime.agent.runEmbeddedAgent, which this host does not provide.",
  },
  VOICE_TUNNEL_FAILED: { status: 502, summary: "The ngrok tunnel could not be opened (no module, bad token, no network)." },
  SPEECH_TTS_UNAVAILABLE: {
    status: 503,
    summary: "No telephony TTS provider is usable (none configured with a key, or only Edge).",
  },
  SPEECH_TTS_FAILED: { status: 502, summary: "The TTS provider failed or returned audio that cannot be converted." },
  SPEECH_STT_UNAVAILABLE: { status: 503, summary: "No speech-to-text provider is configured with a key." },
  SPEECH_STT_FAILED: { status: 502, summary: "The speech-to-text provider failed or the audio file is unreadable." },
  CLI_USAGE: { status: 400, summary: "The command line is incomplete or contradictory." },
} as const;

/** Closed union of every stable error code. */
export type OpenClawErrorCode = keyof typeof ERROR_CODES;

/** Options for {@link OpenClawError}. */
export interface OpenClawErrorOptions {
  /** The foreign error this one wraps. */
  cause?: unknown;
  /** What the user can do about it; printed by the CLI under the message. */
  hint?: string;
  /** Structured context (plugin id, path, spec…); sent over the wire, so never secrets. */
  details?: Readonly<Record<string, unknown>>;
}

/** Wire shape of an {@link OpenClawError}: no stack, no cause. */
export interface OpenClawErrorJSON {
  code: OpenClawErrorCode;
  message: string;
  hint?: string;
  details?: Readonly<Record<string, unknown>>;
}

const BRAND: unique symbol = Symbol.for("openclaw.error") as never;

/**
 * A coded error. Throw only this across package boundaries; wrap foreign errors with `{ cause }`.
 *
 * Detect it with {@link isOpenClawError}, which checks a process-wide brand and so works across
 * duplicated module instances (a plugin loaded through jiti, a second copy in `node_modules`).
 *
 * @example
 * ```ts
 * throw new OpenClawError("PLUGIN_NOT_FOUND", `plugin not found: ${id}`, { hint: "Run `openclaw plugins list`." });
 * ```
 */
export class OpenClawError extends Error {
  /** Stable machine-readable code; see `docs/errors.md`. */
  readonly code: OpenClawErrorCode;
  /** What the user can do about it. */
  readonly hint: string | undefined;
  /** Structured context. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: OpenClawErrorCode, message: string, options: OpenClawErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "OpenClawError";
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** HTTP status for this error's code. */
  get status(): number {
    return ERROR_CODES[this.code]?.status ?? 500;
  }

  /** Wire shape, without stack or cause. */
  toJSON(): OpenClawErrorJSON {
    const out: OpenClawErrorJSON = { code: this.code, message: this.message };
    if (this.hint !== undefined) out.hint = this.hint;
    if (this.details !== undefined) out.details = this.details;
    return out;
  }
}

/**
 * True when `value` is an {@link OpenClawError} (by brand, not `instanceof`), optionally with `code`.
 */
export function isOpenClawError(value: unknown, code?: OpenClawErrorCode): value is OpenClawError {
  if (typeof value !== "object" || value === null) return false;
  if ((value as Record<symbol, unknown>)[BRAND] !== true) return false;
  return code === undefined || (value as OpenClawError).code === code;
}

/** True when `code` is a registered error code. */
export function isOpenClawErrorCode(code: unknown): code is OpenClawErrorCode {
  return typeof code === "string" && Object.hasOwn(ERROR_CODES, code);
}

/** The message of any thrown value, for logs and diagnostics. */
export function errorMessage(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
