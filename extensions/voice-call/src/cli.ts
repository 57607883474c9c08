import type { PluginCliContext } from "@openclaw/plugin-sdk/core";

/**
 * Registers `openclaw voicecall call|speak|end|status`. Every command calls the running gateway over
 * RPC (`voicecall.*`); the CLI never starts a call runtime or a webhook server of its own.
 */
export function registerVoiceCallCli({ program, callGateway, print }: PluginCliContext): void {
  const out = (payload: unknown): void => print(JSON.stringify(payload, null, 2));
  const voicecall = program
    .command("voicecall")
    .description("Place and manage phone calls through the gateway");
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
    .action(async (opts: { callId: string }) =>
      out(await callGateway("voicecall.status", { callId: opts.callId })),
    );
}
