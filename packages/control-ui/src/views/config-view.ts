import { html, nothing, type TemplateResult } from "lit";
import { anchorIssues } from "../form/anchor.js";
import type { HintMap } from "../form/hints.js";
import { type FormContext, renderObject } from "../form/render.js";
import { type ConfigPath, isRecord, type JsonSchema, propertiesOf } from "../form/schema.js";
import { type FieldIssue, validateValue } from "../form/validate.js";
import { diffValues, getAt, setAt } from "../form/values.js";
import { type GatewayClient, GatewayError } from "../rpc/gateway-client.js";
import type { ConfigPatchResult, ConfigSnapshot } from "../rpc/types.js";
import { LightElement } from "./light-element.js";
import { describeError } from "./messages.js";

/** Section id of the core `plugins.*` settings. */
const CORE = "plugins";

interface Section {
  id: string;
  label: string;
  path: ConfigPath;
  schema: JsonSchema;
  /** Keys under `path` another section (or the install commands) owns. */
  omit: string[];
}

/** The section's part of a config: the value at its path without the keys it omits. */
function sectionValue(config: Record<string, unknown>, section: Section): Record<string, unknown> {
  const value = getAt(config, section.path);
  if (!isRecord(value)) return {};
  const copy = structuredClone(value);
  for (const key of section.omit) delete copy[key];
  return copy;
}

/** The form sections: core `plugins.*` (without `entries`/`installs`) and one per plugin entry. */
function sectionsOf(schema: JsonSchema): Section[] {
  const plugins = propertiesOf(schema).plugins ?? {};
  const { entries, installs: _installs, ...core } = propertiesOf(plugins);
  const sections: Section[] = [
    {
      id: CORE,
      label: "Plugin system (core)",
      path: ["plugins"],
      schema: { ...plugins, properties: core },
      omit: ["entries", "installs"],
    },
  ];
  for (const [id, node] of Object.entries(propertiesOf(entries ?? {}))) {
    sections.push({
      id,
      label: typeof node.title === "string" ? node.title : id,
      path: ["plugins", "entries", id],
      schema: node,
      omit: [],
    });
  }
  return sections;
}

function byPath(issues: FieldIssue[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const issue of issues) map.set(issue.path, [...(map.get(issue.path) ?? []), issue.message]);
  return map;
}

/**
 * The Config page: a form per section generated from `config.schema` and its `x-uiHints`, filled from
 * `config.get` (secrets redacted), validated in the browser with the same JSON Schema, saved with
 * `config.patch` carrying the hash it was loaded at. Server problems (`CONFIG_INVALID`) show beside
 * their fields; a file changed behind the form (`CONFIG_CONFLICT`) is reported, never overwritten.
 */
export class ConfigView extends LightElement {
  static override properties = {
    client: { attribute: false },
    section: { type: String },
    schema: { state: true },
    snapshot: { state: true },
    draft: { state: true },
    issues: { state: true },
    serverIssues: { state: true },
    rawIssues: { state: true },
    message: { state: true },
    saving: { state: true },
  };
  client: GatewayClient | undefined = undefined;
  section = "";
  schema: JsonSchema | undefined = undefined;
  snapshot: ConfigSnapshot | undefined = undefined;
  draft: Record<string, unknown> = {};
  issues: FieldIssue[] = [];
  serverIssues: FieldIssue[] = [];
  rawIssues = new Map<string, string>();
  message: { kind: "ok" | "error" | "conflict"; text: string } | undefined = undefined;
  saving = false;
  #draftFor = "";

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  /** Loads the schema and the current file, discarding edits. */
  async load(): Promise<void> {
    try {
      const [schema, snapshot] = await Promise.all([
        this.client?.call<JsonSchema>("config.schema"),
        this.client?.call<ConfigSnapshot>("config.get"),
      ]);
      this.schema = schema;
      this.snapshot = snapshot;
      this.#draftFor = "";
    } catch (error) {
      this.message = { kind: "error", text: describeError(error) };
    }
  }

