import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  errorMessage,
  isOpenClawError,
  type OpenClawError,
  type PluginLogger,
} from "@openclaw/plugin-sdk/core";
import type { VoiceCallConfig } from "../config.js";
import { type VoiceErrorCode, voiceError } from "../errors.js";
import type { VoiceCallProvider } from "../providers/provider.js";
import type { CallEvent } from "../types.js";
import { parseRequestTarget, type WebhookContext } from "../verification/webhook-request.js";
import { reconstructWebhookUrl } from "./public-url.js";
import { ReplayCache } from "./replay-cache.js";

/** Largest webhook body accepted, in bytes. */
export const MAX_WEBHOOK_BODY_BYTES: number = 1024 * 1024;
/** Time allowed to receive a webhook body, in ms. */
export const WEBHOOK_BODY_TIMEOUT_MS = 30_000;

/** A running webhook server. */
export interface WebhookServer {
  /** Local URL of the webhook path, e.g. `http://127.0.0.1:3334/voice/webhook`. */
  localUrl: string;
  /**
   * The underlying HTTP server (media streams attach their WebSocket `upgrade` listener here, best
   * through {@link WebhookServerOptions.beforeListen}). Its sockets already carry error handlers; an
   * upgrade listener owns the sockets it takes over.
   */
  httpServer: Server;
  close(): Promise<void>;
}

/** Where verified carrier events go (the call manager). */
export interface CallEventReceiver {
  processEvent(event: CallEvent): void;
}

/** Inputs of {@link startWebhookServer}. */
export interface WebhookServerOptions {
  config: VoiceCallConfig;
  provider: VoiceCallProvider;
  /** Must be attached and restored before the server listens (no request is served before). */
  manager: CallEventReceiver;
  logger: PluginLogger;
  /** The one replay layer (default: a fresh 10-minute cache). */
  replays?: ReplayCache;
  /** Called with the HTTP server before it listens (to attach an `upgrade` listener in time). */
  beforeListen?: (httpServer: Server) => void;
}

/** Sends the platform's error shape `{ ok: false, error: { code, message, hint } }` as JSON. */
function sendError(res: ServerResponse, error: OpenClawError): void {
  const body = JSON.stringify({ ok: false, error: error.toJSON() });
  res.statusCode = error.status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("content-length", Buffer.byteLength(body));
  res.end(body);
}

function fail(res: ServerResponse, code: VoiceErrorCode, message: string): void {
  sendError(res, voiceError(code, message));
}

/**
 * Reads the body, at most {@link MAX_WEBHOOK_BODY_BYTES} within {@link WEBHOOK_BODY_TIMEOUT_MS}.
 * @throws {@link OpenClawError} `VOICE_WEBHOOK_TOO_LARGE`, `VOICE_WEBHOOK_TIMEOUT`, `VOICE_WEBHOOK_BAD_REQUEST`.
 */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (error?: OpenClawError) => {
      clearTimeout(timer);
      req.removeAllListeners("data");
      if (error) {
        req.pause();
        reject(error);
      } else resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const timer = setTimeout(
      () => settle(voiceError("VOICE_WEBHOOK_TIMEOUT", "webhook body not received in time")),
      WEBHOOK_BODY_TIMEOUT_MS,
    );
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_WEBHOOK_BODY_BYTES)
        return settle(
          voiceError("VOICE_WEBHOOK_TOO_LARGE", `webhook body over ${MAX_WEBHOOK_BODY_BYTES} bytes`),
        );
      chunks.push(chunk);
    });
    req.on("end", () => settle());
    req.on("error", (error) =>
      settle(voiceError("VOICE_WEBHOOK_BAD_REQUEST", `webhook body unreadable: ${error.message}`)),
    );
  });
}

function verificationUrl(config: VoiceCallConfig, ctx: WebhookContext, target: URL): string {
  if (config.publicUrl) {
    const pub = new URL(config.publicUrl);
    return `${pub.protocol}//${pub.host}${target.pathname}${target.search}`;
  }
  return reconstructWebhookUrl(ctx, config.webhookSecurity);
}

