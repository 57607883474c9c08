import { html, nothing, type TemplateResult } from "lit";
import type { GatewayClient } from "../rpc/gateway-client.js";
import type { CallRecord } from "../rpc/types.js";
import { LightElement } from "./light-element.js";
import { describeError } from "./messages.js";

const ENDED = new Set([
  "completed",
  "hangup-user",
  "hangup-bot",
  "timeout",
  "error",
  "failed",
  "no-answer",
  "busy",
  "voicemail",
]);

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString();
}

/**
 * The Voice Call page: calls with their state, each transcript growing live from `voicecall.call`
 * gateway events, and forms to place a call, speak on it, run a conversation turn, and hang up.
 */
export class VoiceView extends LightElement {
  static override properties = {
    client: { attribute: false },
    calls: { state: true },
    selected: { state: true },
    busy: { state: true },
    message: { state: true },
  };
  client: GatewayClient | undefined = undefined;
  calls: CallRecord[] | undefined = undefined;
  selected = "";
  busy = "";
  message: { kind: "ok" | "error"; text: string } | undefined = undefined;
  #off: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#off = this.client?.on((event, payload) => {
      const call = (payload as { call?: CallRecord } | undefined)?.call;
      if (event === "voicecall.call" && call) this.#upsert(call);
    });
    void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#off?.();
  }

  #upsert(call: CallRecord): void {
    const others = (this.calls ?? []).filter((c) => c.callId !== call.callId);
    this.calls = [call, ...others].sort((a, b) => b.startedAt - a.startedAt);
  }

  /** Re-reads `voicecall.list`. */
  async refresh(): Promise<void> {
    try {
      const result = await this.client?.call<{ calls: CallRecord[] }>("voicecall.list");
      this.calls = [...(result?.calls ?? [])].sort((a, b) => b.startedAt - a.startedAt);
    } catch (error) {
      this.calls = [];
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
    }
  }

  #field(form: HTMLFormElement, name: string): string {
    return (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value.trim() ?? "";
  }

  #place(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const to = this.#field(form, "to");
    const params = {
      message: this.#field(form, "message"),
      mode: this.#field(form, "mode"),
      ...(to ? { to } : {}),
    };
    return this.#run("place", async () => {
      const result = await (this.client as GatewayClient).call<{ callId: string; state: string }>(
        "voicecall.initiate",
        params,
      );
      this.selected = result.callId;
      return `Call placed (${result.state}).`;
    });
  }

  #onCall(event: Event, call: CallRecord): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    const method = submitter?.value === "continue" ? "voicecall.continue" : "voicecall.speak";
    const message = this.#field(form, "say");
    if (message === "") {
      this.message = { kind: "error", text: "Type what to say first." };
      return Promise.resolve();
    }
    return this.#run(method, async () => {
      const input = form.elements.namedItem("say") as HTMLInputElement;
      input.value = "";
      const result = await (this.client as GatewayClient).call<{ transcript?: string }>(method, {
        callId: call.callId,
        message,
      });
      return method === "voicecall.continue" ? `The callee said: ${result.transcript ?? ""}` : "Spoken.";
    });
  }

  #end(call: CallRecord): Promise<void> {
    return this.#run("end", async () => {
      await (this.client as GatewayClient).call("voicecall.end", { callId: call.callId });
      return "Call ended.";
    });
  }

  #detail(call: CallRecord): TemplateResult {
    const live = !ENDED.has(call.state);
    return html`<section class="card call-detail" aria-labelledby="call-title">
      <h2 id="call-title">Call to ${call.direction === "outbound" ? call.to : call.from}</h2>
      <dl class="facts">
        <dt>state</dt><dd><span class="badge state-${live ? "live" : "ended"}" data-testid="call-state">${call.state}</span></dd>
        <dt>direction</dt><dd>${call.direction}</dd>
        <dt>from → to</dt><dd>${call.from} → ${call.to}</dd>
        <dt>mode</dt><dd>${call.mode}</dd>
        <dt>provider</dt><dd>${call.provider}</dd>
        <dt>started</dt><dd>${time(call.startedAt)}</dd>
      </dl>
      <h3>Transcript</h3>
      <ol class="transcript" aria-live="polite" aria-label="Transcript">
        ${call.transcript.length === 0 ? html`<li class="hint">Nothing said yet.</li>` : nothing}
        ${call.transcript.map((t) => html`<li class="speaker-${t.speaker}"><span class="who">${t.speaker === "bot" ? "Bot" : "Caller"}</span> ${t.text}</li>`)}
      </ol>
      ${
        live
          ? html`<form class="row wrap" @submit=${(e: Event) => this.#onCall(e, call)}>
            <label for="call-say" class="sr-only">Say on this call</label>
            <input id="call-say" name="say" placeholder="Say something…" autocomplete="off" />
            <button type="submit" value="speak" ?disabled=${this.busy !== ""}>Speak</button>
            <button type="submit" value="continue" ?disabled=${this.busy !== ""} title="Speak, then wait for the callee's answer">Speak and wait for reply</button>
            <button type="button" class="danger" ?disabled=${this.busy === "end"} @click=${() => this.#end(call)}>End call</button>
          </form>`
          : html`<p class="hint">Ended: ${call.endReason ?? call.state}${call.endedAt ? ` at ${time(call.endedAt)}` : ""}.</p>`
      }
    </section>`;
  }

  protected override render(): TemplateResult {
    const selected = this.calls?.find((c) => c.callId === this.selected) ?? this.calls?.[0];
    return html`<h1>Voice Call</h1>
      <form class="card place" @submit=${(e: Event) => this.#place(e)}>
        <h2>Place a call</h2>
        <div class="field"><label for="call-to">To (E.164)</label>
          <input id="call-to" name="to" placeholder="+15550005678 (default: the configured To Number)" autocomplete="off" inputmode="tel" /></div>
        <div class="field"><label for="call-message">Message</label>
          <input id="call-message" name="message" required placeholder="Spoken when the callee answers" /></div>
        <div class="field"><label for="call-mode">Mode</label>
          <select id="call-mode" name="mode"><option value="conversation">conversation (keep listening)</option><option value="notify">notify (speak, then hang up)</option></select></div>
        <button type="submit" ?disabled=${this.busy !== ""}>${this.busy === "place" ? "Calling…" : "Call"}</button>
      </form>
      <div aria-live="polite" class="status-line">${
        this.message
          ? html`<p class=${this.message.kind === "ok" ? "ok" : "field-error"} role=${this.message.kind === "ok" ? "status" : "alert"}>${this.message.text}</p>`
          : nothing
      }</div>
      <div class="calls">
        <section aria-labelledby="calls-title">
          <h2 id="calls-title">Calls</h2>
          ${this.calls === undefined ? html`<p role="status">Loading…</p>` : nothing}
          ${this.calls?.length === 0 ? html`<p class="hint">No calls yet.</p>` : nothing}
          <ul class="call-list">
            ${(this.calls ?? []).map(
              (
                c,
              ) => html`<li><button type="button" class="call-row" aria-pressed=${c.callId === selected?.callId ? "true" : "false"}
                @click=${() => (this.selected = c.callId)}><span>${c.direction === "outbound" ? c.to : c.from}</span>
                <span class="badge state-${ENDED.has(c.state) ? "ended" : "live"}">${c.state}</span><span class="hint">${time(c.startedAt)}</span></button></li>`,
            )}
          </ul>
        </section>
        ${selected ? this.#detail(selected) : nothing}
      </div>`;
  }
}
customElements.define("oc-voice", VoiceView);
