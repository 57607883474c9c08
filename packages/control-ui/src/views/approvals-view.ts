import { html, nothing, type TemplateResult } from "lit";
import type { GatewayClient } from "../rpc/gateway-client.js";
import type { PendingApproval } from "../rpc/types.js";
import { coverage } from "./approvals-allowlist-view.js";
import { LightElement } from "./light-element.js";
import { describeError } from "./messages.js";

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString();
}

/**
 * The Approvals page: tool calls waiting for an operator because a plugin's `before_tool_call` asked
 * for approval (`approvals.list`, kept live by `approvals.requested` / `approvals.resolved` events),
 * each with Approve once, Allow always (when the plugin offers it) and Deny buttons
 * (`approvals.resolve`), and the allow-always allowlist below.
 */
export class ApprovalsView extends LightElement {
  static override properties = {
    client: { attribute: false },
    approvals: { state: true },
    busy: { state: true },
    message: { state: true },
  };
  client: GatewayClient | undefined = undefined;
  approvals: PendingApproval[] | undefined = undefined;
  busy = "";
  message: { kind: "ok" | "error"; text: string } | undefined = undefined;
  #off: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#off = this.client?.on((event, payload) => {
      if (event === "approvals.requested") {
        const approval = payload as PendingApproval;
        this.approvals = [...(this.approvals ?? []).filter((a) => a.id !== approval.id), approval];
      }
      if (event === "approvals.resolved") {
        const { id } = payload as { id: string };
        this.approvals = (this.approvals ?? []).filter((a) => a.id !== id);
      }
    });
    void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#off?.();
  }

  /** Re-reads `approvals.list`. */
  async refresh(): Promise<void> {
    try {
      const result = await this.client?.call<{ approvals: PendingApproval[] }>("approvals.list");
      this.approvals = result?.approvals ?? [];
    } catch (error) {
      this.approvals = [];
      this.message = { kind: "error", text: describeError(error) };
    }
  }

  async #resolve(
    approval: PendingApproval,
    decision: PendingApproval["allowedDecisions"][number],
  ): Promise<void> {
    this.busy = approval.id;
    this.message = undefined;
    try {
      await this.client?.call("approvals.resolve", { id: approval.id, decision });
      this.approvals = (this.approvals ?? []).filter((a) => a.id !== approval.id);
      const verb =
        decision === "deny" ? "Denied" : decision === "allow-always" ? "Allowed always" : "Allowed once";
      this.message = { kind: "ok", text: `${verb}: ${approval.title}` };
    } catch (error) {
      this.message = { kind: "error", text: describeError(error) };
      void this.refresh();
    } finally {
      this.busy = "";
    }
  }

  #card(a: PendingApproval): TemplateResult {
    const busy = this.busy === a.id;
    const always = (a.allowedDecisions ?? []).includes("allow-always");
    return html`<li class="card approval" data-approval=${a.id}>
      <div class="card-head">
        <h2>${a.title}</h2>
        <span class="badge severity-${a.severity}">${a.severity}</span>
      </div>
      ${a.description ? html`<p>${a.description}</p>` : nothing}
      <dl class="facts">
        <dt>Plugin</dt><dd>${a.pluginId}</dd>
        <dt>Tool</dt><dd><code>${a.toolName}</code></dd>
        <dt>Session</dt><dd>${a.sessionKey ?? "–"}</dd>
        <dt>Expires</dt><dd>${time(a.expiresAt)}, then ${a.timeoutBehavior === "allow" ? "allowed" : "denied"}</dd>
        ${always ? html`<dt>Allow always covers</dt><dd>${coverage(a.pluginId, a.toolName, a.allowAlwaysKey)}</dd>` : nothing}
      </dl>
      <pre aria-label="Params">${a.params.json}${a.params.truncated ? " (cut)" : ""}</pre>
      <div class="row">
        <button type="button" ?disabled=${busy} @click=${() => this.#resolve(a, "allow-once")}>Approve once</button>
        ${always ? html`<button type="button" ?disabled=${busy} @click=${() => this.#resolve(a, "allow-always")}>Allow always</button>` : nothing}
        <button type="button" class="danger" ?disabled=${busy} @click=${() => this.#resolve(a, "deny")}>Deny</button>
      </div>
    </li>`;
  }

  protected override render(): TemplateResult {
    const list = this.approvals;
    return html`<h1>Approvals</h1>
      <p class="hint">Tool calls a plugin wants an operator to approve. Approve runs the call once with the params shown; Allow always also lets later calls of the same plugin, tool and key run without asking; Deny gives the model an error.</p>
      <div aria-live="polite" class="status-line">${
        this.message
          ? html`<p class=${this.message.kind === "ok" ? "ok" : "field-error"} role=${this.message.kind === "ok" ? "status" : "alert"}>${this.message.text}</p>`
          : nothing
      }</div>
      ${
        list === undefined
          ? html`<p role="status">Loading…</p>`
          : list.length === 0
            ? html`<p>No pending approvals.</p>`
            : html`<ul class="cards" aria-label="Pending approvals">${list.map((a) => this.#card(a))}</ul>`
      }
      <oc-approvals-allowlist .client=${this.client}></oc-approvals-allowlist>`;
  }
}
customElements.define("oc-approvals", ApprovalsView);