/** The request pipeline: path, method, signature headers, body, signature, parse, replay, events. */
async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: WebhookServerOptions & { replays: ReplayCache },
): Promise<void> {
  const { config, provider, manager, logger, replays } = options;
  const target = parseRequestTarget(req.url);
  if (!target) return fail(res, "VOICE_WEBHOOK_BAD_REQUEST", "request target is not a valid URL");
  if ((target.pathname.replace(/\/+$/, "") || "/") !== config.serve.path)
    return fail(res, "VOICE_WEBHOOK_NOT_FOUND", "no webhook at this path");
  if (req.method !== "POST")
    return fail(res, "VOICE_WEBHOOK_METHOD_NOT_ALLOWED", "webhooks are POST requests");
  const missing = (provider.signatureHeaders ?? []).filter((name) => !req.headers[name]);
  if (missing.length > 0) {
    logger.warn("webhook rejected before its body", { provider: provider.name, missing });
    res.setHeader("connection", "close");
    return fail(res, "VOICE_WEBHOOK_UNAUTHORIZED", `missing signature header ${missing.join(", ")}`);
  }
  let rawBody: string;
  try {
    rawBody = await readBody(req);
  } catch (error) {
    res.setHeader("connection", "close");
    res.on("finish", () => req.destroy());
    return sendError(res, error as OpenClawError);
  }
  const ctx: WebhookContext = {
    headers: req.headers,
    rawBody,
    url: req.url?.startsWith("/") ? req.url : `${target.pathname}${target.search}`,
    method: req.method,
    ...(req.socket.remoteAddress ? { remoteAddress: req.socket.remoteAddress } : {}),
  };
  const url = verificationUrl(config, ctx, target);
  const verified = provider.verifyWebhook(ctx, url);
  if (!verified.ok) {
    logger.warn("webhook rejected", { provider: provider.name, reason: verified.reason });
    return fail(res, "VOICE_WEBHOOK_UNAUTHORIZED", "webhook signature rejected");
  }
  let parsed: ReturnType<VoiceCallProvider["parseWebhook"]>;
  try {
    parsed = provider.parseWebhook(ctx, verified.key, url);
  } catch (error) {
    logger.warn("webhook body not understood", { provider: provider.name, error: errorMessage(error) });
    return fail(res, "VOICE_WEBHOOK_BAD_REQUEST", "webhook body not understood");
  }
  if (replays.seen(verified.key)) logger.info("replayed webhook ignored", { provider: provider.name });
  else deliver(parsed.events, manager, logger);
  res.statusCode = parsed.statusCode ?? 200;
  res.setHeader("content-type", parsed.contentType ?? "text/plain; charset=utf-8");
  res.end(parsed.body ?? "OK");
}

function deliver(events: CallEvent[], manager: CallEventReceiver, logger: PluginLogger): void {
  for (const event of events) {
    try {
      manager.processEvent(event);
    } catch (error) {
      logger.error("webhook event failed", { type: event.type, error: errorMessage(error) });
    }
  }
}

/**
 * Error handlers on the server and every socket, so no input can end the process: an unparsable
 * request (bad request line, header overflow…) is answered 400 in the platform's error shape and its
 * socket closed; a socket error (reset, write after close) is logged at debug level.
 */
function guardSockets(server: Server, logger: PluginLogger): void {
  server.on("connection", (socket: Socket) => {
    socket.on("error", (error) => logger.debug("webhook socket error", { error: error.message }));
  });
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (socket.writable && error.code !== "ECONNRESET") {
      const body = JSON.stringify({
        ok: false,
        error: voiceError("VOICE_WEBHOOK_BAD_REQUEST", "malformed HTTP request").toJSON(),
      });
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  });
}

async function listen(server: Server, config: VoiceCallConfig): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.serve.port, config.serve.bind, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    throw voiceError(
      "VOICE_CONFIG_INVALID",
      `cannot start the webhook server on ${config.serve.bind}:${config.serve.port}: ${errorMessage(error)}`,
      {
        cause: error,
        hint: "Change plugins.entries.voice-call.config.serve.port, or stop the process using it.",
      },
    );
  }
}

/**
 * The carrier webhook server, inside the gateway process, on `serve.bind:serve.port` and exactly
 * `serve.path`. Errors use the platform's shape `{ ok:false, error:{ code, message, hint } }`:
 * an unparsable target 400 `VOICE_WEBHOOK_BAD_REQUEST`, lookalike paths 404, other methods 405,
 * missing signature headers 401 before the body is read, bodies over 1 MiB 413, a failure inside the
 * handler 500 (logged; the server keeps serving). Each request is verified against the public URL the
 * carrier called (`publicUrl` with the request's path and query, else the reconstructed URL under
 * `webhookSecurity`); a replay of verified content within 10 minutes is answered without side effects.
 * Call only once the manager is attached and restored: the server serves from the moment it listens.
 * @throws {@link OpenClawError} `VOICE_CONFIG_INVALID` when the port cannot be bound.
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const deps = { ...options, replays: options.replays ?? new ReplayCache() };
  const { config, logger } = options;
  const server: Server = createServer((req, res) => {
    handleRequest(req, res, deps).catch((error: unknown) => {
      logger.error("webhook handler failed", { error: errorMessage(error) });
      if (res.headersSent) res.destroy();
      else
        sendError(
          res,
          isOpenClawError(error) ? error : voiceError("VOICE_WEBHOOK_FAILED", "webhook handling failed"),
        );
    });
  });
  guardSockets(server, logger);
  options.beforeListen?.(server);
  await listen(server, config);
  server.on("error", (error) => logger.error("webhook server error", { error: error.message }));
  const { port } = server.address() as AddressInfo;
  const host = config.serve.bind.includes(":") ? `[${config.serve.bind}]` : config.serve.bind;
  return {
    localUrl: `http://${host}:${port}${config.serve.path}`,
    httpServer: server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
