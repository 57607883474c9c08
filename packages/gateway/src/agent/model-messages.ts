import type { ModelMessage } from "ai";
import type { TranscriptMessage } from "./session-store.js";

/** Drops tool calls without a result and results without a call, so providers accept the history. */
function pairedToolCallIds(messages: readonly TranscriptMessage[]): Set<string> {
  const called = new Set(
    messages.flatMap((m) => (m.role === "assistant" ? (m.toolCalls ?? []).map((c) => c.id) : [])),
  );
  return new Set(
    messages.flatMap((m) =>
      m.role === "tool" && m.toolCallId && called.has(m.toolCallId) ? [m.toolCallId] : [],
    ),
  );
}

/**
 * Converts transcript messages (plus this turn's prompt) to the AI SDK's `ModelMessage[]`: assistant
 * tool calls become `tool-call` parts, tool messages `tool-result` parts (`error-text` when the call
 * failed or was blocked).
 */
export function toModelMessages(history: readonly TranscriptMessage[], prompt: string): ModelMessage[] {
  const paired = pairedToolCallIds(history);
  const out: ModelMessage[] = [];
  for (const m of history) {
    if (m.role === "user") out.push({ role: "user", content: m.content });
    else if (m.role === "system") out.push({ role: "system", content: m.content });
    else if (m.role === "assistant") {
      const calls = (m.toolCalls ?? []).filter((c) => paired.has(c.id));
      if (calls.length === 0 && m.content === "") continue;
      out.push({
        role: "assistant",
        content: [
          ...(m.content === "" ? [] : [{ type: "text" as const, text: m.content }]),
          ...calls.map((c) => ({
            type: "tool-call" as const,
            toolCallId: c.id,
            toolName: c.name,
            input: c.params,
          })),
        ],
      });
    } else if (m.role === "tool" && m.toolCallId && paired.has(m.toolCallId)) {
      out.push({
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: m.toolCallId,
            toolName: m.toolName ?? "tool",
            output: m.isError ? { type: "error-text", value: m.content } : { type: "text", value: m.content },
          },
        ],
      });
    }
  }
  out.push({ role: "user", content: prompt });
  return out;
}

/** A prompt as the AI SDK takes it: the system prompt and the messages. */
export interface ModelPrompt {
  system?: string;
  messages: ModelMessage[];
}

/**
 * Fits a prompt to its wire API. The Anthropic Messages API takes instructions only in its top-level
 * `system` field (a `system` role inside `messages` is refused with HTTP 400, and `@ai-sdk/anthropic`
 * would send one, behind a beta header, for a system message after the first user message), so for
 * `anthropic-messages` every system message (e.g. a context engine's summary) joins the system prompt,
 * in order. The OpenAI APIs accept system messages anywhere and keep them in place.
 */
export function fitPromptToApi(api: string, prompt: ModelPrompt): ModelPrompt {
  if (api !== "anthropic-messages" || !prompt.messages.some((m) => m.role === "system")) return prompt;
  const hoisted = prompt.messages.flatMap((m) => (m.role === "system" ? [m.content] : []));
  const system = [prompt.system ?? "", ...hoisted].filter((s) => s.trim() !== "").join("\n\n");
  return {
    ...(system === "" ? {} : { system }),
    messages: prompt.messages.filter((m) => m.role !== "system"),
  };
}
