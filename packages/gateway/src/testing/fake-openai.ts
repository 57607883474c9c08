/**
 * A fake model server for tests (`@openclaw/gateway/testing`) that speaks the three wire APIs the
 * agent runtime supports, each streamed (SSE) or as JSON: OpenAI chat completions
 * (`POST /v1/chat/completions`), OpenAI Responses (`POST /v1/responses`) and Anthropic Messages
 * (`POST /v1/messages`). One queue of scripted replies (text, tool calls, HTTP errors, in-stream
 * errors, malformed streams, delays, stalls) serves all three, and every request is recorded so a
 * test can assert what hooks and message conversion produced. Listens on 127.0.0.1 only.
 * @packageDocumentation
 */
import Fastify, { type FastifyReply } from "fastify";
import { anthropicFormat } from "./fake-anthropic.js";
import { chatCompletionsFormat } from "./fake-chat-completions.js";
import { responsesFormat } from "./fake-responses.js";
import type { ContentReply, FakeApiFormat, FakeReply, SseFrame } from "./fake-script.js";

export type { FakeReply, FakeToolCall } from "./fake-script.js";

/** A request the fake received. */
export interface RecordedRequest {
  /** Request path: `/v1/chat/completions`, `/v1/responses` or `/v1/messages`. */
  path?: string;
  headers: Record<string, string | string[] | undefined>;
  /**
   * The JSON body as sent. Chat completions fields are typed; the Responses API's `input` /
   * `instructions` and the Messages API's `system` are reached through the index signature.
   */
  body: {
    model: string;
    stream?: boolean;
    messages: Array<{ role: string; content: unknown; tool_calls?: unknown[]; tool_call_id?: string }>;
    tools?: Array<{ function: { name: string } }>;
    max_tokens?: number;
    [field: string]: unknown;
  };
}

/** The fake model server (named for its first API; it serves all three). */
export interface FakeOpenAI {
  /** API root to configure as `models.providers.<id>.baseUrl`, e.g. `http://127.0.0.1:PORT/v1`. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Replaces the queue of replies; when it runs dry the fake answers "ok". */
  script(replies: FakeReply[]): void;
  close(): Promise<void>;
}

/** Options of {@link startFakeOpenAI}. */
export interface FakeModelServerOptions {
  /**
   * Accepted API keys (`Authorization: Bearer`; for Anthropic also `x-api-key`);
   * any other key, or none, gets the API's own HTTP 401. Default: every request is accepted.
   */
  apiKeys?: string[];
  /**
   * Anthropic OAuth access tokens and `claude setup-token` tokens the Messages route accepts, the
   * way Anthropic's API does: only as `Authorization: Bearer` with `oauth-2025-04-20` in
   * `anthropic-beta`. Sent as `x-api-key` the API answers 401 "invalid x-api-key"; as Bearer without
   * the beta, 401 "OAuth authentication is currently not supported." (both as reported against
   * api.anthropic.com in openclaw/openclaw#17689 and #19938).
   */
  anthropicOAuthTokens?: string[];
}

interface Route {
  path: string;
  format: FakeApiFormat;
  key(headers: RecordedRequest["headers"]): string | undefined;
  /** Headers the real API refuses a request without (HTTP 400). */
  required: string[];
}

const bearer = (headers: RecordedRequest["headers"]) =>
  /^Bearer (.+)$/.exec(String(headers.authorization ?? ""))?.[1];

const ROUTES: Route[] = [
  { path: "/v1/chat/completions", format: chatCompletionsFormat, key: bearer, required: [] },
  { path: "/v1/responses", format: responsesFormat, key: bearer, required: [] },
  {
    path: "/v1/messages",
    format: anthropicFormat,
    // `x-api-key` (the AI SDK adapter, Anthropic's docs) or a Bearer key (@anthropic-ai/sdk 1.x).
    key: (headers) => (typeof headers["x-api-key"] === "string" ? headers["x-api-key"] : bearer(headers)),
    required: ["anthropic-version"],
  },
];

