import { execFile } from "node:child_process";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import { voiceError } from "./errors.js";

/** What `voicecall expose` did. */
export interface ExposeResult {
  ok: true;
  mode: "off" | "serve" | "funnel";
  /** Public path on the tailnet name. */
  path: string;
  localUrl: string;
  /** `https://<machine>.<tailnet>.ts.net<path>`, when Tailscale reports the machine's DNS name. */
  publicUrl?: string;
  hint?: string;
}

function run(bin: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      if (!error) return resolve(String(stdout));
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        return reject(
          voiceError("VOICE_CONFIG_INVALID", "tailscale is not installed (or not on PATH)", {
            hint: "Install Tailscale, or expose the webhook another way and set plugins.entries.voice-call.config.publicUrl.",
          }),
        );
      }
      reject(
        voiceError(
          "VOICE_CONFIG_INVALID",
          `tailscale ${args.join(" ")} failed: ${String(stderr).trim() || error.message}`,
        ),
      );
    });
  });
}

/**
 * Publishes the local webhook server through Tailscale: `serve` (tailnet only) or `funnel` (the public
 * internet, which carriers need), at `path`; `off` removes both. Uses the `tailscale` CLI
 * (`tailscale serve|funnel --bg --set-path <path> <local url>`; Tailscale docs, "tailscale serve").
 * @throws {@link OpenClawError} `VOICE_CONFIG_INVALID` when tailscale is missing or refuses.
 */
export async function exposeWebhook(options: {
  mode: "off" | "serve" | "funnel";
  path: string;
  localUrl: string;
  bin?: string;
}): Promise<ExposeResult> {
  const bin = options.bin ?? "tailscale";
  const path = options.path.startsWith("/") ? options.path : `/${options.path}`;
  if (options.mode === "off") {
    await run(bin, ["serve", "--set-path", path, "off"]).catch(() => undefined);
    await run(bin, ["funnel", "--set-path", path, "off"]).catch(() => undefined);
    return { ok: true, mode: "off", path, localUrl: options.localUrl };
  }
  await run(bin, [options.mode, "--bg", "--set-path", path, options.localUrl]);
  let publicUrl: string | undefined;
  try {
    const status = JSON.parse(await run(bin, ["status", "--json"])) as { Self?: { DNSName?: string } };
    const name = status.Self?.DNSName?.replace(/\.$/, "");
    if (name) publicUrl = `https://${name}${path}`;
  } catch {
    publicUrl = undefined;
  }
  return {
    ok: true,
    mode: options.mode,
    path,
    localUrl: options.localUrl,
    ...(publicUrl ? { publicUrl } : {}),
    hint:
      options.mode === "serve"
        ? "serve is reachable only inside your tailnet; carriers need --mode funnel."
        : `Set plugins.entries.voice-call.config.publicUrl to ${publicUrl ?? "the funnel URL"} and restart the gateway.`,
  };
}
