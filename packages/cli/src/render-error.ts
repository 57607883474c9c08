import { errorMessage, isOpenClawError, OpenClawError } from "@openclaw/plugin-sdk/core";
import { createPalette, type Palette } from "./shell/colors.js";

/** Exit status for success. */
export const EXIT_OK = 0;
/** Exit status for any failure not listed below. */
export const EXIT_FAILURE = 1;
/** Exit status for a bad command line. */
export const EXIT_USAGE = 2;
/** Exit status when the named plugin, method, tool or call does not exist. */
export const EXIT_NOT_FOUND = 3;
/** Exit status when no gateway answers. */
export const EXIT_UNREACHABLE = 4;

/**
 * The process exit status for a thrown value: a code whose HTTP status is 404 (a plugin, method,
 * tool, call, path or npm package that does not exist) exits {@link EXIT_NOT_FOUND}.
 */
export function exitCodeFor(error: unknown): number {
  if (!isOpenClawError(error)) return EXIT_FAILURE;
  if (error.code === "CLI_USAGE") return EXIT_USAGE;
  if (error.code === "GATEWAY_UNREACHABLE") return EXIT_UNREACHABLE;
  return error.status === 404 ? EXIT_NOT_FOUND : EXIT_FAILURE;
}

/**
 * Renders an error for a person: `error [CODE]: message` then `hint: …`; never a stack trace
 * (set OPENCLAW_DEBUG=1 to get one for unexpected errors). `colors` defaults to none.
 */
export function renderError(
  error: unknown,
  debug: boolean = process.env.OPENCLAW_DEBUG === "1",
  colors: Palette = createPalette(false),
): string {
  if (isOpenClawError(error)) {
    const lines = [`${colors.red(colors.bold("error"))} [${colors.bold(error.code)}]: ${error.message}`];
    if (error.hint) lines.push(colors.dim(`hint: ${error.hint}`));
    return lines.join("\n");
  }
  const lines = [`${colors.red(colors.bold("error"))}: ${errorMessage(error)}`];
  if (debug && error instanceof Error && error.stack) lines.push(error.stack);
  else lines.push(colors.dim("hint: this is unexpected; rerun with OPENCLAW_DEBUG=1 and report the output."));
  return lines.join("\n");
}

/** Renders an error as the `--json` error shape `{ ok: false, error: { code, message, hint? } }`. */
export function renderErrorJson(error: unknown): string {
  const payload = isOpenClawError(error)
    ? error.toJSON()
    : new OpenClawError("CLI_UNEXPECTED_ERROR", errorMessage(error)).toJSON();
  return JSON.stringify({ ok: false, error: payload }, null, 2);
}
