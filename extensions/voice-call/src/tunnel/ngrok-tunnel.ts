import { errorMessage } from "@openclaw/plugin-sdk/core";
import { voiceError } from "../errors.js";

/** The part of `@ngrok/ngrok` used here (`forward` → a listener with `url()` and `close()`). */
export interface NgrokModule {
  forward(config: Record<string, unknown>): Promise<{ url(): string | null; close(): Promise<void> }>;
}

/** An open tunnel. */
export interface Tunnel {
  /** Public URL of the webhook path, e.g. `https://abc.ngrok-free.app/voice/webhook`. */
  publicUrl: string;
  close(): Promise<void>;
}

/** Loads `@ngrok/ngrok` (an optional dependency with a native binary per platform). */
async function loadNgrok(): Promise<NgrokModule> {
  try {
    const module = (await import("@ngrok/ngrok")) as unknown as NgrokModule & { default?: NgrokModule };
    return typeof module.forward === "function" ? module : (module.default as NgrokModule);
  } catch (error) {
    throw voiceError("VOICE_TUNNEL_FAILED", `the ngrok library cannot be loaded: ${errorMessage(error)}`, {
      cause: error,
      hint: "Install @ngrok/ngrok for this platform (npm i @ngrok/ngrok), or expose the webhook another way and set publicUrl.",
    });
  }
}

/**
 * Opens an ngrok tunnel to the local webhook server with the in-process `@ngrok/ngrok` agent
 * (`forward({addr, authtoken, domain})`, ngrok.com/docs/using-ngrok-with/nodejs; no ngrok CLI needed).
 * The public webhook URL is the listener's URL plus `webhookPath`.
 * @throws `OpenClawError` `VOICE_TUNNEL_FAILED`: library missing, no auth token, or ngrok refused.
 */
export async function openNgrokTunnel(options: {
  /** `host:port` of the local webhook server. */
  addr: string;
  webhookPath: string;
  authtoken?: string;
  domain?: string;
  /** ngrok service address (`host:port`); default ngrok's own. Tests point it at a closed loopback port. */
  serverAddr?: string;
  /** Replaces the library (tests). */
  load?: () => Promise<NgrokModule>;
}): Promise<Tunnel> {
  if (!options.authtoken) {
    throw voiceError("VOICE_TUNNEL_FAILED", "ngrok needs an auth token", {
      hint: "Set plugins.entries.voice-call.config.tunnel.ngrokAuthToken or NGROK_AUTHTOKEN (dashboard.ngrok.com).",
    });
  }
  const ngrok = await (options.load ?? loadNgrok)();
  let listener: Awaited<ReturnType<NgrokModule["forward"]>>;
  try {
    listener = await ngrok.forward({
      addr: options.addr,
      authtoken: options.authtoken,
      ...(options.domain ? { domain: options.domain } : {}),
      ...(options.serverAddr ? { server_addr: options.serverAddr } : {}),
    });
  } catch (error) {
    throw voiceError("VOICE_TUNNEL_FAILED", `ngrok could not open the tunnel: ${errorMessage(error)}`, {
      cause: error,
      hint: "Check the auth token and network access to ngrok, or expose the webhook another way and set publicUrl.",
    });
  }
  const url = listener.url();
  if (!url) {
    await listener.close().catch(() => undefined);
    throw voiceError("VOICE_TUNNEL_FAILED", "ngrok opened a listener without a public URL");
  }
  return { publicUrl: `${url.replace(/\/+$/, "")}${options.webhookPath}`, close: () => listener.close() };
}
