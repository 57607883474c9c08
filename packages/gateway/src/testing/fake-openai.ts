/**
 * A fake OpenAI-compatible model server for tests (`@openclaw/gateway/testing`): scripted replies,
 * tool calls, HTTP errors and delays, SSE and JSON answers, and every request recorded, so a test can
 * assert what hooks changed. Listens on 127.0.0.1 only.
 * @packageDocumentation
 */
import Fastify from "fastify";

/** One scripted answer of the fake model. */
export type FakeReply =
  | { text: string; delayMs?: number }
  | { toolCalls: Array<{ name: string; arguments: Record<string, unknown> }>; delayMs?: number }
  | { status: number; body: string };

/** A request the fake received. */
export interface RecordedRequest {
  /** Request path, e.g. `/v1/chat/completions`, `/v1/responses`, `/v1/messages`. */
  path?: string;
  headers: Record<string, string | string[] | undefined>;
  body: {
    model: string;
    stream?: boolean;
    messages: Array<{ role: string; content: unknown; tool_calls?: unknown[]; tool_call_id?: string }>;
    tools?: Array<{ function: { name: string } }>;
    max_tokens?: number;
  };
}

/** A fake OpenAI-compatible `/v1/chat/completions` server on 127.0.0.1 (SSE and JSON). */
export interface FakeOpenAI {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Replaces the queue of replies; when it runs dry the fake answers "ok". */
  script(replies: FakeReply[]): void;
  close(): Promise<void>;
}

function sse(chunks: unknown[]): string {
  return `${chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join("")}data: [DONE]\n\n`;
}

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

function streamBody(reply: Exclude<FakeReply, { status: number }>): string {
  const usage = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };
  if ("text" in reply) {
    const words = reply.text.match(/\S+\s*/g) ?? [""];
    return sse([
      chunk({ role: "assistant", content: "" }, null),
      ...words.map((w) => chunk({ content: w }, null)),
      chunk({}, "stop"),
      { ...chunk({}, null), choices: [], usage },
    ]);
  }
  const calls = reply.toolCalls.map((c, index) => ({
    index,
    id: `call_${index}_${Math.random().toString(36).slice(2, 8)}`,
    type: "function",
    function: { name: c.name, arguments: JSON.stringify(c.arguments) },
  }));
  return sse([
    chunk({ role: "assistant", content: null, tool_calls: calls }, null),
    chunk({}, "tool_calls"),
    { ...chunk({}, null), choices: [], usage },
  ]);
}

function jsonBody(reply: Exclude<FakeReply, { status: number }>): unknown {
  const message =
    "text" in reply
      ? { role: "assistant", content: reply.text }
      : {
          role: "assistant",
          content: null,
          tool_calls: reply.toolCalls.map((c, i) => ({
            id: `call_${i}`,
            type: "function",
            function: { name: c.name, arguments: JSON.stringify(c.arguments) },
          })),
        };
  return {
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: 0,
    model: "fake",
    choices: [{ index: 0, message, finish_reason: "text" in reply ? "stop" : "tool_calls" }],
    usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
  };
}

/** Starts the fake on a random loopback port. */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  // Closes every connection on close: a client's connection pool may hold sockets that never sent a
  // request (opened for requests aborted before they were written), which Node would keep for its
  // 60 s headers timeout.
  const app = Fastify({ forceCloseConnections: true });
  let queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  app.post("/v1/chat/completions", async (request, reply) => {
    requests.push({
      path: "/v1/chat/completions",
      headers: request.headers,
      body: request.body as RecordedRequest["body"],
    });
    const next = queue.shift() ?? { text: "ok" };
    if ("status" in next) return reply.code(next.status).type("application/json").send(next.body);
    if (next.delayMs) {
      // Waits, unless the client goes away first (an aborted request closes the response early).
      await new Promise<void>((resolve) => {
        // The client may have gone away before this handler ran: "close" has then fired already.
        if (reply.raw.destroyed || request.raw.socket?.destroyed) return resolve();
        const timer = setTimeout(resolve, next.delayMs);
        reply.raw.once("close", () => {
          clearTimeout(timer);
          resolve();
        });
      });
      if (reply.raw.destroyed) return reply;
    }
    if ((request.body as RecordedRequest["body"]).stream)
      return reply.type("text/event-stream").send(streamBody(next));
    return jsonBody(next);
  });
  // Non-streaming answers in the OpenAI Responses and Anthropic Messages formats (text replies only).
  const textOf = (): string => {
    const next = queue.shift() ?? { text: "ok" };
    return "text" in next ? next.text : "ok";
  };
  app.post("/v1/responses", async (request) => {
    requests.push({
      path: "/v1/responses",
      headers: request.headers,
      body: request.body as RecordedRequest["body"],
    });
    return {
      id: "resp_fake",
      object: "response",
      created_at: 0,
      status: "completed",
      model: "fake",
      output: [
        {
          type: "message",
          id: "msg_fake",
          role: "assistant",
          status: "completed",
          content: [{ type: "output_text", text: textOf(), annotations: [] }],
        },
      ],
      usage: { input_tokens: 11, output_tokens: 7, total_tokens: 18 },
    };
  });
  app.post("/v1/messages", async (request) => {
    requests.push({
      path: "/v1/messages",
      headers: request.headers,
      body: request.body as RecordedRequest["body"],
    });
    return {
      id: "msg_fake",
      type: "message",
      role: "assistant",
      model: "fake",
      content: [{ type: "text", text: textOf() }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: 11, output_tokens: 7 },
    };
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${address.port}/v1`,
    requests,
    script(replies) {
      queue = [...replies];
    },
    close: () => app.close(),
  };
}
