import {
  isOpenClawError,
  OpenClawError,
  type PluginCliContext,
  type PluginGatewayCall,
} from "@openclaw/plugin-sdk/core";
import { CallStore } from "./call-store.js";
import { resolveServeConfig } from "./config.js";
import { resolveTunnelConfig } from "./config-realtime.js";
import { voiceError } from "./errors.js";
import { exposeWebhook } from "./expose.js";
import { resolveStoreDir } from "./store-path.js";
import { tailCallStore } from "./tail.js";
import { openNgrokTunnel } from "./tunnel/ngrok-tunnel.js";

type Print = (payload: unknown) => void;
type Command = PluginCliContext["program"];

/** The raw `plugins.entries.voice-call.config` of the CLI's config (not validated: only paths are read). */
function rawPluginConfig(config: PluginCliContext["config"]): Record<string, unknown> {
  return (config.plugins?.entries?.["voice-call"]?.config ?? {}) as Record<string, unknown>;
}

/**
 * Wraps the gateway call: a missing voicecall.* method means the gateway has no voice-call runtime,
 * so say that (`VOICE_RUNTIME_UNAVAILABLE`), not "unknown method".
 */
function voiceGatewayCall(callAnyMethod: PluginGatewayCall): PluginGatewayCall {
  return async (method, params, options) => {
    try {
      return await callAnyMethod(method, params, options);
    } catch (error) {
      if (isOpenClawError(error) && error.code === "GATEWAY_METHOD_NOT_FOUND") {
        throw voiceError("VOICE_RUNTIME_UNAVAILABLE", "the running gateway has no voice-call runtime", {
          cause: error,
          hint: "The plugin is disabled or failed to load there: run `openclaw plugins doctor` for the reason, fix it, then `openclaw plugins reload voice-call`.",
        });
      }
      throw error;
    }
  };
}

/** `call` and `continue`: start a call, run a conversation turn. */
function registerTurnCommands(voicecall: Command, callGateway: PluginGatewayCall, out: Print): void {
  voicecall
    .command("call")
    .description("Place an outbound call and print its id")
    .requiredOption("-m, --message <text>", "what to say when the callee answers")
    .option("-t, --to <e164>", "callee in E.164 form (default: toNumber from config)")
    .option("--mode <mode>", "notify (speak, then hang up) or conversation")
    .action(async (opts: { message: string; to?: string; mode?: string }) => {
      out(
        await callGateway("voicecall.initiate", {
          message: opts.message,
          ...(opts.to ? { to: opts.to } : {}),
          ...(opts.mode ? { mode: opts.mode } : {}),
        }),
      );
    });
  voicecall
    .command("continue")
    .description("Say something and wait for the callee's answer (prints the transcript)")
    .requiredOption("--call-id <id>", "call id")
    .requiredOption("-m, --message <text>", "what to say")
    .action(async (opts: { callId: string; message: string }) => {
      const params = { callId: opts.callId, message: opts.message };
      out(await callGateway("voicecall.continue", params, { timeoutMs: 200_000 }));
    });
}

/** `speak`, `end` and `status` of a live call. */
function registerCallCommands(voicecall: Command, callGateway: PluginGatewayCall, out: Print): void {
  voicecall
    .command("speak")
    .description("Speak a message on a live call")
    .requiredOption("--call-id <id>", "call id")
    .requiredOption("-m, --message <text>", "text to speak")
    .action(async (opts: { callId: string; message: string }) => {
      out(await callGateway("voicecall.speak", { callId: opts.callId, message: opts.message }));
    });
  voicecall
    .command("end")
    .description("Hang up a call")
    .requiredOption("--call-id <id>", "call id")
    .action(async (opts: { callId: string }) =>
      out(await callGateway("voicecall.end", { callId: opts.callId })),
    );
  voicecall
    .command("status")
    .description("Show a call's state and transcript")
    .requiredOption("--call-id <id>", "call id")
    .action(async (opts: { callId: string }) => {
      const status = await callGateway<{ found: boolean }>("voicecall.status", { callId: opts.callId });
      // Same code and exit status (3) as `end` on an unknown id, not a `{ found: false }` that exits 0.
      if (!status.found) {
        throw voiceError("VOICE_CALL_NOT_FOUND", `no call with id ${opts.callId}`, {
          hint: "List calls with `openclaw voicecall tail --no-follow`.",
        });
      }
      out(status);
    });
}

