import { html, nothing, type TemplateResult } from "lit";
import type { GatewayClient } from "../rpc/gateway-client.js";
import { LightElement } from "./light-element.js";
import { describeError } from "./messages.js";

/** One tool call as `agent.tool` events report it (phase `start`, then `end`). */
interface ToolCall {
  toolCallId: string;
  toolName: string;
  params?: unknown;
  resultText?: string;
  isError?: boolean;
  blocked?: boolean;
  durationMs?: number;
  /** Set from `approvals.requested`: the call waits for an operator. */
  awaitingApproval?: boolean;
}

interface Turn {
  runId: string;
  prompt: string;
  text: string;
  tools: ToolCall[];
  done: boolean;
  error?: string;
}

/**
 * The Agent page: sends a message with `agent.run` and shows the reply as `agent.delta` events stream
 * it, each tool call from `agent.tool`, and the end of the run from `agent.end`.
 */
export class AgentView extends LightElement {
  static override properties = {
    client: { attribute: false },
    turns: { state: true },
    available: { state: true },
    busy: { state: true },
  };
  client: GatewayClient | undefined = undefined;
  turns: Turn[] = [];
  available: boolean | undefined = undefined;
  busy = false;
  #sessionKey = `control-ui:${crypto.randomUUID()}`;
  #off: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#off = this.client?.on((event, payload) => this.#onEvent(event, payload as Record<string, unknown>));
    void this.client
      ?.call<{ core: string[] }>("gateway.methods")
      .then((m) => (this.available = m.core.includes("agent.run")))
      .catch(() => (this.available = false));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#off?.();
  }

  #update(runId: unknown, change: (turn: Turn) => Turn): void {
    this.turns = this.turns.map((t) => (t.runId === runId ? change(t) : t));
  }

  /** Applies `agent.delta` (`{ runId, text }`), `agent.tool` and `agent.end` events of this page's runs. */
  #onEvent(event: string, payload: Record<string, unknown> | undefined): void {
    if (!payload) return;
    const { runId } = payload;
    if (event === "approvals.requested") {
      const { toolCallId } = payload;
      this.#update(runId, (t) => ({
        ...t,
        tools: t.tools.map((c) => (c.toolCallId === toolCallId ? { ...c, awaitingApproval: true } : c)),
      }));
    }
    if (event === "agent.delta")
      this.#update(runId, (t) => ({ ...t, text: t.text + String(payload.text ?? "") }));
    if (event === "agent.tool") {
      const call = payload as unknown as ToolCall;
      this.#update(runId, (t) => ({
        ...t,
        tools: t.tools.some((c) => c.toolCallId === call.toolCallId)
          ? t.tools.map((c) => (c.toolCallId === call.toolCallId ? { ...c, ...call } : c))
          : [...t.tools, call],
      }));
    }
    if (event === "agent.end") {
      const error = payload.error as { code?: string; message?: string } | undefined;
      this.#update(runId, (t) => ({
        ...t,
        done: true,
        text: typeof payload.text === "string" && payload.text !== "" ? payload.text : t.text,
        ...(error ? { error: `${error.code ?? "AGENT_FAILED"}: ${error.message ?? ""}` } : {}),
      }));
    }
  }

  async #send(event: Event): Promise<void> {
    event.preventDefault();
    const input = this.querySelector<HTMLTextAreaElement>("#agent-prompt");
    const prompt = input?.value.trim() ?? "";
    if (prompt === "" || !this.client) return;
    if (input) input.value = "";
    this.busy = true;
    // Our own run id, so this run's streamed events are recognised before the answer arrives.
    const runId = crypto.randomUUID();
    this.turns = [...this.turns, { runId, prompt, text: "", tools: [], done: false }];
    try {
      const result = await this.client.call<{ text: string }>("agent.run", {
        prompt,
        sessionKey: this.#sessionKey,
        runId,
      });
      this.#update(runId, (t) => ({ ...t, done: true, text: result.text || t.text }));
    } catch (error) {
      this.#update(runId, (t) => ({ ...t, done: true, error: describeError(error) }));
    } finally {
      this.busy = false;
    }
  }

  #tool(c: ToolCall): TemplateResult {
    const state =
      c.resultText === undefined
        ? c.awaitingApproval
          ? "waiting for approval (see Approvals)"
          : "running…"
        : c.blocked
          ? "blocked"
          : c.isError
            ? "failed"
            : `done in ${c.durationMs ?? 0} ms`;
    return html`<details class="tool-call">
      <summary>Tool <code>${c.toolName}</code> ${state}</summary>
      <pre>${JSON.stringify(c.params ?? {}, null, 2)}</pre>
      ${c.resultText === undefined ? nothing : html`<pre>${c.resultText}</pre>`}
    </details>`;
  }

  #turn(turn: Turn): TemplateResult {
    return html`<li class="turn">
      <p class="speaker-user"><span class="who">You</span> ${turn.prompt}</p>
      ${turn.tools.map((c) => this.#tool(c))}
      <p class="speaker-bot"><span class="who">Agent</span> ${turn.text}${turn.done ? nothing : html`<span class="cursor" aria-hidden="true">▍</span>`}</p>
      ${turn.error ? html`<p class="field-error" role="alert">${turn.error}</p>` : nothing}
    </li>`;
  }

  protected override render(): TemplateResult {
    return html`<h1>Agent</h1>
      ${
        this.available === false
          ? html`<p class="field-error" role="alert">This gateway has no agent runtime (no <code>agent.run</code> method).</p>`
          : nothing
      }
      <ol class="chat" aria-live="polite" aria-label="Conversation">${this.turns.map((t) => this.#turn(t))}</ol>
      <form class="card" @submit=${(e: Event) => this.#send(e)}>
        <label for="agent-prompt">Message</label>
        <textarea id="agent-prompt" rows="3" @keydown=${(e: KeyboardEvent) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey))
            (e.target as HTMLTextAreaElement).form?.requestSubmit();
        }}></textarea>
        <p class="hint">Ctrl+Enter sends.</p>
        <button type="submit" ?disabled=${this.busy || this.available === false}>${this.busy ? "Running…" : "Send"}</button>
      </form>`;
  }
}
customElements.define("oc-agent", AgentView);