/** Resolves after `ms`, or as soon as the client goes away. */
function waitOrClose(reply: FastifyReply, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = ms === Number.POSITIVE_INFINITY ? undefined : setTimeout(resolve, ms);
    reply.raw.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Writes SSE frames; with `stallAfter`, stops after that many text deltas and holds the stream open. */
async function writeStream(reply: FastifyReply, frames: SseFrame[], stallAfter?: number): Promise<void> {
  reply.hijack();
  reply.raw.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  let deltas = 0;
  for (const frame of frames) {
    if (stallAfter !== undefined && frame.textDelta && deltas === stallAfter) {
      await waitOrClose(reply, Number.POSITIVE_INFINITY);
      return;
    }
    reply.raw.write(frame.wire);
    if (frame.textDelta) deltas++;
  }
  reply.raw.end();
}

type Refusal = { status: number; message: string };

/**
 * Anthropic's answer to an OAuth token: `accepted` (Bearer with the OAuth beta), a 401, or
 * `undefined` when the request carries no OAuth token at all.
 */
function oauthVerdict(
  headers: RecordedRequest["headers"],
  tokens: string[],
): "accepted" | Refusal | undefined {
  const apiKey = headers["x-api-key"];
  if (typeof apiKey === "string" && tokens.includes(apiKey))
    return { status: 401, message: "invalid x-api-key" };
  const token = bearer(headers);
  if (token === undefined || !tokens.includes(token)) return undefined;
  const betas = String(headers["anthropic-beta"] ?? "")
    .split(",")
    .map((b) => b.trim());
  if (!betas.includes("oauth-2025-04-20")) {
    return { status: 401, message: "OAuth authentication is currently not supported." };
  }
  return "accepted";
}

/** What a request is refused for before any script runs (headers, key, body), if anything. */
function refusal(
  route: Route,
  request: RecordedRequest,
  options: FakeModelServerOptions,
): Refusal | undefined {
  const missing = route.required.find((h) => request.headers[h] === undefined);
  if (missing) return { status: 400, message: `${missing}: header is required` };
  const oauth =
    route.path === "/v1/messages" && options.anthropicOAuthTokens
      ? oauthVerdict(request.headers, options.anthropicOAuthTokens)
      : undefined;
  if (oauth !== undefined && oauth !== "accepted") return oauth;
  if (oauth === undefined && options.apiKeys && !options.apiKeys.includes(route.key(request.headers) ?? "")) {
    return { status: 401, message: "Incorrect API key provided." };
  }
  return route.format.validate?.(request.body);
}

async function answer(route: Route, request: RecordedRequest, reply: FastifyReply, next: FakeReply) {
  const { format } = route;
  if ("status" in next) {
    const body = next.body ?? JSON.stringify(format.errorBody(next.status, `scripted HTTP ${next.status}`));
    return reply
      .code(next.status)
      .headers(next.headers ?? {})
      .type("application/json")
      .send(body);
  }
  if ("rawSse" in next) return reply.type("text/event-stream").send(next.rawSse);
  if ("streamError" in next) return writeStream(reply, format.streamError(next));
  const content: ContentReply = next;
  if (content.delayMs) {
    await waitOrClose(reply, content.delayMs);
    if (reply.raw.destroyed) return reply;
  }
  if (request.body.stream) return writeStream(reply, format.stream(content), content.stallAfter);
  return format.json(content);
}

/** Starts the fake on a random loopback port. */
export async function startFakeOpenAI(options: FakeModelServerOptions = {}): Promise<FakeOpenAI> {
  // Stalled streams stay open until their client leaves; closing the fake must not wait for them.
  const app = Fastify({ forceCloseConnections: true });
  let queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  for (const route of ROUTES) {
    app.post(route.path, async (request, reply) => {
      const recorded: RecordedRequest = {
        path: route.path,
        headers: request.headers,
        body: request.body as RecordedRequest["body"],
      };
      requests.push(recorded);
      const refused = refusal(route, recorded, options);
      if (refused) {
        return reply.code(refused.status).send(route.format.errorBody(refused.status, refused.message));
      }
      return answer(route, recorded, reply, queue.shift() ?? { text: "ok" });
    });
  }
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
