/**
 * Anthropic Messages API (`POST /v1/messages`) answers of the fake model server. Streams follow
 * Anthropic's "Streaming Messages" docs: `message_start` (input usage), then per content block
 * `content_block_start` (`text` or `tool_use`), `content_block_delta` (`text_delta` or
 * `input_json_delta`, the first one empty as the API sends it), `content_block_stop`, a `ping`, then
 * `message_delta` (`stop_reason`, output usage) and `message_stop`; in-band failures are an `error`
 * event. Requests are checked the way the API does: `anthropic-version` header, `max_tokens`, no
 * `system` role in `messages`, every `tool_result` answering a `tool_use` of the message before.
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

type Block =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

function blocksOf(reply: ContentReply): Block[] {
  const blocks: Block[] = [];
  if (reply.text !== undefined && reply.text !== "") blocks.push({ type: "text", text: reply.text });
  for (const call of "toolCalls" in reply ? reply.toolCalls : []) {
    blocks.push({ type: "tool_use", id: fakeId("toolu_"), name: call.name, input: call.arguments });
  }
  return blocks;
}

function messageStart() {
  return {
    type: "message_start",
    message: {
      id: "msg_fake",
      type: "message",
      role: "assistant",
      model: "fake",
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: FAKE_USAGE.input, output_tokens: 1 },
    },
  };
}

function blockFrames(block: Block, index: number): SseFrame[] {
  if (block.type === "text") {
    return [
      eventFrame({ type: "content_block_start", index, content_block: { type: "text", text: "" } }),
      ...textDeltas(block.text).map((text) =>
        eventFrame({ type: "content_block_delta", index, delta: { type: "text_delta", text } }, true),
      ),
      eventFrame({ type: "content_block_stop", index }),
    ];
  }
  const json = JSON.stringify(block.input);
  const half = Math.ceil(json.length / 2);
  return [
    eventFrame({ type: "content_block_start", index, content_block: { ...block, input: {} } }),
    ...["", json.slice(0, half), json.slice(half)].map((partial_json) =>
      eventFrame({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json } }),
    ),
    eventFrame({ type: "content_block_stop", index }),
  ];
}

function stopReason(blocks: Block[]): string {
  return blocks.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn";
}

type Message = { role?: unknown; content?: unknown };

/** The ids of the `tool_use` (or `tool_result`) blocks of a message. */
function blockIds(message: Message | undefined, type: "tool_use" | "tool_result"): unknown[] {
  if (!Array.isArray(message?.content)) return [];
  return (message.content as Array<Record<string, unknown>>)
    .filter((b) => b.type === type)
    .map((b) => (type === "tool_use" ? b.id : b.tool_use_id));
}

function validate(body: Record<string, unknown>): { status: number; message: string } | undefined {
  if (typeof body.max_tokens !== "number") return { status: 400, message: "max_tokens: Field required" };
  const messages = Array.isArray(body.messages) ? (body.messages as Message[]) : [];
  for (const [i, message] of messages.entries()) {
    if (message.role !== "user" && message.role !== "assistant") {
      return { status: 400, message: `messages.${i}.role: Input should be 'user' or 'assistant'` };
    }
    const offered = blockIds(messages[i - 1], "tool_use");
    const orphan = blockIds(message, "tool_result").find((id) => !offered.includes(id));
    if (orphan !== undefined) {
      return {
        status: 400,
        message: `messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${orphan}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
      };
    }
  }
  return undefined;
}

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  529: "overloaded_error",
};

/** The Anthropic Messages wire format. */
export const anthropicFormat: FakeApiFormat = {
  stream(reply) {
    const blocks = blocksOf(reply);
    return [
      eventFrame(messageStart()),
      ...blocks.flatMap((block, index) => blockFrames(block, index)),
      eventFrame({ type: "ping" }),
      eventFrame({
        type: "message_delta",
        delta: { stop_reason: stopReason(blocks), stop_sequence: null },
        usage: { output_tokens: FAKE_USAGE.output },
      }),
      eventFrame({ type: "message_stop" }),
    ];
  },
  streamError(reply) {
    const text = reply.text ?? "";
    return [
      eventFrame(messageStart()),
      ...(text === "" ? [] : blockFrames({ type: "text", text }, 0).slice(0, -1)),
      eventFrame({
        type: "error",
        error: { type: reply.streamError.type ?? "overloaded_error", message: reply.streamError.message },
      }),
    ];
  },
  json(reply) {
    const blocks = blocksOf(reply);
    return {
      id: "msg_fake",
      type: "message",
      role: "assistant",
      model: "fake",
      content: blocks,
      stop_reason: stopReason(blocks),
      stop_sequence: null,
      usage: { input_tokens: FAKE_USAGE.input, output_tokens: FAKE_USAGE.output },
    };
  },
  errorBody(status, message) {
    return { type: "error", error: { type: ERROR_TYPES[status] ?? "api_error", message } };
  },
  validate,
};
