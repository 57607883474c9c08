/**
 * The process-wide registry of error codes, in the style of `@fastify/error`: each owner (a core
 * package or a plugin) declares its codes once, with the HTTP status, a one-line summary and an
 * optional hint template; everything else (`statusOf`, the CLI's exit status, `docs/errors.md`)
 * reads them from here.
 *
 * The registry lives on `globalThis` under a `Symbol.for` key, so a plugin loaded through jiti with
 * its own copy of the SDK registers into the same table the gateway reads.
 */

/** What an owner declares for one code. */
export interface ErrorCodeDeclaration {
  /** HTTP status used when the error crosses the gateway's HTTP/RPC surface (400–599). */
  readonly status: number;
  /** One-line meaning, shown in `docs/errors.md`. */
  readonly summary: string;
  /**
   * Default hint when the thrower gives none. `{name}` placeholders are filled from the error's
   * `details` (a placeholder with no matching detail is left as written).
   */
  readonly hint?: string;
}

/** A registered code: its declaration plus the package that owns it. */
export interface ErrorCodeInfo extends ErrorCodeDeclaration {
  /** Package name of the owner (`@openclaw/gateway`, `@openclaw/voice-call`, …). */
  readonly owner: string;
}

const REGISTRY_KEY = Symbol.for("openclaw.errorCodes");
const CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

function registry(): Map<string, ErrorCodeInfo> {
  const holder = globalThis as { [REGISTRY_KEY]?: Map<string, ErrorCodeInfo> };
  holder[REGISTRY_KEY] ??= new Map();
  return holder[REGISTRY_KEY];
}

/**
 * Registers `codes` for `owner`. Idempotent for the same owner (a second SDK instance or a plugin
 * reload re-declares its codes); throws a plain `TypeError` when a name is not `SCREAMING_SNAKE`
 * with an area prefix, does not start with `prefix`, has a status outside 400–599, or is already
 * owned by someone else — a plugin can never redefine a core code or another plugin's code.
 */
export function registerErrorCodes(
  owner: string,
  codes: Readonly<Record<string, ErrorCodeDeclaration>>,
  prefix?: string,
): void {
  const table = registry();
  for (const [code, declaration] of Object.entries(codes)) {
    if (!CODE_PATTERN.test(code))
      throw new TypeError(`error code ${code} is not SCREAMING_SNAKE with a prefix`);
    if (prefix !== undefined && !code.startsWith(prefix))
      throw new TypeError(`error code ${code} of ${owner} must start with ${prefix}`);
    if (!Number.isInteger(declaration.status) || declaration.status < 400 || declaration.status > 599)
      throw new TypeError(`error code ${code} has status ${declaration.status}; use 400–599`);
    const existing = table.get(code);
    if (existing !== undefined && existing.owner !== owner)
      throw new TypeError(`error code ${code} is already declared by ${existing.owner}`);
    table.set(code, { ...declaration, owner });
  }
}

/** The registered declaration of `code`, or `undefined` for an unknown code. */
export function errorCodeInfo(code: string): ErrorCodeInfo | undefined {
  return registry().get(code);
}

/** HTTP status of `code`; 500 for a code nobody registered in this process. */
export function statusOf(code: string): number {
  return registry().get(code)?.status ?? 500;
}

/** Every registered code with its declaration, in registration order. */
export function listErrorCodes(): Array<ErrorCodeInfo & { readonly code: string }> {
  return [...registry()].map(([code, info]) => ({ code, ...info }));
}

/** True when `code` is well-formed for the wire: `SCREAMING_SNAKE` with an area prefix. */
export function isWellFormedErrorCode(code: unknown): code is string {
  return typeof code === "string" && CODE_PATTERN.test(code);
}

/** Fills `{name}` placeholders of a hint template from `details`. */
export function fillHint(template: string, details: Readonly<Record<string, unknown>> | undefined): string {
  if (details === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(details, name) ? String(details[name]) : whole,
  );
}
