/**
 * OpenAI chat completions (`POST /v1/chat/completions`) answers of the fake model server: SSE
 * `chat.completion.chunk`s ending in `data: [DONE]`, with a final usage chunk
 * (`stream_options.include_usage`), as the OpenAI API reference describes them. Like the API, it
 * refuses a `tool` message that answers no `tool_calls` entry of an earlier assistant message.
 * @packageDocumentation
 */
import {
  type ContentReply,
  dataFrame,
  FAKE_USAGE,
  type FakeApiFormat,
  fakeId,
  type SseFrame,
  textDeltas,
} from "./fake-script.js";

const USAGE = {
  prompt_tokens: FAKE_USAGE.input,
  completion_tokens: FAKE_USAGE.output,
  total_tokens: FAKE_USAGE.input + FAKE_USAGE.output,
};

function chunk(delta: Record<string, unknown>, finish: string | null, usage?: Record<string, number>) {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion.chunk",
    created: 0,
    model: "fake",
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...(usage ? { usage } : {}),
  };
}

const DONE: SseFrame = { wire: "data: [DONE]\n\n" };

function toolCallsOf(reply: ContentReply) {
  if (!("toolCalls" in reply)) return [];
  return reply.toolCalls.map((c, index) => ({
    index,
    id: fakeId(`call_${index}_`),
    type: "function",
    function: { name: c.name, arguments: JSON.stringify(c.arguments) },
  }));
}

function validate(body: Record<string, unknown>): { status: number; message: string } | undefined {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<Record<string, unknown>>) : [];
  const called = new Set<unknown>();
  for (const [i, message] of messages.entries()) {
    for (const call of (message.tool_calls as Array<{ id?: unknown }> | undefined) ?? []) called.add(call.id);
    if (message.role === "tool" && !called.has(message.tool_call_id)) {
      return {
        status: 400,
        message: `Invalid parameter: messages[${i}]: messages with role 'tool' must be a response to a preceding message with 'tool_calls'.`,
      };
    }
  }
  return undefined;
}

/** The chat completions wire format. */
export const chatCompletionsFormat: FakeApiFormat = {
  stream(reply) {
    const calls = toolCallsOf(reply);
    return [
      dataFrame(chunk({ role: "assistant", content: "" }, null)),
      ...textDeltas(reply.text ?? "").map((w) => dataFrame(chunk({ content: w }, null), true)),
      ...(calls.length > 0 ? [dataFrame(chunk({ tool_calls: calls }, null))] : []),
      dataFrame(chunk({}, calls.length > 0 ? "tool_calls" : "stop")),
      dataFrame({ ...chunk({}, null), choices: [], usage: USAGE }),
      DONE,
    ];
  },
  streamError(reply) {
    return [
      dataFrame(chunk({ role: "assistant", content: "" }, null)),
      ...textDeltas(reply.text ?? "").map((w) => dataFrame(chunk({ content: w }, null), true)),
      dataFrame({
        error: { message: reply.streamError.message, type: reply.streamError.type ?? "server_error" },
      }),
    ];
  },
  json(reply) {
    const calls = toolCallsOf(reply).map(({ index: _index, ...call }) => call);
    return {
      id: "chatcmpl-fake",
      object: "chat.completion",
      created: 0,
      model: "fake",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: reply.text ?? null,
            ...(calls.length > 0 ? { tool_calls: calls } : {}),
          },
          finish_reason: calls.length > 0 ? "tool_calls" : "stop",
        },
      ],
      usage: USAGE,
    };
  },
  errorBody(status, message) {
    return {
      error: {
        message,
        type: status === 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error",
        param: null,
        code: status === 401 ? "invalid_api_key" : null,
      },
    };
  },
  validate,
};
