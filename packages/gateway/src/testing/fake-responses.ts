/**
 * OpenAI Responses API (`POST /v1/responses`) answers of the fake model server. Streams use the
 * API's semantic events (OpenAI API reference, "Streaming events"): `response.created`,
 * `response.in_progress`, `response.output_item.added`, `response.content_part.added`,
 * `response.output_text.delta` / `.done`, `response.function_call_arguments.delta` / `.done`,
 * `response.output_item.done`, and `response.completed` carrying the final `output` and `usage`;
 * every event has a `sequence_number` and there is no `[DONE]` sentinel. The fake is stateless like
 * a server with `store: false`: an `item_reference` or a `previous_response_id` is refused (404).
 * @packageDocumentation
 */
import {
  type ContentReply,
  eventFrame,
  FAKE_USAGE,
  type FakeApiFormat,
  fakeId,
  type SseFrame,
  textDeltas,
} from "./fake-script.js";

const USAGE = {
  input_tokens: FAKE_USAGE.input,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: FAKE_USAGE.output,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: FAKE_USAGE.input + FAKE_USAGE.output,
};

type Item = Record<string, unknown> & { id: string };

/** The output items of an answer: an optional message, then one `function_call` per tool call. */
function outputItems(reply: ContentReply): Item[] {
  const items: Item[] = [];
  if (reply.text !== undefined && reply.text !== "") {
    items.push({
      id: fakeId("msg_"),
      type: "message",
      status: "completed",
      role: "assistant",
      content: [{ type: "output_text", text: reply.text, annotations: [] }],
    });
  }
  for (const call of "toolCalls" in reply ? reply.toolCalls : []) {
    items.push({
      id: fakeId("fc_"),
      type: "function_call",
      status: "completed",
      call_id: fakeId("call_"),
      name: call.name,
      arguments: JSON.stringify(call.arguments),
    });
  }
  return items;
}

function responseObject(status: string, output: Item[], usage?: unknown) {
  return {
    id: "resp_fake",
    object: "response",
    created_at: 0,
    status,
    model: "fake",
    output,
    ...(usage ? { usage } : {}),
  };
}

/** The events of one output item, from `output_item.added` to `output_item.done`. */
function itemEvents(item: Item, outputIndex: number): Array<Record<string, unknown> & { type: string }> {
  const at = { item_id: item.id, output_index: outputIndex };
  if (item.type === "function_call") {
    const args = item.arguments as string;
    const half = Math.ceil(args.length / 2);
    return [
      {
        type: "response.output_item.added",
        output_index: outputIndex,
        item: { ...item, status: "in_progress", arguments: "" },
      },
      { type: "response.function_call_arguments.delta", ...at, delta: args.slice(0, half) },
      { type: "response.function_call_arguments.delta", ...at, delta: args.slice(half) },
      { type: "response.function_call_arguments.done", ...at, arguments: args },
      { type: "response.output_item.done", output_index: outputIndex, item },
    ];
  }
  const text = (item.content as Array<{ text: string }>)[0]?.text ?? "";
  const part = { type: "output_text", text: "", annotations: [] };
  return [
    {
      type: "response.output_item.added",
      output_index: outputIndex,
      item: { ...item, status: "in_progress", content: [] },
    },
    { type: "response.content_part.added", ...at, content_index: 0, part },
    ...textDeltas(text).map((delta) => ({
      type: "response.output_text.delta",
      ...at,
      content_index: 0,
      delta,
      logprobs: [],
    })),
    { type: "response.output_text.done", ...at, content_index: 0, text, logprobs: [] },
    { type: "response.content_part.done", ...at, content_index: 0, part: { ...part, text } },
    { type: "response.output_item.done", output_index: outputIndex, item },
  ];
}

/** Numbers the events and marks the text deltas. */
function frames(events: Array<Record<string, unknown> & { type: string }>): SseFrame[] {
  return events.map((event, sequence) =>
    eventFrame({ ...event, sequence_number: sequence }, event.type === "response.output_text.delta"),
  );
}

/** What a stateless Responses server refuses: references to stored items, unmatched outputs. */
function validate(body: Record<string, unknown>): { status: number; message: string } | undefined {
  if (body.previous_response_id) {
    return { status: 404, message: `Previous response with id '${body.previous_response_id}' not found.` };
  }
  const input = Array.isArray(body.input) ? (body.input as Array<Record<string, unknown>>) : [];
  const calls = new Set<unknown>();
  for (const item of input) {
    if (item.type === "item_reference")
      return { status: 404, message: `Item with id '${item.id}' not found.` };
    if (item.type === "function_call") calls.add(item.call_id);
    if (item.type === "function_call_output" && !calls.has(item.call_id)) {
      return {
        status: 400,
        message: `No tool call found for function call output with call_id ${item.call_id}.`,
      };
    }
  }
  return undefined;
}

/** The Responses wire format. */
export const responsesFormat: FakeApiFormat = {
  stream(reply) {
    const items = outputItems(reply);
    return frames([
      { type: "response.created", response: responseObject("in_progress", []) },
      { type: "response.in_progress", response: responseObject("in_progress", []) },
      ...items.flatMap((item, index) => itemEvents(item, index)),
      { type: "response.completed", response: responseObject("completed", items, USAGE) },
    ]);
  },
  streamError(reply) {
    const items = outputItems({ text: reply.text ?? "" });
    const events = [
      { type: "response.created", response: responseObject("in_progress", []) },
      ...items.flatMap((item, index) => itemEvents(item, index).slice(0, -3)),
      {
        type: "error",
        code: reply.streamError.type ?? "server_error",
        message: reply.streamError.message,
        param: null,
      },
    ];
    return frames(events);
  },
  json(reply) {
    return responseObject("completed", outputItems(reply), USAGE);
  },
  errorBody(status, message) {
    return {
      error: {
        message,
        type:
          status === 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error",
        param: null,
        code: status === 401 ? "invalid_api_key" : null,
      },
    };
  },
  validate,
};
