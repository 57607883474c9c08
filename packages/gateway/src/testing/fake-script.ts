/**
 * The script language and wire helpers shared by the fake model server's three APIs (OpenAI chat
 * completions, OpenAI Responses, Anthropic Messages).
 * @packageDocumentation
 */

/** A tool call the fake model makes: the tool's name and its JSON arguments. */
export interface FakeToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

/**
 * One scripted answer of the fake model, served in the format of whichever API was called:
 * - `{ text }`: a text reply (streamed word by word);
 * - `{ toolCalls, text? }`: tool calls, after an optional text part in the same answer;
 * - `{ status, body?, headers? }`: an HTTP error; without `body`, the API's own error JSON;
 * - `{ streamError }`: HTTP 200, then the API's in-stream error event (e.g. Anthropic's
 *   `overloaded_error`) after `text`, if any;
 * - `{ rawSse }`: HTTP 200 `text/event-stream` with exactly these bytes (malformed streams).
 *
 * `delayMs` waits before answering; `stallAfter: n` sends the first `n` text deltas, then holds the
 * stream open until the client goes away (a model that hangs mid-answer).
 */
export type FakeReply =
  | ContentReply
  | { status: number; body?: string; headers?: Record<string, string> }
  | { streamError: { type?: string; message: string }; text?: string }
  | { rawSse: string };

/** A reply with content: text, tool calls, or both (see {@link FakeReply}). */
export type ContentReply =
  | { text: string; delayMs?: number; stallAfter?: number }
  | { toolCalls: FakeToolCall[]; text?: string; delayMs?: number; stallAfter?: number };

/** One server-sent event frame; `textDelta` marks frames that carry a piece of reply text. */
export interface SseFrame {
  wire: string;
  textDelta?: boolean;
}

/** Token counts every fake answer reports (prompt 11, completion 7). */
export const FAKE_USAGE = { input: 11, output: 7 } as const;

/** Splits reply text into the word-sized deltas the fake streams. */
export function textDeltas(text: string): string[] {
  return text.match(/\S+\s*/g) ?? (text === "" ? [] : [text]);
}

/** An SSE frame with only a `data:` line (OpenAI chat completions style). */
export function dataFrame(data: unknown, textDelta = false): SseFrame {
  return { wire: `data: ${JSON.stringify(data)}\n\n`, ...(textDelta ? { textDelta } : {}) };
}

/** An SSE frame with an `event:` line naming the JSON's `type` (Responses and Messages style). */
export function eventFrame(data: { type: string; [field: string]: unknown }, textDelta = false): SseFrame {
  return {
    wire: `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`,
    ...(textDelta ? { textDelta } : {}),
  };
}

/** A short random id suffix, e.g. for `call_…`, `fc_…`, `toolu_…`. */
export function fakeId(prefix: string): string {
  return `${prefix}${Math.random().toString(36).slice(2, 10)}`;
}

/** How one wire API answers: its SSE frames, its JSON body, and its error JSON. */
export interface FakeApiFormat {
  /** The frames of a streamed answer, in order. */
  stream(reply: ContentReply): SseFrame[];
  /** The frames of a stream that fails in-band after `text` (the API's own error event). */
  streamError(reply: Extract<FakeReply, { streamError: unknown }>): SseFrame[];
  /** The non-streaming JSON body. */
  json(reply: ContentReply): unknown;
  /** The API's error body for an HTTP status. */
  errorBody(status: number, message: string): unknown;
  /**
   * What the real API would refuse in this request body (HTTP 400/404), or `undefined` when it is
   * acceptable. Lets tests catch a malformed conversion rather than answering it blindly.
   */
  validate?(body: Record<string, unknown>): { status: number; message: string } | undefined;
}
