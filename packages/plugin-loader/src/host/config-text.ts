import { createRequire } from "node:module";
import { isDeepStrictEqual } from "node:util";
import { errorMessage, OpenClawError } from "@openclaw/plugin-sdk/core";
import { applyConfigOp, type ConfigOp, getAtPath, resolveConfigOp } from "./config-path.js";
import { lazy } from "./lazy-modules.js";

const require = createRequire(import.meta.url);

/*
 * Comment-preserving edits of the JSON5 config text. Two well-kept libraries, chosen per file:
 * - `jsonc-parser` (the VS Code JSON editor's own, `modify` + `applyEdits`) when the text parses as
 *   JSONC (JSON plus comments and trailing commas), which is what almost every config file is: it
 *   changes only the bytes of the edited value and formats an inserted value like its neighbours.
 * - `@croct/json5-parser` (a lossless JSON5 concrete syntax tree) when the file uses syntax that only
 *   JSON5 has (unquoted keys, single quotes, hex numbers, `Infinity`…), which jsonc-parser would
 *   reject: comments, quotes and spacing of everything not edited are kept.
 * Either result is parsed again with `json5` and must equal the intended config, or nothing is written.
 */

/** Which editor produced a text; reported for diagnostics and tests. */
export type ConfigTextEditor = "jsonc-parser" | "json5-cst" | "new-file";

/** Result of {@link editConfigText}. */
export interface ConfigTextEdit {
  text: string;
  editor: ConfigTextEditor;
}

type Jsonc = typeof import("jsonc-parser");
type Croct = typeof import("@croct/json5-parser");
/** A plain JSON value as the CST editor's `set` takes it. */
type CstValue = Parameters<InstanceType<Croct["JsonObjectNode"]>["set"]>[1];

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

function editWithJsonc(text: string, ops: readonly ConfigOp[]): string {
  const jsonc = require("jsonc-parser") as Jsonc;
  const formattingOptions = detectFormatting(text);
  let out = text;
  for (const op of ops) {
    const last = op.path[op.path.length - 1];
    const parent = getAtPath(jsonc.parse(out), op.path.slice(0, -1));
    const appending = Array.isArray(parent) && op.op === "set" && last === parent.length;
    const path = appending ? [...op.path.slice(0, -1), -1] : [...op.path];
    const value = op.op === "set" ? op.value : undefined;
    out = jsonc.applyEdits(out, jsonc.modify(out, path, value, { formattingOptions }));
  }
  return out;
}

function editWithJson5Cst(text: string, ops: readonly ConfigOp[]): string {
  const croct = require("@croct/json5-parser") as Croct;
  const root = croct.JsonParser.parse(text, croct.JsonObjectNode);
  type Container = InstanceType<Croct["JsonObjectNode"]> | InstanceType<Croct["JsonArrayNode"]>;
  for (const op of ops) {
    let node: Container = root;
    for (const segment of op.path.slice(0, -1)) {
      node =
        node instanceof croct.JsonArrayNode
          ? (node.get(Number(segment)) as Container)
          : (node.get(String(segment)) as Container);
    }
    const last = op.path[op.path.length - 1] as string | number;
    const value = (op.op === "set" ? op.value : undefined) as CstValue;
    if (node instanceof croct.JsonArrayNode) {
      const index = Number(last);
      if (op.op === "unset") node.delete(index);
      else if (index === node.elements.length) node.push(value);
      else node.set(index, value);
    } else if (op.op === "unset") node.delete(String(last));
    else node.set(String(last), value);
  }
  return root.toString();
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
  const editors: Array<[ConfigTextEditor, (t: string, o: readonly ConfigOp[]) => string]> = isJsonc(
    jsonc,
    text,
  )
    ? [
        ["jsonc-parser", editWithJsonc],
        ["json5-cst", editWithJson5Cst],
      ]
    : [["json5-cst", editWithJson5Cst]];
  for (const [editor, edit] of editors) {
    try {
      const out = edit(text, resolved);
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
