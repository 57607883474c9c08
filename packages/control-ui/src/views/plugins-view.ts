import { html, nothing, type TemplateResult } from "lit";
import type { GatewayClient } from "../rpc/gateway-client.js";
import type { ConfigSnapshot, PluginStatusEntry, UninstallPlan } from "../rpc/types.js";
import { markReady, READY_MARKS } from "../state/ready-marks.js";
import { LightElement } from "./light-element.js";
import { describeError } from "./messages.js";

/** A message, its tail folded behind "more" when it is long (an SDK error can list 50 subpaths). */
function longText(text: string, limit = 160): TemplateResult {
  if (text.length <= limit) return html`${text}`;
  return html`${text.slice(0, limit)}…
    <details class="more"><summary>Show all</summary>${text}</details>`;
}

const INSTALL_STEPS: Record<string, string> = {
  resolve: "Resolving",
  fetch: "Fetching",
  verify: "Verifying",
  "install-deps": "Installing dependencies",
  activate: "Activating",
  load: "Loading",
};

/**
 * The Plugins page: every plugin with status, origin, version, activation reason, coded error and
 * hint, diagnostics and registrations; enable, disable (through `config.patch`), reload, configure;
 * install from an npm spec with live progress; uninstall after a confirmation that names what goes.
 */
export class PluginsView extends LightElement {
  static override properties = {
    client: { attribute: false },
    plugins: { state: true },
    busy: { state: true },
    message: { state: true },
    progress: { state: true },
    plan: { state: true },
  };
  client: GatewayClient | undefined = undefined;
  plugins: PluginStatusEntry[] | undefined = undefined;
  busy = "";
  message: { kind: "ok" | "error"; text: string } | undefined = undefined;
  progress: string[] = [];
  plan: UninstallPlan | undefined = undefined;
  #off: (() => void) | undefined;
  #installId = "";

