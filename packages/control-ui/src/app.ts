import { html, nothing, type TemplateResult } from "lit";
import { keyed } from "lit/directives/keyed.js";
import { GatewayClient, GatewayError } from "./rpc/gateway-client.js";
import { tokenStore } from "./state/token-store.js";
import { LightElement } from "./views/light-element.js";
import "./views/login-view.js";
import "./views/plugins-view.js";
import "./views/config-view.js";
import "./views/voice-view.js";
import "./views/agent-view.js";
import "./views/approvals-view.js";

/** Pages of the app, addressed by the URL fragment (`#/plugins`, `#/config/<section>`, …). */
const PAGES = [
  { id: "plugins", label: "Plugins" },
  { id: "config", label: "Config" },
  { id: "voice", label: "Voice Call" },
  { id: "agent", label: "Agent" },
  { id: "approvals", label: "Approvals" },
] as const;

type PageId = (typeof PAGES)[number]["id"];

function parseRoute(hash: string): { page: PageId; arg: string } {
  const [page = "", ...rest] = hash.replace(/^#\/?/, "").split("/");
  const known = PAGES.find((p) => p.id === page);
  return { page: known ? known.id : "plugins", arg: decodeURIComponent(rest.join("/")) };
}

/**
 * The app shell: logs in with the gateway token (kept in sessionStorage), holds the one WebSocket
 * RPC connection, and shows the page the URL fragment names.
 */
export class ControlApp extends LightElement {
  static override properties = {
    client: { state: true },
    loginError: { state: true },
    connecting: { state: true },
    connection: { state: true },
    route: { state: true },
    generation: { state: true },
  };
  client: GatewayClient | undefined = undefined;
  loginError = "";
  connecting = false;
  connection: "open" | "reconnecting" | "unauthorized" = "open";
  /** Bumped on every reconnect, so the page is rebuilt and re-reads what it missed meanwhile. */
  generation = 0;
  route = parseRoute(location.hash);
  #resuming = false;
  readonly #onHash = () => {
    this.route = parseRoute(location.hash);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener("hashchange", this.#onHash);
    const saved = tokenStore.get();
    if (saved) {
      this.#resuming = true;
      void this.#login(saved).finally(() => {
        this.#resuming = false;
      });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener("hashchange", this.#onHash);
  }

  async #login(token: string): Promise<void> {
    this.connecting = true;
    this.loginError = "";
    const client = new GatewayClient(GatewayClient.urlFor(location), token);
    client.onState = (state) => {
      if (state === "open" && this.connection === "reconnecting") this.generation += 1;
      this.connection = state;
      if (state === "unauthorized") this.#logout("The gateway no longer accepts this token. Log in again.");
    };
    try {
      await client.connect();
      tokenStore.set(token);
      this.client = client;
      this.connection = "open";
    } catch (error) {
      client.close();
      tokenStore.clear();
      this.loginError =
        error instanceof GatewayError && error.code === "GATEWAY_UNAUTHORIZED"
          ? "Wrong token: the gateway refused it."
          : `Cannot reach the gateway: ${(error as Error).message}`;
    } finally {
      this.connecting = false;
    }
  }

  #logout(message = ""): void {
    this.client?.close();
    this.client = undefined;
    tokenStore.clear();
    this.loginError = message;
  }

  #page(): TemplateResult {
    const { page, arg } = this.route;
    switch (page) {
      case "config":
        return html`<oc-config .client=${this.client} .section=${arg}></oc-config>`;
      case "voice":
        return html`<oc-voice .client=${this.client}></oc-voice>`;
      case "agent":
        return html`<oc-agent .client=${this.client}></oc-agent>`;
      case "approvals":
        return html`<oc-approvals .client=${this.client}></oc-approvals>`;
      default:
        return html`<oc-plugins .client=${this.client}></oc-plugins>`;
    }
  }

  protected override render(): TemplateResult {
    if (!this.client && this.connecting && this.#resuming) {
      // A reload with the token already in the session: no login form flash while connecting.
      return html`<main class="login" id="main"><p role="status">Connecting to the gateway…</p></main>`;
    }
    if (!this.client) {
      return html`<oc-login .error=${this.loginError} .busy=${this.connecting}
        @login=${(e: CustomEvent<string>) => void this.#login(e.detail)}></oc-login>`;
    }
    return html`<a class="skip" href="#main" @click=${(e: Event) => {
      e.preventDefault();
      this.querySelector<HTMLElement>("#main")?.focus();
    }}>Skip to content</a>
      <header class="top">
        <span class="brand">OpenClaw Control</span>
        <nav aria-label="Pages">
          <ul>
            ${PAGES.map((p) => html`<li><a href="#/${p.id}" aria-current=${this.route.page === p.id ? "page" : nothing}>${p.label}</a></li>`)}
          </ul>
        </nav>
        <button type="button" class="link" @click=${() => this.#logout()}>Log out</button>
      </header>
      ${this.connection === "reconnecting" ? html`<p class="banner" role="status">Connection lost; reconnecting…</p>` : nothing}
      <main id="main" tabindex="-1">${keyed(this.generation, this.#page())}</main>`;
  }
}
customElements.define("oc-app", ControlApp);
