import { OpenClawError, type PluginLogger } from "@openclaw/plugin-sdk/core";
import { CallManager } from "./call-manager.js";
import type { VoiceCallConfig } from "./config.js";
import { MockProvider } from "./providers/mock.js";
import type { VoiceCallProvider } from "./providers/provider.js";

/** The live voice-call runtime inside the gateway: one provider and one call manager. */
export interface VoiceCallRuntime {
  manager: CallManager;
  provider: VoiceCallProvider;
  stop(): void;
}

/**
 * Creates the runtime for `config`.
 * @throws {@link OpenClawError} `VOICE_CONFIG_INVALID` for a provider this build cannot drive.
 */
export function createVoiceCallRuntime(config: VoiceCallConfig, logger: PluginLogger): VoiceCallRuntime {
  const manager = new CallManager(config, logger);
  let provider: VoiceCallProvider;
  if (config.provider === "mock") {
    provider = new MockProvider(config.mock, (event) => manager.processEvent(event));
  } else {
    throw new OpenClawError(
      "VOICE_CONFIG_INVALID",
      `provider "${config.provider}" is not available in this version of @openclaw/voice-call`,
      {
        hint: 'Set plugins.entries.voice-call.config.provider to "mock".',
      },
    );
  }
  manager.attach(provider);
  logger.info("voice-call runtime started", { provider: provider.name });
  return {
    manager,
    provider,
    stop() {
      manager.close();
      provider.close();
    },
  };
}
