import { CORE_ERROR_OWNERS, type CoreErrorCode } from "./core-codes.js";
import {
  type ErrorCodeDeclaration,
  errorCodeInfo,
  fillHint,
  isWellFormedErrorCode,
  registerErrorCodes,
  statusOf,
} from "./error-registry.js";

for (const [owner, codes] of Object.entries(CORE_ERROR_OWNERS)) registerErrorCodes(owner, codes);

declare const pluginCodeBrand: unique symbol;

/** A code declared by a plugin with {@link defineErrorCodes} (a branded string). */
export type PluginErrorCode<C extends string = string> = C & { readonly [pluginCodeBrand]: true };

/** Every code an {@link OpenClawError} can carry: the closed core union or a plugin-declared code. */
export type OpenClawErrorCode = CoreErrorCode | PluginErrorCode;

/** Options for {@link OpenClawError}. */
export interface OpenClawErrorOptions {
  /** The foreign error this one wraps. */
  cause?: unknown;
  /** What the user can do about it; printed by the CLI under the message. Defaults to the code's hint. */
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
    const template = options.hint ?? errorCodeInfo(code)?.hint;
    this.hint = template === undefined ? undefined : fillHint(template, options.details);
    this.details = options.details;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** HTTP status for this error's code (see {@link statusOf}). */
  get status(): number {
    return statusOf(this.code);
  }

  /**
   * Rebuilds an error received over the wire. A code this process has not registered (a plugin's
   * code seen by the CLI) is kept as sent when well-formed, else replaced by `fallback`.
   */
  static fromJSON(json: Partial<OpenClawErrorJSON>, fallback: CoreErrorCode): OpenClawError {
    const code = isWellFormedErrorCode(json.code) ? json.code : fallback;
    const options: OpenClawErrorOptions = {};
    if (typeof json.hint === "string") options.hint = json.hint;
    if (json.details !== undefined) options.details = json.details;
    return new OpenClawError(code, typeof json.message === "string" ? json.message : code, options);
  }

  /** Wire shape, without stack or cause. */
  toJSON(): OpenClawErrorJSON {
    const out: OpenClawErrorJSON = { code: this.code, message: this.message };
    if (this.hint !== undefined) out.hint = this.hint;
    if (this.details !== undefined) out.details = this.details;
    return out;
  }
}

/** The codes one plugin declared, and a factory for errors carrying them. */
export interface ErrorCodeSet<K extends string> {
  /** Package name that owns these codes. */
  readonly owner: string;
  /** The declared codes as branded constants (`set.codes.VOICE_CALL_NOT_FOUND`). */
  readonly codes: { readonly [P in K]: PluginErrorCode<P> };
  /** Builds an {@link OpenClawError} with one of these codes. */
  error(code: K, message: string, options?: OpenClawErrorOptions): OpenClawError;
}

/**
 * Declares a plugin's own error codes (call once at module load). Every code must start with
 * `prefix` (the plugin's namespace, e.g. `"VOICE_"`) and must not be owned by core or another
 * plugin; the declarations then feed `statusOf`, the CLI's exit status and `docs/errors.md`.
 *
 * @throws TypeError when a code is malformed, lacks the prefix, or is already owned by another owner.
 * @example
 * ```ts
 * export const weatherErrors = defineErrorCodes("@acme/weather", "WEATHER_", {
 *   WEATHER_CITY_UNKNOWN: { status: 404, summary: "No forecast for this city.", hint: "Check {city}." },
 * });
 * throw weatherErrors.error("WEATHER_CITY_UNKNOWN", "no such city", { details: { city } });
 * ```
 */
export function defineErrorCodes<const T extends Record<string, ErrorCodeDeclaration>>(
  owner: string,
  prefix: string,
  codes: T,
): ErrorCodeSet<keyof T & string> {
  registerErrorCodes(owner, codes, prefix);
  const constants = Object.fromEntries(Object.keys(codes).map((code) => [code, code]));
  return {
    owner,
    codes: constants as ErrorCodeSet<keyof T & string>["codes"],
    error: (code, message, options) => new OpenClawError(code as PluginErrorCode, message, options),
  };
}

/**
 * True when `value` is an {@link OpenClawError} (by brand, not `instanceof`), optionally with `code`.
 * Never throws: a value whose property reads throw (a hostile Proxy a plugin threw) is not one.
 */
export function isOpenClawError(value: unknown, code?: string): value is OpenClawError {
  if (typeof value !== "object" || value === null) return false;
  try {
    if ((value as Record<symbol, unknown>)[BRAND] !== true) return false;
    return code === undefined || (value as OpenClawError).code === code;
  } catch {
    return false;
  }
}

/** True when `code` is registered in this process (core, or declared by a loaded plugin). */
export function isOpenClawErrorCode(code: unknown): code is OpenClawErrorCode {
  return typeof code === "string" && errorCodeInfo(code) !== undefined;
}

/** Shown for a thrown value whose every reading throws (a Proxy with throwing traps…). */
const UNPRINTABLE = "[a thrown value that cannot be printed]";

/**
 * The message of any thrown value, for logs and diagnostics. Never throws, whatever a plugin threw
 * * (a Proxy whose traps throw, a `message` getter or `toString` that throws get a placeholder).
 */
export function errorMessage(value: unknown): string {
  try {
    if (value instanceof Error) return String(value.message);
    if (typeof value === "string") return value;
    return JSON.stringify(value);
  } catch {
    try {
      return String(value);
    } catch {
      return UNPRINTABLE;
    }
  }
}
