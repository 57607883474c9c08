import { html, nothing, type TemplateResult } from "lit";
import { analyze, type FieldKind } from "./analyze.js";
import { fallbackLabel, type HintMap, hintForPath } from "./hints.js";
import { type ConfigPath, isRecord, type JsonSchema, propertiesOf, REDACTED, type UiHint } from "./schema.js";
import { getAt } from "./values.js";

/** What the renderer reads and calls; paths are relative to the form's root value. */
export interface FormContext {
  /** The draft value of the form root. */
  value: Record<string, unknown>;
  /** Absolute config path of the form root (hints are keyed by absolute dotted paths). */
  basePath: ConfigPath;
  hints: HintMap;
  /** Problems by relative dotted path (client validation, server `CONFIG_INVALID`, bad raw JSON). */
  errors: ReadonlyMap<string, string[]>;
  /** Sets (or with `undefined` removes) the value at a relative path. */
  onChange(path: ConfigPath, value: unknown): void;
  /** Records (or clears) a raw JSON editor's parse error at a relative path. */
  onRawError(path: ConfigPath, message: string | undefined): void;
}

/** A DOM id for the control of `path` (stable, so labels, help and errors can point at it). */
export function fieldId(path: ConfigPath): string {
  return `f-${path.join("-").replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

function describedBy(id: string, help: boolean, error: boolean): string {
  return [help ? `${id}-help` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
}

function helpText(hint: UiHint, schema: JsonSchema): string {
  const help = hint.help ?? (typeof schema.description === "string" ? schema.description : "");
  const def = schema.default === undefined ? "" : `Default: ${JSON.stringify(schema.default)}.`;
  return [help, def].filter(Boolean).join(" ");
}

function placeholderOf(hint: UiHint, schema: JsonSchema): string {
  if (hint.placeholder) return hint.placeholder;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return String(schema.examples[0]);
  return schema.default === undefined ? "" : String(schema.default);
}

function errorsAt(ctx: FormContext, path: ConfigPath): TemplateResult | typeof nothing {
  const list = ctx.errors.get(path.join("."));
  if (!list || list.length === 0) return nothing;
  return html`<p class="field-error" id="${fieldId(path)}-error" role="alert">${list.join("; ")}</p>`;
}

/** Parses an input's text as the scalar `kind` wants; "" means "not set". */
function parseScalar(kind: FieldKind, text: string): unknown {
  if (text === "") return undefined;
  if (kind.kind === "number") {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  if (kind.kind === "enum") {
    const match = kind.options.find((o) => String(o) === text);
    return match ?? text;
  }
  return text;
}

function renderControl(
  ctx: FormContext,
  path: ConfigPath,
  schema: JsonSchema,
  kind: FieldKind,
  hint: UiHint,
  label: string,
): TemplateResult {
  const id = fieldId(path);
  const value = getAt(ctx.value, path);
  const hasError = ctx.errors.has(path.join("."));
  const help = helpText(hint, schema);
  const aria = describedBy(id, help !== "", hasError);
  if (kind.kind === "boolean") {
    return html`<input type="checkbox" id=${id} .checked=${value === true || (value === undefined && schema.default === true)}
      aria-describedby=${aria || nothing} aria-invalid=${hasError ? "true" : "false"}
      @change=${(e: Event) => ctx.onChange(path, (e.target as HTMLInputElement).checked)} />`;
  }
  if (kind.kind === "enum") {
    return html`<select id=${id} aria-describedby=${aria || nothing} aria-invalid=${hasError ? "true" : "false"}
      @change=${(e: Event) => ctx.onChange(path, parseScalar(kind, (e.target as HTMLSelectElement).value))}>
      <option value="" ?selected=${value === undefined}>${schema.default === undefined ? "— not set —" : `— default (${String(schema.default)}) —`}</option>
      ${kind.options.map((o) => html`<option value=${String(o)} ?selected=${value === o}>${String(o)}</option>`)}
    </select>`;
  }
  if (hint.sensitive === true || schema.writeOnly === true) {
    const isSet = value === REDACTED;
    return html`<span class="secret">
      <input type="password" id=${id} autocomplete="new-password" .value=${isSet || value === undefined ? "" : String(value)}
        placeholder=${isSet ? "•••••••• set — type to replace" : placeholderOf(hint, schema)}
        aria-describedby=${aria || nothing} aria-invalid=${hasError ? "true" : "false"}
        @input=${(e: Event) => {
          const text = (e.target as HTMLInputElement).value;
          ctx.onChange(path, text === "" && isSet ? REDACTED : parseScalar(kind, text));
        }} />
      ${
        value !== undefined
          ? html`<button type="button" class="link" @click=${() => ctx.onChange(path, undefined)} aria-label="Remove ${label}">Remove</button>`
          : nothing
      }
    </span>`;
  }
  const isNumber = kind.kind === "number";
  return html`<input id=${id} type=${isNumber ? "number" : kind.kind === "string" && kind.format === "uri" ? "url" : "text"}
    step=${isNumber && kind.integer ? "1" : "any"} .value=${value === undefined ? "" : String(value)}
    placeholder=${placeholderOf(hint, schema)} aria-describedby=${aria || nothing} aria-invalid=${hasError ? "true" : "false"}
    @input=${(e: Event) => ctx.onChange(path, parseScalar(kind, (e.target as HTMLInputElement).value))} />`;
}

function renderList(
  ctx: FormContext,
  path: ConfigPath,
  kind: Extract<FieldKind, { kind: "list" }>,
  label: string,
): TemplateResult {
  const items = Array.isArray(getAt(ctx.value, path)) ? (getAt(ctx.value, path) as unknown[]) : [];
  const replace = (next: unknown[]) => ctx.onChange(path, next.length === 0 ? undefined : next);
  return html`<ol class="list">
      ${items.map((_, index) => {
        const itemPath = [...path, String(index)];
        // Clearing an item's text keeps the (empty) item; "Remove" deletes it.
        const itemCtx: FormContext = {
          ...ctx,
          onChange: (p, v) => ctx.onChange(p, v === undefined && p.length === itemPath.length ? "" : v),
        };
        const itemLabel = `${label} ${index + 1}`;
        const body =
          kind.item.kind === "object"
            ? renderObject(ctx, kind.itemSchema, itemPath)
            : html`<label class="sr-only" for=${fieldId(itemPath)}>${itemLabel}</label>${renderControl(itemCtx, itemPath, kind.itemSchema, kind.item, {}, itemLabel)}${errorsAt(ctx, itemPath)}`;
        return html`<li>${body}<button type="button" class="link" aria-label="Remove ${itemLabel}"
          @click=${() => replace(items.filter((__, i) => i !== index))}>Remove</button></li>`;
      })}
    </ol>
    <button type="button" @click=${() => replace([...items, kind.item.kind === "object" ? {} : kind.item.kind === "boolean" ? false : ""])}>Add ${label.toLowerCase()}</button>`;
}

function renderMap(
  ctx: FormContext,
  path: ConfigPath,
  kind: Extract<FieldKind, { kind: "map" }>,
  label: string,
): TemplateResult {
  const map = isRecord(getAt(ctx.value, path)) ? (getAt(ctx.value, path) as Record<string, unknown>) : {};
  const entries = Object.entries(map);
  const valueKind = analyze(kind.valueSchema);
  const rename = (from: string, to: string) => {
    if (to === from || to === "" || to in map) return;
    ctx.onChange(path, Object.fromEntries(entries.map(([k, v]) => [k === from ? to : k, v])));
  };
  return html`<ul class="list">
      ${entries.map(([key]) => {
        const valuePath = [...path, key];
        return html`<li class="map-row">
          <label class="sr-only" for="${fieldId(valuePath)}-key">${label}: key</label>
          <input id="${fieldId(valuePath)}-key" .value=${key} @change=${(e: Event) => rename(key, (e.target as HTMLInputElement).value.trim())} />
          <label class="sr-only" for=${fieldId(valuePath)}>${label}: value of ${key}</label>
          ${renderControl(ctx, valuePath, kind.valueSchema, valueKind, {}, key)}
          <button type="button" class="link" aria-label="Remove ${key}" @click=${() => ctx.onChange(valuePath, undefined)}>Remove</button>
          ${errorsAt(ctx, valuePath)}
        </li>`;
      })}
    </ul>
    <button type="button" @click=${() => {
      let n = entries.length + 1;
      while (`key${n}` in map) n++;
      ctx.onChange([...path, `key${n}`], "");
    }}>Add entry</button>`;
}

function renderRaw(ctx: FormContext, path: ConfigPath, reason: string): TemplateResult {
  const id = fieldId(path);
  const value = getAt(ctx.value, path);
  return html`<textarea id=${id} class="raw" rows="4" spellcheck="false" aria-describedby="${id}-raw"
      .value=${value === undefined ? "" : JSON.stringify(value, null, 2)}
      @input=${(e: Event) => {
        const text = (e.target as HTMLTextAreaElement).value.trim();
        if (text === "") {
          ctx.onRawError(path, undefined);
          ctx.onChange(path, undefined);
          return;
        }
        try {
          const parsed: unknown = JSON.parse(text);
          ctx.onRawError(path, undefined);
          ctx.onChange(path, parsed);
        } catch (error) {
          ctx.onRawError(path, `not valid JSON: ${(error as Error).message}`);
        }
      }}></textarea>
    <p class="hint" id="${id}-raw">Edited as JSON (${reason}).</p>`;
}

/** One labelled field: its control, help text and errors. */
export function renderField(
  ctx: FormContext,
  key: string,
  schema: JsonSchema,
  path: ConfigPath,
): TemplateResult {
  const hint = hintForPath(ctx.hints, [...ctx.basePath, ...path], schema);
  const label = hint.label ?? fallbackLabel(key, schema);
  const kind = analyze(schema);
  const id = fieldId(path);
  const help = helpText(hint, schema);
  const helpLine = help ? html`<p class="hint" id="${id}-help">${help}</p>` : nothing;
  if (kind.kind === "object") {
    return html`<fieldset class="group"><legend>${label}</legend>${helpLine}${renderObject(ctx, schema, path)}${errorsAt(ctx, path)}</fieldset>`;
  }
  if (kind.kind === "list" || kind.kind === "map") {
    return html`<fieldset class="group" aria-describedby=${help ? `${id}-help` : nothing}><legend>${label}</legend>${helpLine}
      ${kind.kind === "list" ? renderList(ctx, path, kind, label) : renderMap(ctx, path, kind, label)}${errorsAt(ctx, path)}</fieldset>`;
  }
  if (kind.kind === "raw") {
    return html`<div class="field"><label for=${id}>${label}</label>${helpLine}${renderRaw(ctx, path, kind.reason)}${errorsAt(ctx, path)}</div>`;
  }
  const control = renderControl(ctx, path, schema, kind, hint, label);
  if (kind.kind === "boolean") {
    return html`<div class="field check">${control}<label for=${id}>${label}</label>${helpLine}${errorsAt(ctx, path)}</div>`;
  }
  return html`<div class="field"><label for=${id}>${label}</label>${helpLine}${control}${errorsAt(ctx, path)}</div>`;
}

/**
 * The fields of an object node, sorted by hint `order` (default 50; ties keep the schema's property
 * order, which authors write in a meaningful order), `advanced` ones in a collapsed "Advanced" group.
 */
export function renderObject(ctx: FormContext, schema: JsonSchema, path: ConfigPath): TemplateResult {
  const props = Object.entries(propertiesOf(schema)).map(([key, node], index) => {
    const hint = hintForPath(ctx.hints, [...ctx.basePath, ...path, key], node);
    return { key, node, index, hint };
  });
  if (props.length === 0) return html`<p class="hint">No settings.</p>`;
  props.sort((a, b) => (a.hint.order ?? 50) - (b.hint.order ?? 50) || a.index - b.index);
  const basic = props.filter((p) => p.hint.advanced !== true);
  const advanced = props.filter((p) => p.hint.advanced === true);
  const hasAdvancedError = advanced.some((p) =>
    [...ctx.errors.keys()].some(
      (k) => k === [...path, p.key].join(".") || k.startsWith(`${[...path, p.key].join(".")}.`),
    ),
  );
  return html`${basic.map((p) => renderField(ctx, p.key, p.node, [...path, p.key]))}
    ${
      advanced.length === 0
        ? nothing
        : html`<details class="advanced" ?open=${hasAdvancedError}><summary>Advanced</summary>
          ${advanced.map((p) => renderField(ctx, p.key, p.node, [...path, p.key]))}</details>`
    }`;
}