/** `tail`: reads the call store the gateway writes (same path rule: {@link resolveStoreDir}). */
function registerTailCommand(voicecall: Command, ctx: PluginCliContext): void {
  voicecall
    .command("tail")
    .description("Print the last call records of the call store, then follow new ones (Ctrl-C stops)")
    .option("--file <path>", "calls.jsonl to read (default: the store of the configured gateway)")
    .option("--since <n>", "records to print first", "25")
    .option("--poll <ms>", "how often to look for new records, ms (min 50)", "250")
    .option("--no-follow", "print and exit")
    .action(async (opts: { file?: string; since: string; poll: string; follow: boolean }) => {
      const file =
        opts.file ?? CallStore.fileIn(resolveStoreDir(rawPluginConfig(ctx.config).store, ctx.stateDir));
      await tailCallStore(file, {
        since: Number(opts.since),
        pollMs: Math.max(50, Number(opts.poll)),
        follow: opts.follow,
        print: ctx.print,
      });
    });
}

/** `expose`: publishes the webhook server through Tailscale, or an ngrok tunnel held open by the command. */
function registerExposeCommand(voicecall: Command, ctx: PluginCliContext, out: Print): void {
  voicecall
    .command("expose")
    .description(
      "Publish the webhook server: Tailscale funnel (carriers) or serve (tailnet), or an ngrok tunnel kept open until Ctrl-C",
    )
    .option("--mode <mode>", "funnel, serve, off or ngrok", "funnel")
    .option("--path <path>", "public path", "/voice/webhook")
    .option("--port <port>", "local webhook port (default: serve.port, else 3334)")
    .option("--serve-path <path>", "local webhook path (default: serve.path)")
    .action(async (opts: { mode: string; path: string; port?: string; servePath?: string }) => {
      if (!["funnel", "serve", "off", "ngrok"].includes(opts.mode)) {
        throw new OpenClawError("CLI_USAGE", `--mode must be funnel, serve, off or ngrok (got ${opts.mode})`);
      }
      const raw = rawPluginConfig(ctx.config);
      const serve = resolveServeConfig(raw.serve);
      const localUrl = `http://127.0.0.1:${opts.port ?? serve.port}${opts.servePath ?? serve.path}`;
      if (opts.mode !== "ngrok") {
        out(
          await exposeWebhook({ mode: opts.mode as "funnel" | "serve" | "off", path: opts.path, localUrl }),
        );
        return;
      }
      const tunnel = resolveTunnelConfig(raw.tunnel, process.env);
      const opened = await openNgrokTunnel({
        addr: new URL(localUrl).host,
        webhookPath: opts.servePath ?? serve.path,
        ...(tunnel.ngrokAuthToken ? { authtoken: tunnel.ngrokAuthToken } : {}),
        ...(tunnel.ngrokDomain ? { domain: tunnel.ngrokDomain } : {}),
      });
      out({
        ok: true,
        mode: "ngrok",
        localUrl,
        publicUrl: opened.publicUrl,
        hint: `Set plugins.entries.voice-call.config.publicUrl to ${opened.publicUrl} while this runs (Ctrl-C closes the tunnel), or set tunnel.provider "ngrok" to let the gateway open it.`,
      });
      await new Promise<void>((resolve) => {
        for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
      });
      await opened.close();
    });
}

/**
 * Registers `openclaw voicecall call|continue|speak|end|status|tail|expose`. Every command but `tail`
 * and `expose` calls the running gateway over RPC (`voicecall.*`); the CLI never starts a call runtime
 * or a webhook server of its own. `tail` reads the durable call store file; `expose` drives the
 * `tailscale` CLI.
 */
export function registerVoiceCallCli(ctx: PluginCliContext): void {
  const callGateway = voiceGatewayCall(ctx.callGateway);
  const out: Print = (payload) => ctx.print(JSON.stringify(payload, null, 2));
  const voicecall = ctx.program
    .command("voicecall")
    .description("Place and manage phone calls through the gateway");
  registerTurnCommands(voicecall, callGateway, out);
  registerCallCommands(voicecall, callGateway, out);
  registerTailCommand(voicecall, ctx);
  registerExposeCommand(voicecall, ctx, out);
}
