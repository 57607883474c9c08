import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { errorMessage, OpenClawError, type PluginLogger } from "@openclaw/plugin-sdk/core";
import type { CallManager } from "../call-manager.js";
import type { VoiceCallConfig } from "../config.js";
import { voiceError } from "../errors.js";
import type { VoiceCallProvider } from "../providers/provider.js";
import { reconstructWebhookUrl } from "./public-url.js";
import { ReplayCache } from "./replay-cache.js";
import type { WebhookContext } from "./webhook-context.js";

/** Largest webhook body accepted, in bytes. */
export const MAX_WEBHOOK_BODY_BYTES: number = 1024 * 1024;
/** Time allowed to receive a webhook body, in ms. */
export const WEBHOOK_BODY_TIMEOUT_MS = 30_000;

/** A running webhook server. */
export interface WebhookServer {
  /** Local URL of the webhook path, e.g. `http://127.0.0.1:3334/voice/webhook`. */
  localUrl: string;
  /** The underlying HTTP server (media streams attach their WebSocket upgrade here). */
  httpServer: Server;
  close(): Promise<void>;
}

function reply(
  res: ServerResponse,
  status: number,
  body: string,
  contentType = "text/plain; charset=utf-8",
): void {
  res.statusCode = status;
  res.setHeader("content-type", contentType);
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(
      () => reject(Object.assign(new Error("body timeout"), { status: 408 })),
      WEBHOOK_BODY_TIMEOUT_MS,
    );
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_WEBHOOK_BODY_BYTES) {
        clearTimeout(timer);
        reject(Object.assign(new Error("body too large"), { status: 413 }));
        req.removeAllListeners("data");
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * The carrier webhook server, inside the gateway process, on `serve.bind:serve.port` and exactly
 * `serve.path` (lookalike paths get 404, other methods 405, bodies over 1 MiB 413). Each request is
 * verified against the public URL the carrier called (`publicUrl` with the request's path and query,
 * else the reconstructed URL under `webhookSecurity`), unsigned or forged requests get 401, and a
 * replay of a verified request within 10 minutes is answered without side effects.
 * @throws {@link OpenClawError} `VOICE_CONFIG_INVALID` when the port cannot be bound.
 */
export async function startWebhookServer(options: {
  config: VoiceCallConfig;
  provider: VoiceCallProvider;
  manager: CallManager;
  logger: PluginLogger;
}): Promise<WebhookServer> {
  const { config, provider, manager, logger } = options;
  const replays = new ReplayCache();
  const verificationUrl = (ctx: WebhookContext): string => {
    if (config.publicUrl) {
      const pub = new URL(config.publicUrl);
      const req = new URL(ctx.url, "http://placeholder");
      return `${pub.protocol}//${pub.host}${req.pathname}${req.search}`;
    }
    return reconstructWebhookUrl(ctx, config.webhookSecurity);
  };
  const server: Server = createServer(async (req, res) => {
    const pathname = new URL(req.url ?? "/", "http://placeholder").pathname.replace(/\/+$/, "") || "/";
    if (pathname !== config.serve.path) return reply(res, 404, "Not Found");
    if (req.method !== "POST") return reply(res, 405, "Method Not Allowed");
    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch (error) {
      const status = (error as { status?: number }).status ?? 400;
      res.setHeader("connection", "close");
      res.on("finish", () => req.destroy());
      return reply(
        res,
        status,
        status === 413 ? "Payload Too Large" : status === 408 ? "Request Timeout" : "Bad Request",
      );
    }
    const ctx: WebhookContext = {
      headers: req.headers,
      rawBody,
      url: req.url ?? "/",
      method: req.method,
      ...(req.socket.remoteAddress ? { remoteAddress: req.socket.remoteAddress } : {}),
    };
    const url = verificationUrl(ctx);
    const verified = provider.verifyWebhook(ctx, url);
    if (!verified.ok) {
      logger.warn("webhook rejected", { provider: provider.name, reason: verified.reason });
      return reply(res, 401, "Unauthorized");
    }
    let parsed: ReturnType<VoiceCallProvider["parseWebhook"]>;
    try {
      parsed = provider.parseWebhook(ctx, verified.key, url);
    } catch (error) {
      logger.warn("webhook body not understood", { provider: provider.name, error: errorMessage(error) });
      return reply(res, 400, "Bad Request");
    }
    if (replays.seen(verified.key)) {
      logger.info("replayed webhook ignored", { provider: provider.name });
    } else {
      for (const event of parsed.events) {
        try {
          manager.processEvent(event);
        } catch (error) {
          logger.error("webhook event failed", { type: event.type, error: errorMessage(error) });
        }
      }
    }
    reply(res, parsed.statusCode ?? 200, parsed.body ?? "OK", parsed.contentType);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.serve.port, config.serve.bind, () => resolve());
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
  const { port } = server.address() as AddressInfo;
  const host = config.serve.bind.includes(":") ? `[${config.serve.bind}]` : config.serve.bind;
  return {
    localUrl: `http://${host}:${port}${config.serve.path}`,
    httpServer: server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