  /** "Reload from file": drops the edits and shows the file as it is now. */
  async #reload(): Promise<void> {
    this.message = undefined;
    await this.load();
    if (!this.message)
      this.message = { kind: "ok", text: "Loaded the current file; unsaved edits were dropped." };
  }

  #current(): Section | undefined {
    if (!this.schema) return undefined;
    const sections = sectionsOf(this.schema);
    return sections.find((s) => s.id === (this.section || CORE)) ?? sections[0];
  }

  /** Resets the draft when the section or the loaded file changed. */
  protected override willUpdate(): void {
    const section = this.#current();
    if (!section || !this.snapshot) return;
    const key = `${section.id}\n${this.snapshot.hash}`;
    if (key === this.#draftFor) return;
    this.#draftFor = key;
    this.draft = sectionValue(this.snapshot.config, section);
    this.issues = [];
    this.serverIssues = [];
    this.rawIssues = new Map();
  }

  #hints(section: Section): HintMap {
    const hints = { ...((this.schema?.["x-uiHints"] as HintMap | undefined) ?? {}) };
    if (section.id !== CORE)
      hints[`plugins.entries.${section.id}.hooks`] ??= { label: "Hooks", advanced: true };
    if (section.id !== CORE)
      hints[`plugins.entries.${section.id}.subagent`] ??= { label: "Subagent trust", advanced: true };
    return hints;
  }

  #change(section: Section, path: ConfigPath, value: unknown): void {
    this.draft = setAt(this.draft, path, value);
    this.issues = validateValue(section.schema, this.draft);
    const dotted = path.join(".");
    this.serverIssues = this.serverIssues.filter(
      (i) => i.path !== dotted && !i.path.startsWith(`${dotted}.`),
    );
    if (this.message?.kind === "ok") this.message = undefined;
  }

  async #save(event: Event, section: Section): Promise<void> {
    event.preventDefault();
    const snapshot = this.snapshot as ConfigSnapshot;
    this.issues = validateValue(section.schema, this.draft);
    if (this.issues.length > 0 || this.rawIssues.size > 0) {
      this.message = { kind: "error", text: "Fix the highlighted fields before saving." };
      await this.updateComplete;
      this.#focusFirstError();
      return;
    }
    const ops = diffValues(sectionValue(snapshot.config, section), this.draft, section.path);
    if (ops.set.length === 0 && ops.unset.length === 0) {
      this.message = { kind: "ok", text: "Nothing changed." };
      return;
    }
    this.saving = true;
    try {
      const result = await (this.client as GatewayClient).call<ConfigPatchResult>("config.patch", {
        baseHash: snapshot.hash,
        ...(ops.set.length > 0 ? { set: ops.set } : {}),
        ...(ops.unset.length > 0 ? { unset: ops.unset } : {}),
      });
      this.snapshot = { ...snapshot, exists: true, hash: result.hash, config: result.config };
      const reloaded = result.reloaded.length > 0 ? ` Reloaded: ${result.reloaded.join(", ")}.` : "";
      this.message = { kind: "ok", text: `Saved.${reloaded}` };
    } catch (error) {
      this.#saveFailed(error, section);
    } finally {
      this.saving = false;
    }
  }

  #saveFailed(error: unknown, section: Section): void {
    if (error instanceof GatewayError && error.code === "CONFIG_CONFLICT") {
      this.message = {
        kind: "conflict",
        text: "The config file changed on disk after this form was loaded (another tab, the CLI or an editor). Nothing was saved. Reload the form to see the current file, then make your change again.",
      };
      return;
    }
    const issues = (error instanceof GatewayError ? error.details?.issues : undefined) as
      | FieldIssue[]
      | undefined;
    if (error instanceof GatewayError && error.code === "CONFIG_INVALID" && Array.isArray(issues)) {
      const prefix = `${section.path.join(".")}.`;
      this.serverIssues = issues.map((i) => ({
        path: i.path.startsWith(prefix) ? i.path.slice(prefix.length) : i.path,
        message: i.message,
      }));
      this.message = { kind: "error", text: `The gateway rejected the change: ${error.message}` };
      void this.updateComplete.then(() => this.#focusFirstError());
      return;
    }
    this.message = { kind: "error", text: describeError(error) };
  }

  #focusFirstError(): void {
    this.querySelector<HTMLElement>("[aria-invalid=true], .advanced .field-error")?.focus();
  }

  #errors(section: Section): Map<string, string[]> {
    const map = byPath(anchorIssues(section.schema, [...this.issues, ...this.serverIssues]));
    for (const [path, message] of this.rawIssues) map.set(path, [...(map.get(path) ?? []), message]);
    return map;
  }

  #form(section: Section): TemplateResult {
    const errors = this.#errors(section);
    const ctx: FormContext = {
      value: this.draft,
      basePath: section.path,
      hints: this.#hints(section),
      errors,
      onChange: (path, value) => this.#change(section, path, value),
      onRawError: (path, message) => {
        const next = new Map(this.rawIssues);
        if (message) next.set(path.join("."), message);
        else next.delete(path.join("."));
        this.rawIssues = next;
      },
    };
    const unplaced = errors.has("") ? [""] : [];
    return html`<form class="config-form" novalidate @submit=${(e: Event) => this.#save(e, section)}>
      ${renderObject(ctx, section.schema, [])}
      ${
        unplaced.length > 0
          ? html`<p class="field-error" role="alert">${unplaced.map((p) => errors.get(p)?.join("; "))}</p>`
          : nothing
      }
      <div class="actions sticky">
        <button type="submit" ?disabled=${this.saving}>${this.saving ? "Saving…" : "Save"}</button>
        <button type="button" @click=${() => this.#reload()}>Reload from file</button>
      </div>
    </form>`;
  }

  protected override render(): TemplateResult {
    const section = this.#current();
    if (!this.schema || !this.snapshot || !section) {
      return html`<h1>Config</h1>${this.message ? html`<p class="field-error" role="alert">${this.message.text}</p>` : html`<p role="status">Loading…</p>`}`;
    }
    const sections = sectionsOf(this.schema);
    return html`<h1>Config</h1>
      <div class="row section-picker">
        <label for="config-section">Section</label>
        <select id="config-section" @change=${(e: Event) => (location.hash = `#/config/${encodeURIComponent((e.target as HTMLSelectElement).value)}`)}>
          ${sections.map((s) => html`<option value=${s.id} ?selected=${s.id === section.id}>${s.label}</option>`)}
        </select>
      </div>
      <p class="hint">File: <code>${this.snapshot.path}</code>${this.snapshot.exists ? "" : " (not created yet)"}</p>
      <h2>${section.label}</h2>
      <div aria-live="polite" class="status-line">${
        this.message
          ? html`<p class=${this.message.kind === "ok" ? "ok" : this.message.kind === "conflict" ? "conflict" : "field-error"}
            role=${this.message.kind === "ok" ? "status" : "alert"}>${this.message.text}</p>`
          : nothing
      }</div>
      ${this.#form(section)}`;
  }
}
customElements.define("oc-config", ConfigView);
