import { OpenClawError, type PluginLogger } from "@openclaw/plugin-sdk/core";
import { CallManager } from "./call-manager.js";
import { CallStore } from "./call-store.js";
import type { VoiceCallConfig } from "./config.js";
import { voiceError } from "./errors.js";
import { MockProvider } from "./providers/mock.js";
import type { VoiceCallProvider } from "./providers/provider.js";
import type { CallEvent } from "./types.js";
import { startWebhookServer, type WebhookServer } from "./webhook/webhook-server.js";

/** The live voice-call runtime inside the gateway: one provider, one call manager, one call store. */
export interface VoiceCallRuntime {
  manager: CallManager;
  provider: VoiceCallProvider;
  store: CallStore;
  /** Where carriers send webhooks: `publicUrl`, else the local webhook server URL. */
  webhookUrl: string;
  /** The local webhook server URL (`http://<serve.bind>:<port><serve.path>`). */
  localWebhookUrl: string;
  stop(): Promise<void>;
}

/**
 * Builds the configured provider; carrier SDKs are imported only here, so a gateway pays only for
 * the provider it uses.
 * @throws {@link OpenClawError} `VOICE_CONFIG_INVALID` for a provider this build cannot drive.
 */
async function createProvider(
  config: VoiceCallConfig,
  emit: (event: CallEvent) => void,
): Promise<VoiceCallProvider> {
  switch (config.provider) {
    case "mock":
      return new MockProvider({ ...config.mock, acceptUnsigned: config.skipSignatureVerification }, emit);
    case "telnyx":
      return (await import("./providers/telnyx.js")).TelnyxProvider.create(config);
    case "twilio":
      return (await import("./providers/twilio.js")).TwilioProvider.create(config);
    case "plivo":
      return (await import("./providers/plivo.js")).PlivoProvider.create(config);
    default:
      throw voiceError(
        "VOICE_CONFIG_INVALID",
        `provider "${config.provider}" is not available in this version of @openclaw/voice-call`,
        {
          hint: 'Use "mock", "twilio", "telnyx" or "plivo".',
        },
      );
  }
}

/**
 * Creates the runtime for `config`: opens the durable call store in `storeDir` (repairing a torn last
 * line), builds the provider, attaches it to the call manager and restores unfinished calls
 * (reconciled with the carrier), and only then starts the webhook server, so no carrier event can
 * arrive before the calls it refers to are known.
 * @throws {@link OpenClawError} `VOICE_CONFIG_INVALID` for a provider this build cannot drive or an
 * unusable store.
 */
export async function createVoiceCallRuntime(
  config: VoiceCallConfig,
  logger: PluginLogger,
  storeDir: string,
): Promise<VoiceCallRuntime> {
  const store = new CallStore(CallStore.fileIn(storeDir));
  const loaded = store.open();
  if (loaded.repairedBytes > 0) {
    logger.warn("call store had an incomplete last line (a crash mid-write); it was cut off", {
      bytes: loaded.repairedBytes,
    });
  }
  const manager = new CallManager(config, logger, store);
  let provider: VoiceCallProvider;
  try {
    provider = await createProvider(config, (event) => manager.processEvent(event));
  } catch (error) {
    store.close();
    throw error;
  }
  if (config.skipSignatureVerification) {
    logger.warn(
      "SECURITY WARNING: skipSignatureVerification is on; webhooks are NOT verified (development only, loopback only)",
    );
  }
  // Attach and restore first: the webhook server serves carrier events from the moment it listens.
  manager.attach(provider, config.publicUrl ?? "");
  let webhook: WebhookServer;
  try {
    await manager.restore(loaded.calls);
    webhook = await startWebhookServer({ config, provider, manager, logger });
  } catch (error) {
    manager.close();
    provider.close();
    store.close();
    throw error;
  }
  manager.setWebhookUrl(config.publicUrl ?? webhook.localUrl);
  const reaper = setInterval(() => manager.reapStaleCalls(), 15_000);
  reaper.unref();
  logger.info("voice-call runtime started", {
    provider: provider.name,
    store: store.path,
    webhook: webhook.localUrl,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
  });
  return {
    manager,
    provider,
    store,
    webhookUrl: config.publicUrl ?? webhook.localUrl,
    localWebhookUrl: webhook.localUrl,
    async stop() {
      clearInterval(reaper);
      manager.close();
      provider.close();
      await webhook.close();
      store.close();
    },
  };
}
