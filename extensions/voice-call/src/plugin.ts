import { definePluginEntry, type OpenClawPluginApi } from "@openclaw/plugin-sdk/core";
import { registerVoiceCallCli } from "./cli.js";
import { resolveVoiceCallConfig } from "./config.js";
import { voiceError } from "./errors.js";
import { createVoiceCallRuntime, type VoiceCallRuntime } from "./runtime.js";
import { resolveStoreDir } from "./store-path.js";
import { createOperations } from "./surfaces.js";
import { createVoiceCallTool } from "./tool.js";

function register(api: OpenClawPluginApi): void {
  api.registerCli(registerVoiceCallCli, {
    commands: ["voicecall"],
    descriptors: [{ name: "voicecall", description: "Place and manage phone calls (Voice Call plugin)" }],
  });
  if (api.registrationMode !== "full") return;

  const config = resolveVoiceCallConfig(api.pluginConfig);
  let runtime: VoiceCallRuntime | undefined;
  const manager = () => {
    if (!runtime) {
      throw voiceError("VOICE_RUNTIME_UNAVAILABLE", "the voice-call runtime is not running", {
        hint: config.enabled
          ? "Check the gateway log for why the voicecall service failed to start."
          : "Set plugins.entries.voice-call.config.enabled to true.",
      });
    }
    return runtime.manager;
  };
  const operations = createOperations(manager);

  api.registerService({
    id: "voicecall",
    async start() {
      if (!config.enabled) return;
      const storeDir = resolveStoreDir(config.store, api.runtime.state.resolveStateDir());
      runtime = await createVoiceCallRuntime(config, api.logger, storeDir);
      // Inside a gateway every call change reaches /ws clients (the Control UI's live transcript).
      const broadcast = api.runtime.gateway?.broadcast;
      if (broadcast) {
        runtime.manager.onChange((call) => {
          try {
            broadcast("voicecall.call", { call });
          } catch (error) {
            api.logger.warn("voicecall.call event not sent", { error: (error as Error).message });
          }
        });
      }
    },
    async stop() {
      await runtime?.stop();
      runtime = undefined;
    },
  });
  api.registerGatewayMethod("voicecall.initiate", async ({ params, respond }) =>
    respond(true, await operations.initiate(params)),
  );
  api.registerGatewayMethod("voicecall.continue", async ({ params, respond }) =>
    respond(true, await operations.continue(params)),
  );
  api.registerGatewayMethod("voicecall.speak", async ({ params, respond }) =>
    respond(true, await operations.speak(params)),
  );
  api.registerGatewayMethod("voicecall.end", async ({ params, respond }) =>
    respond(true, await operations.end(params)),
  );
  api.registerGatewayMethod("voicecall.status", ({ params, respond }) =>
    respond(true, operations.status(params)),
  );
  api.registerGatewayMethod("voicecall.list", ({ respond }) => respond(true, operations.list()));
  api.registerTool(createVoiceCallTool(operations));
}

/** The Voice Call plugin entry (`id: "voice-call"`). */
const voiceCallPlugin: ReturnType<typeof definePluginEntry> = definePluginEntry({
  id: "voice-call",
  name: "Voice Call",
  description: "Phone calls through Twilio, Telnyx or Plivo, with a mock provider for development.",
  register,
});

export default voiceCallPlugin;
