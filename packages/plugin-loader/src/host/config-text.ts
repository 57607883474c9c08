import { createRequire } from "node:module";
import { isDeepStrictEqual } from "node:util";
import { errorMessage, OpenClawError } from "@openclaw/plugin-sdk/core";
import { applyConfigOp, type ConfigOp, getAtPath, resolveConfigOp } from "./config-path.js";
import { lazy } from "./lazy-modules.js";

const require = createRequire(import.meta.url);

/*
 * Comment-preserving edits of the JSON5 config text, with two libraries:
 * - `jsonc-parser` (the VS Code JSON editor's own `modify` + `applyEdits`) sets values when the text
 *   parses as JSONC (JSON plus comments and trailing commas), which is what almost every config file
 *   is: it changes only the bytes of the edited value and formats an inserted value like its
 *   neighbours. It cannot read JSON5-only syntax, and its removal of a first property also deletes
 *   the comment of the next one (found by the property tests), so it is not used for removals.
 * - `jju` (`update`: JSON5-aware, used through Rush's node-core-library) does every removal, and every
 *   edit of a file that uses syntax only JSON5 has (unquoted keys, single quotes, hex numbers,
 *   `Infinity`…), keeping comments, quote style and number notation. `@croct/json5-parser` was tried
 *   and dropped: it cannot read a single-quoted string holding a double quote and loses the
 *   comments after the root object when its last entry is removed.
 * The result is parsed again with `json5` and must equal the intended config, else the edit is
 * retried with jju alone, and if that also differs nothing is written.
 */

/**
 * Which path produced a text: `jsonc-parser` (sets via jsonc-parser, removals via jju), `jju` (jju
 * alone) or `new-file`; reported for diagnostics and tests.
 */
export type ConfigTextEditor = "jsonc-parser" | "jju" | "new-file";

/** Result of {@link editConfigText}. */
export interface ConfigTextEdit {
  text: string;
  editor: ConfigTextEditor;
}

type Jsonc = typeof import("jsonc-parser");
type Jju = typeof import("jju");

function detectFormatting(text: string): import("jsonc-parser").FormattingOptions {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? "  ";
  return indent.startsWith("\t")
    ? { insertSpaces: false, tabSize: 1, eol }
    : { insertSpaces: true, tabSize: indent.length, eol };
}

/** True when jsonc-parser reads `text` without any error (comments and trailing commas allowed). */
function isJsonc(jsonc: Jsonc, text: string): boolean {
  const errors: import("jsonc-parser").ParseError[] = [];
  jsonc.parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  return errors.length === 0;
}

/** One op with jsonc-parser's `modify` (a minimal text edit; an inserted value formatted like its neighbours). */
function setWithJsonc(jsonc: Jsonc, text: string, op: ConfigOp & { op: "set" }): string {
  const last = op.path[op.path.length - 1];
  const parent = getAtPath(jsonc.parse(text), op.path.slice(0, -1));
  const appending = Array.isArray(parent) && last === parent.length;
  const path = appending ? [...op.path.slice(0, -1), -1] : [...op.path];
  const formattingOptions = detectFormatting(text);
  return jsonc.applyEdits(text, jsonc.modify(text, path, op.value, { formattingOptions }));
}

/**
 * One op with `jju.update`, which reconciles the JSON5 text with the new value: comments, quote
 * style, number notation and spacing of everything else are kept; a removed entry goes with the
 * comment just above it.
 */
function editWithJju(jju: Jju, text: string, op: ConfigOp): string {
  const next = lazy.json5().parse(text) as Record<string, unknown>;
  applyConfigOp(next, op);
  return jju.update(text, next, { mode: "json5", quote_keys: true });
}

/**
 * Applies the ops one by one. With `preferJsonc`, a `set` on text that is JSONC goes through
 * jsonc-parser; removals always go through jju (jsonc-parser's removal of a first property also
 * deletes the comment that belongs to the next one).
 */
function applyEdits(text: string, ops: readonly ConfigOp[], preferJsonc: boolean): string {
  const jsonc = require("jsonc-parser") as Jsonc;
  const jju = require("jju") as Jju;
  let out = text;
  for (const op of ops) {
    out =
      preferJsonc && op.op === "set" && isJsonc(jsonc, out)
        ? setWithJsonc(jsonc, out, op)
        : editWithJju(jju, out, op);
  }
  return out;
}

function matches(text: string, expected: unknown): boolean {
  try {
    return isDeepStrictEqual(lazy.json5().parse(text), expected);
  } catch {
    return false;
  }
}

/**
 * Applies `ops` to the config `text` keeping comments and formatting, and returns the new text
 * (see the module comment for the editors used). `current` is `text` parsed. Ops are first resolved
 * against the value (missing parents become nested objects), so every edit lands in an existing
 * container. A blank text becomes a new two-space-indented JSON document.
 * @throws {@link OpenClawError} `CONFIG_WRITE_FAILED` when no editor produced a text that parses to
 * the intended config (nothing is written then); `CONFIG_PATH_INVALID` from op resolution.
 */
export function editConfigText(
  text: string,
  current: Record<string, unknown>,
  ops: readonly ConfigOp[],
): ConfigTextEdit & { config: Record<string, unknown> } {
  const expected = structuredClone(current);
  const resolved: ConfigOp[] = [];
  for (const op of ops) {
    const r = resolveConfigOp(expected, op);
    if (!r) continue;
    resolved.push(r);
    applyConfigOp(expected, r);
  }
  if (resolved.length === 0) return { text, editor: "jsonc-parser", config: expected };
  if (text.trim() === "") {
    return { text: `${JSON.stringify(expected, null, 2)}\n`, editor: "new-file", config: expected };
  }
  const problems: string[] = [];
  const jsonc = require("jsonc-parser") as Jsonc;
  const editors: ConfigTextEditor[] = isJsonc(jsonc, text) ? ["jsonc-parser", "jju"] : ["jju"];
  for (const editor of editors) {
    try {
      const out = applyEdits(text, resolved, editor === "jsonc-parser");
      if (matches(out, expected)) return { text: out, editor, config: expected };
      problems.push(`${editor}: the edited text does not read back as the intended config`);
    } catch (error) {
      problems.push(`${editor}: ${errorMessage(error)}`);
    }
  }
  throw new OpenClawError(
    "CONFIG_WRITE_FAILED",
    `cannot edit the config while keeping its comments (${problems.join("; ")}); the file was left unchanged`,
    { hint: "Make the change by hand in the file, or report this with the file's layout (not its secrets)." },
  );
}
