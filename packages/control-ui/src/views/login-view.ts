import { html, nothing, type TemplateResult } from "lit";
import { markReady, READY_MARKS } from "../state/ready-marks.js";
import { LightElement } from "./light-element.js";

/**
 * The login form: asks for the gateway token (from `<state dir>/gateway/token` or
 * `openclaw gateway token`) and fires `login` with it. The token goes nowhere else.
 */
export class LoginView extends LightElement {
  static override properties = { error: { type: String }, busy: { type: Boolean } };
  error = "";
  busy = false;

  #submit(event: Event): void {
    event.preventDefault();
    const input = this.querySelector<HTMLInputElement>("#login-token");
    const token = input?.value.trim() ?? "";
    if (token === "") {
      this.error = "Enter the gateway token.";
      return;
    }
    this.dispatchEvent(new CustomEvent("login", { detail: token, bubbles: true }));
  }

  protected override firstUpdated(): void {
    markReady(READY_MARKS.login);
  }

  protected override render(): TemplateResult {
    return html`<main class="login" id="main">
      <h1>OpenClaw Control</h1>
      <form @submit=${(e: Event) => this.#submit(e)} novalidate>
        <label for="login-token">Gateway token</label>
        <p class="hint" id="login-help">
          The token is in <code>&lt;state dir&gt;/gateway/token</code> (default <code>~/.openclaw/gateway/token</code>). It is kept
          only for this browser tab.
        </p>
        <input id="login-token" type="password" autocomplete="off" aria-describedby="login-help${this.error ? " login-error" : ""}" required />
        ${this.error ? html`<p class="field-error" id="login-error" role="alert">${this.error}</p>` : nothing}
        <button type="submit" ?disabled=${this.busy}>${this.busy ? "Connecting…" : "Log in"}</button>
      </form>
    </main>`;
  }
}
customElements.define("oc-login", LoginView);
