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
