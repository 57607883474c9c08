import { html, nothing, type TemplateResult } from "lit";
import type { GatewayClient } from "../rpc/gateway-client.js";
import type { AllowlistEntry } from "../rpc/types.js";
import { LightElement } from "./light-element.js";
import { describeError } from "./messages.js";

/** What an entry lets through, in words: plugin, tool and key. */
export function coverage(pluginId: string, toolName: string, key: string | null): string {
  return `${pluginId} · ${toolName} · ${key === null ? "any call" : `key ${key}`}`;
}

/**
 * The allow-always allowlist under the Approvals page: every remembered entry (plugin, tool, key,
 * the approval that created it) with a Revoke button (`approvals.allowlist.remove`); kept live by
 * `approvals.allowlistChanged` events.
 */
export class ApprovalsAllowlistView extends LightElement {
  static override properties = {
    client: { attribute: false },
    entries: { state: true },
    busy: { state: true },
    message: { state: true },
  };
  client: GatewayClient | undefined = undefined;
  entries: AllowlistEntry[] | undefined = undefined;
  busy = "";
  message: { kind: "ok" | "error"; text: string } | undefined = undefined;
  #off: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#off = this.client?.on((event) => {
      if (event === "approvals.allowlistChanged") void this.refresh();
    });
    void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#off?.();
  }

  /** Re-reads `approvals.allowlist.list`; a corrupt file shows its coded error. */
  async refresh(): Promise<void> {
    try {
      const result = await this.client?.call<{ entries: AllowlistEntry[] }>("approvals.allowlist.list");
      this.entries = result?.entries ?? [];
    } catch (error) {
      this.entries = [];
      this.message = { kind: "error", text: describeError(error) };
    }
  }

  async #revoke(entry: AllowlistEntry): Promise<void> {
    this.busy = entry.id;
    this.message = undefined;
    try {
      await this.client?.call("approvals.allowlist.remove", { id: entry.id });
      this.entries = (this.entries ?? []).filter((e) => e.id !== entry.id);
      this.message = {
        kind: "ok",
        text: `Revoked: ${coverage(entry.pluginId, entry.toolName, entry.allowAlwaysKey)}`,
      };
    } catch (error) {
      this.message = { kind: "error", text: describeError(error) };
      void this.refresh();
    } finally {
      this.busy = "";
    }
  }

  #row(e: AllowlistEntry): TemplateResult {
    return html`<li class="card allowlist-entry" data-entry=${e.id}>
      <div class="card-head">
        <h3>${coverage(e.pluginId, e.toolName, e.allowAlwaysKey)}</h3>
        <button type="button" class="danger" ?disabled=${this.busy === e.id} @click=${() => this.#revoke(e)}
          aria-label=${`Revoke ${coverage(e.pluginId, e.toolName, e.allowAlwaysKey)}`}>Revoke</button>
      </div>
      <dl class="facts">
        <dt>Entry</dt><dd><code>${e.id}</code></dd>
        <dt>From</dt><dd>${e.title} (approval <code>${e.approvalId}</code>, session ${e.sessionKey ?? "–"})</dd>
        <dt>Since</dt><dd>${new Date(e.createdAt).toLocaleString()}</dd>
      </dl>
    </li>`;
  }

  protected override render(): TemplateResult {
    const list = this.entries;
    return html`<h2 id="allowlist-heading">Allowlist</h2>
      <p class="hint">Calls matching an entry (same plugin, tool and key) run without asking; each one is still reported. Revoke an entry to be asked again.</p>
      <div aria-live="polite" class="status-line">${
        this.message
          ? html`<p class=${this.message.kind === "ok" ? "ok" : "field-error"} role=${this.message.kind === "ok" ? "status" : "alert"}>${this.message.text}</p>`
          : nothing
      }</div>
      ${
        list === undefined
          ? html`<p>Loading allowlist…</p>`
          : list.length === 0
            ? html`<p>No allowlist entries.</p>`
            : html`<ul class="cards" aria-labelledby="allowlist-heading">${list.map((e) => this.#row(e))}</ul>`
      }`;
  }
}
customElements.define("oc-approvals-allowlist", ApprovalsAllowlistView);
