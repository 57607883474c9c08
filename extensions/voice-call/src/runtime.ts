import type { Server } from "node:http";
import { OpenClawError, type PluginLogger, type PluginRuntimeAgent } from "@openclaw/plugin-sdk/core";
import { AutoResponder } from "./auto-response/auto-responder.js";
import { CallManager } from "./call-manager.js";
import { CallStore } from "./call-store.js";
import type { VoiceCallConfig } from "./config.js";
import { voiceError } from "./errors.js";
import { MockProvider } from "./providers/mock.js";
import type { VoiceCallProvider } from "./providers/provider.js";
import { CallStreams } from "./streaming/call-streams.js";
import { openAIRealtimeProvider } from "./stt/openai-realtime.js";
import {
  getRealtimeTranscriptionProvider,
  type RealtimeTranscriptionProvider,
  registerRealtimeTranscriptionProvider,
} from "./stt/realtime-transcription.js";
import type { TelephonySpeech } from "./tts/telephony-speech.js";
import { type ExposureDeps, openPublicExposure, type PublicExposure } from "./tunnel/public-exposure.js";
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
  /** Media streams, when `streaming.enabled` and the provider has them. */
  streams?: CallStreams;
  /** Answers final transcripts of inbound and conversation calls with the agent. */
  responder: AutoResponder;
  stop(): Promise<void>;
}

/** What the host lends the runtime (from `api.runtime`), and test/bench tuning. */
export interface VoiceCallRuntimeDeps {
  /** Telephony TTS for streaming calls (built over `api.runtime.tts`). */
  speech?: TelephonySpeech;
  /** Realtime STT; default the provider registered under `streaming.sttProvider`. */
  transcription?: RealtimeTranscriptionProvider;
  sessionOptions?: { leadMs?: number; markGraceMs?: number };
  /** `api.runtime.agent`, for auto-responses (absent: transcripts are recorded, not answered). */
  agent?: PluginRuntimeAgent | undefined;
  /** Replaces the ngrok library / tailscale binary (tests). */
  exposure?: ExposureDeps;
}

registerRealtimeTranscriptionProvider(openAIRealtimeProvider);

function startStreams(
  config: VoiceCallConfig,
  provider: VoiceCallProvider,
  manager: CallManager,
  logger: PluginLogger,
  deps: VoiceCallRuntimeDeps,
): CallStreams | undefined {
  if (!config.streaming.enabled) return undefined;
  if (!provider.streamCarrier) {
    logger.info(`streaming.enabled has no effect on the ${provider.name} provider (no media streams)`);
    return undefined;
  }
  const streams = new CallStreams({
    config,
    provider,
    manager,
    logger,
    speech: deps.speech,
    transcription: deps.transcription ?? getRealtimeTranscriptionProvider(config.streaming.sttProvider),
    ...(deps.sessionOptions ? { sessionOptions: deps.sessionOptions } : {}),
  });
  manager.attachStreams(streams);
  return streams;
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
  resolvedConfig: VoiceCallConfig,
  logger: PluginLogger,
  storeDir: string,
  deps: VoiceCallRuntimeDeps = {},
): Promise<VoiceCallRuntime> {
  // The runtime's own copy: a tunnel sets its `publicUrl`, which must not outlive this runtime.
  const config: VoiceCallConfig = { ...resolvedConfig };
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
  const streams = startStreams(config, provider, manager, logger, deps);
  const responder = new AutoResponder({
    config,
    manager,
    logger,
    agent: deps.agent,
    streaming: (call) => streams?.handles(call) === true,
    ...(streams ? { onBargeIn: (listener: (callId: string) => void) => streams.onBargeIn(listener) } : {}),
  });
  let webhook: WebhookServer;
  try {
    await manager.restore(loaded.calls);
    webhook = await startWebhookServer({
      config,
      provider,
      manager,
      logger,
      // Media streams take their upgrades before the first connection can arrive.
      ...(streams ? { beforeListen: (server: Server) => streams.server.attach(server) } : {}),
    });
  } catch (error) {
    responder.close();
    manager.close();
    await streams?.close();
    provider.close();
    store.close();
    throw error;
  }
  let exposure: PublicExposure;
  try {
    exposure = await openPublicExposure(config, webhook.localUrl, deps.exposure);
  } catch (error) {
    responder.close();
    manager.close();
    await streams?.close();
    provider.close();
    await webhook.close();
    store.close();
    throw error;
  }
  // A tunnel's URL is the public URL from now on: carriers are sent to it and signatures checked against it.
  if (exposure.publicUrl) config.publicUrl = exposure.publicUrl;
  manager.setWebhookUrl(config.publicUrl ?? webhook.localUrl);
  streams?.setWebhookUrl(config.publicUrl ?? webhook.localUrl);
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
    ...(streams ? { streams } : {}),
    responder,
    async stop() {
      clearInterval(reaper);
      responder.close();
      manager.close();
      await streams?.close();
      provider.close();
      await exposure.close().catch(() => undefined);
      await webhook.close();
      store.close();
    },
  };
}
