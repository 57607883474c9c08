import type { VoiceCallConfig } from "../config.js";
import { exposeWebhook } from "../expose.js";
import { type NgrokModule, openNgrokTunnel } from "./ngrok-tunnel.js";

/** How the runtime made itself public (or not). */
export interface PublicExposure {
  /** The public webhook URL, when a tunnel provides one. */
  publicUrl?: string;
  close(): Promise<void>;
}

/** Test seams: the ngrok library and the tailscale binary. */
export interface ExposureDeps {
  loadNgrok?: () => Promise<NgrokModule>;
  tailscaleBin?: string;
}

/**
 * Opens what `tunnel.provider` (or legacy `tailscale.mode`) asks for, unless `publicUrl` is set:
 * ngrok through `@ngrok/ngrok` (the tunnel forwards the whole port, media streams included), or
 * Tailscale serve/funnel for the webhook path and, with streaming, the stream path too.
 * @throws `OpenClawError` `VOICE_TUNNEL_FAILED` (ngrok) or `VOICE_CONFIG_INVALID` (tailscale).
 */
export async function openPublicExposure(
  config: VoiceCallConfig,
  localWebhookUrl: string,
  deps: ExposureDeps = {},
): Promise<PublicExposure> {
  if (config.publicUrl) return { close: async () => {} };
  const local = new URL(localWebhookUrl);
  if (config.tunnel.provider === "ngrok") {
    const tunnel = await openNgrokTunnel({
      addr: local.host,
      webhookPath: config.serve.path,
      ...(config.tunnel.ngrokAuthToken ? { authtoken: config.tunnel.ngrokAuthToken } : {}),
      ...(config.tunnel.ngrokDomain ? { domain: config.tunnel.ngrokDomain } : {}),
      ...(deps.loadNgrok ? { load: deps.loadNgrok } : {}),
    });
    return tunnel;
  }
  const mode =
    config.tunnel.provider === "tailscale-serve"
      ? "serve"
      : config.tunnel.provider === "tailscale-funnel"
        ? "funnel"
        : config.tailscale.mode;
  if (mode === "off") return { close: async () => {} };
  const publicPath = config.tunnel.provider === "none" ? config.tailscale.path : config.serve.path;
  const bin = deps.tailscaleBin ? { bin: deps.tailscaleBin } : {};
  const paths: Array<[string, string]> = [[publicPath, localWebhookUrl]];
  if (config.streaming.enabled)
    paths.push([config.streaming.streamPath, `http://${local.host}${config.streaming.streamPath}`]);
  let publicUrl: string | undefined;
  for (const [path, target] of paths) {
    const result = await exposeWebhook({ mode, path, localUrl: target, ...bin });
    publicUrl ??= result.publicUrl;
  }
  return {
    ...(publicUrl ? { publicUrl } : {}),
    close: async () => {
      for (const [path, target] of paths)
        await exposeWebhook({ mode: "off", path, localUrl: target, ...bin }).catch(() => undefined);
    },
  };
}