  override connectedCallback(): void {
    super.connectedCallback();
    this.#off = this.client?.on((event, payload) => {
      if (event === "plugins.reloaded" || event === "plugins.changed") void this.refresh();
      const p = payload as { installId?: string; step?: string; detail?: string };
      if (event === "plugins.install.progress" && p.installId === this.#installId)
        this.progress = [
          ...this.progress,
          `${INSTALL_STEPS[p.step ?? ""] ?? p.step} ${p.detail ?? ""}`.trim(),
        ];
    });
    void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#off?.();
  }

  /** Re-reads `plugins.status`. */
  async refresh(): Promise<void> {
    try {
      const status = await this.client?.call<{ plugins: PluginStatusEntry[] }>("plugins.status");
      this.plugins = [...(status?.plugins ?? [])].sort((a, b) => a.id.localeCompare(b.id));
    } catch (error) {
      this.message = { kind: "error", text: describeError(error) };
    }
  }

  async #run(label: string, action: () => Promise<string>): Promise<void> {
    this.busy = label;
    this.message = undefined;
    try {
      this.message = { kind: "ok", text: await action() };
    } catch (error) {
      this.message = { kind: "error", text: describeError(error) };
    } finally {
      this.busy = "";
      await this.refresh();
    }
  }

  #setEnabled(plugin: PluginStatusEntry, enabled: boolean): Promise<void> {
    return this.#run(`${enabled ? "enable" : "disable"}:${plugin.id}`, async () => {
      const client = this.client as GatewayClient;
      const snapshot = await client.call<ConfigSnapshot>("config.get");
      await client.call("config.patch", {
        baseHash: snapshot.hash,
        set: [{ path: `plugins.entries.${plugin.id}.enabled`, value: enabled }],
      });
      return `${plugin.name} ${enabled ? "enabled" : "disabled"}.`;
    });
  }

  #reload(plugin: PluginStatusEntry): Promise<void> {
    return this.#run(`reload:${plugin.id}`, async () => {
      const record = await (this.client as GatewayClient).call<{ status: string }>("plugins.reload", {
        id: plugin.id,
      });
      return `${plugin.name} reloaded: ${record.status}.`;
    });
  }

  #install(event: Event): Promise<void> {
    event.preventDefault();
    const input = this.querySelector<HTMLInputElement>("#install-spec");
    const spec = input?.value.trim() ?? "";
    if (spec === "") {
      this.message = { kind: "error", text: "Enter an npm package spec, e.g. @scope/plugin@1.2.3." };
      return Promise.resolve();
    }
    this.#installId = crypto.randomUUID();
    this.progress = [];
    return this.#run("install", async () => {
      const result = await (this.client as GatewayClient).call<{
        id: string;
        version?: string;
        status: string;
      }>("plugins.install", { spec, installId: this.#installId });
      if (input) input.value = "";
      return `Installed ${result.id}${result.version ? `@${result.version}` : ""} (${result.status}).`;
    });
  }

  async #askUninstall(plugin: PluginStatusEntry): Promise<void> {
    try {
      this.plan = await (this.client as GatewayClient).call<UninstallPlan>("plugins.uninstall", {
        id: plugin.id,
        dryRun: true,
      });
      await this.updateComplete;
      this.querySelector<HTMLDialogElement>("#uninstall-dialog")?.showModal();
    } catch (error) {
      this.message = { kind: "error", text: describeError(error) };
    }
  }

  #confirmUninstall(): Promise<void> {
    const plan = this.plan as UninstallPlan;
    this.querySelector<HTMLDialogElement>("#uninstall-dialog")?.close();
    this.plan = undefined;
    return this.#run(`uninstall:${plan.id}`, async () => {
      await (this.client as GatewayClient).call("plugins.uninstall", { id: plan.id });
      return `Uninstalled ${plan.id}.`;
    });
  }

  #card(p: PluginStatusEntry): TemplateResult {
    const registrations = Object.entries(p.registrations ?? {}).filter(([, names]) => names.length > 0);
    // The plugin's error is usually also its first diagnostic; show it once.
    const diagnostics = p.diagnostics.filter((d) => d.message !== p.error?.message);
    const busy = this.busy !== "";
    return html`<li class="card" aria-labelledby="plugin-${p.id}">
      <div class="card-head">
        <h3 id="plugin-${p.id}">${p.name}</h3>
        <span class="badge status-${p.status}">${p.status}</span>
      </div>
      <dl class="facts">
        <dt>id</dt><dd><code>${p.id}</code></dd>
        <dt>origin</dt><dd>${p.origin}</dd>
        <dt>version</dt><dd>${p.version ?? "—"}</dd>
        <dt>activation</dt><dd>${p.activation?.reason ?? "—"}</dd>
      </dl>
      ${
        p.error
          ? html`<div class="error-box" role="note"><strong><code>${p.error.code}</code></strong> ${longText(p.error.message)}
            ${p.error.hint ? html`<p class="hint">Hint: ${longText(p.error.hint)}</p>` : nothing}</div>`
          : nothing
      }
      ${
        diagnostics.length > 0
          ? html`<ul class="diagnostics">${diagnostics.map((d) => html`<li class="diag-${d.level}">${d.level}: ${d.code ? html`<code>${d.code}</code> ` : nothing}${longText(`${d.message}${d.hint ? ` — ${d.hint}` : ""}`)}</li>`)}</ul>`
          : nothing
      }
      ${
        registrations.length > 0
          ? html`<details><summary>Registrations (${registrations.reduce((n, [, v]) => n + v.length, 0)})</summary>
            <dl class="facts">${registrations.map(([kind, names]) => html`<dt>${kind}</dt><dd>${names.join(", ")}</dd>`)}</dl></details>`
          : nothing
      }
      <div class="actions">
        ${
          p.status === "disabled" || (p.status === "error" && p.activation?.enabled === false)
            ? html`<button type="button" ?disabled=${busy} @click=${() => this.#setEnabled(p, true)} aria-label="Enable ${p.name}">Enable</button>`
            : html`<button type="button" ?disabled=${busy} @click=${() => this.#setEnabled(p, false)} aria-label="Disable ${p.name}">Disable</button>`
        }
        <button type="button" ?disabled=${busy} @click=${() => this.#reload(p)} aria-label="Reload ${p.name}">Reload</button>
        <a class="button" href="#/config/${encodeURIComponent(p.id)}" aria-label="Configure ${p.name}">Configure</a>
        ${
          p.origin === "global"
            ? html`<button type="button" class="danger" ?disabled=${busy} @click=${() => this.#askUninstall(p)} aria-label="Uninstall ${p.name}">Uninstall</button>`
            : nothing
        }
      </div>
    </li>`;
  }

  #dialog(): TemplateResult {
    const plan = this.plan;
    return html`<dialog id="uninstall-dialog" aria-labelledby="uninstall-title" @close=${() => (this.plan = undefined)}>
      ${
        plan
          ? html`<h2 id="uninstall-title">Uninstall ${plan.id}?</h2>
            <p>This removes:</p>
            <ul class="removed">
              ${plan.removedPaths.map((path) => html`<li>directory <code>${path}</code></li>`)}
              ${plan.removedConfig.map((key) => html`<li>config <code>${key}</code></li>`)}
            </ul>
            <div class="actions">
              <button type="button" class="danger" @click=${() => this.#confirmUninstall()}>Uninstall ${plan.id}</button>
              <button type="button" @click=${() => this.querySelector<HTMLDialogElement>("#uninstall-dialog")?.close()}>Cancel</button>
            </div>`
          : nothing
      }
    </dialog>`;
  }

  protected override updated(): void {
    if (this.plugins !== undefined) markReady(READY_MARKS.plugins);
  }

  protected override render(): TemplateResult {
    const installing = this.busy === "install";
    return html`<h1>Plugins</h1>
      <form class="install" @submit=${(e: Event) => this.#install(e)}>
        <label for="install-spec">Install from npm</label>
        <div class="row">
          <input id="install-spec" placeholder="@scope/plugin@1.2.3" autocomplete="off" aria-describedby="install-help" />
          <button type="submit" ?disabled=${this.busy !== ""}>${installing ? "Installing…" : "Install"}</button>
        </div>
        <p class="hint" id="install-help">A package name with an optional version or tag. The plugin is enabled and loaded once installed.</p>
        ${
          this.progress.length > 0
            ? html`<ol class="progress" aria-label="Install progress" aria-live="polite">${this.progress.map((line) => html`<li>${line}</li>`)}</ol>`
            : nothing
        }
      </form>
      <div aria-live="polite" class="status-line">${
        this.message
          ? html`<p class=${this.message.kind === "ok" ? "ok" : "field-error"} role=${this.message.kind === "error" ? "alert" : "status"}>${this.message.text}</p>`
          : nothing
      }</div>
      ${
        this.plugins === undefined
          ? html`<p role="status">Loading plugins…</p>`
          : html`<p class="summary">${this.plugins.length} plugins: ${this.plugins.filter((p) => p.status === "loaded").length} loaded,
              ${this.plugins.filter((p) => p.status === "error").length} with errors.</p>
            <ul class="cards">${this.plugins.map((p) => this.#card(p))}</ul>`
      }
      ${this.#dialog()}`;
  }
}
customElements.define("oc-plugins", PluginsView);
