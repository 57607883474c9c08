// biome-ignore-all lint/suspicious/noExplicitAny: request bodies are untyped JSON in these helpers
/**
 * Reads recorded model requests of the three wire APIs the way each defines them (OpenAI chat
 * `messages` with `tool_calls` / `role: "tool"`; OpenAI "Create a model response" `input` items;
 * Anthropic "Messages" content blocks), so turn tests can assert on one shape.
 */
import type { RecordedRequest } from "../../src/testing/fake-openai.js";

/** A tool call and its result, as found in a follow-up request. */
export interface ToolExchange {
  callId: string;
  name: string;
  input: unknown;
  resultCallId: string;
  output: string;
  isError: boolean;
}

/** How one wire API lays out a request. */
export interface WireView {
  api: "openai-completions" | "openai-responses" | "anthropic-messages";
  path: string;
  apiKey(request: RecordedRequest): unknown;
  system(request: RecordedRequest): string;
  /** Every message as `role:text` (tool traffic as `call:<name>` / `result:<text>`). */
  transcript(request: RecordedRequest): string[];
  toolNames(request: RecordedRequest): string[];
  exchanges(request: RecordedRequest): ToolExchange[];
}

const textOf = (content: unknown): string =>
  typeof content === "string"
    ? content
    : Array.isArray(content)
      ? content
          .filter((p: any) => p.type === "text" || p.type === "input_text" || p.type === "output_text")
          .map((p: any) => p.text)
          .join("")
      : "";

export const completionsView: WireView = {
  api: "openai-completions",
  path: "/v1/chat/completions",
  apiKey: (r) => r.headers.authorization,
  system: (r) =>
    r.body.messages
      .filter((m) => m.role === "system")
      .map((m) => textOf(m.content))
      .join("\n"),
  transcript: (r) =>
    r.body.messages
      .filter((m) => m.role !== "system")
      .flatMap((m: any) => {
        if (m.role === "tool") return [`result:${textOf(m.content)}`];
        const text = textOf(m.content);
        return [
          ...(text === "" ? [] : [`${m.role}:${text}`]),
          ...((m.tool_calls as any[]) ?? []).map((c) => `call:${c.function.name}`),
        ];
      }),
  toolNames: (r) => (r.body.tools ?? []).map((t) => t.function.name),
  exchanges(r) {
    const messages = r.body.messages as any[];
    return messages
      .flatMap((m) => (m.tool_calls as any[]) ?? [])
      .map((call) => {
        const result = messages.find((m) => m.role === "tool" && m.tool_call_id === call.id);
        return {
          callId: call.id,
          name: call.function.name,
          input: JSON.parse(call.function.arguments),
          resultCallId: result?.tool_call_id,
          output: textOf(result?.content),
          // Chat completions has no error flag on tool messages: the text says it.
          isError: false,
        };
      });
  },
};

export const responsesView: WireView = {
  api: "openai-responses",
  path: "/v1/responses",
  apiKey: (r) => r.headers.authorization,
  system: (r) =>
    [
      r.body.instructions ?? "",
      ...(r.body.input as any[])
        .filter((i) => i.role === "system" || i.role === "developer")
        .map((i) => textOf(i.content)),
    ]
      .filter((s) => s !== "")
      .join("\n"),
  transcript: (r) =>
    (r.body.input as any[])
      .filter((i) => i.role !== "system" && i.role !== "developer")
      .map((i) => {
        if (i.type === "function_call") return `call:${i.name}`;
        if (i.type === "function_call_output") return `result:${i.output}`;
        if (i.type === "item_reference") return `item_reference:${i.id}`;
        return `${i.role}:${textOf(i.content)}`;
      }),
  toolNames: (r) => ((r.body.tools as any[]) ?? []).map((t) => t.name),
  exchanges(r) {
    const input = r.body.input as any[];
    return input
      .filter((i) => i.type === "function_call")
      .map((call) => {
        const result = input.find((i) => i.type === "function_call_output" && i.call_id === call.call_id);
        return {
          callId: call.call_id,
          name: call.name,
          input: JSON.parse(call.arguments),
          resultCallId: result?.call_id,
          output: typeof result?.output === "string" ? result.output : textOf(result?.output),
          // The Responses API has no error flag on function_call_output: the text says it.
          isError: false,
        };
      });
  },
};

export const anthropicView: WireView = {
  api: "anthropic-messages",
  path: "/v1/messages",
  apiKey: (r) => r.headers["x-api-key"],
  system: (r) => textOf(r.body.system),
  transcript: (r) =>
    (r.body.messages as any[]).flatMap((m) =>
      typeof m.content === "string"
        ? [`${m.role}:${m.content}`]
        : (m.content as any[]).map((b) => {
            if (b.type === "tool_use") return `call:${b.name}`;
            if (b.type === "tool_result") return `result:${textOf(b.content)}`;
            return `${m.role}:${b.text}`;
          }),
    ),
  toolNames: (r) => ((r.body.tools as any[]) ?? []).map((t) => t.name),
  exchanges(r) {
    const blocks = (r.body.messages as any[]).flatMap((m) => (Array.isArray(m.content) ? m.content : []));
    return blocks
      .filter((b) => b.type === "tool_use")
      .map((use) => {
        const result = blocks.find((b) => b.type === "tool_result" && b.tool_use_id === use.id);
        return {
          callId: use.id,
          name: use.name,
          input: use.input,
          resultCallId: result?.tool_use_id,
          output: textOf(result?.content),
          isError: result?.is_error === true,
        };
      });
  },
};
