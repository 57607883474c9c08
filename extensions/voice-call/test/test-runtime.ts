import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PluginLogger } from "@openclaw/plugin-sdk/core";
import {
  type CallManager,
  type CallRecord,
  createVoiceCallRuntime,
  resolveVoiceCallConfig,
  type VoiceCallRuntime,
} from "../src/index.js";

const quiet: PluginLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * Starts a runtime over the raw plugin `config` as the gateway would, but with an empty environment
 * (no credential fallbacks), the webhook server on a random loopback port unless `config.serve` is
 * given, the call store in `storeDir` (default: a fresh temp dir), and a silent logger unless
 * `logger` overrides some of its levels.
 */
export function startTestRuntime(
  config: Record<string, unknown>,
  storeDir: string = mkdtempSync(join(tmpdir(), "voice-store-")),
  logger: Partial<PluginLogger> = {},
): Promise<VoiceCallRuntime> {
  return createVoiceCallRuntime(
    resolveVoiceCallConfig({ serve: { port: 0 }, ...config }, {}),
    { ...quiet, ...logger },
    storeDir,
  );
}

/** Resolves with the call once `match` holds for it (checked now and after every change of any call). */
export function waitForCall(
  manager: CallManager,
  callId: string,
  match: (call: CallRecord) => boolean,
): Promise<CallRecord> {
  return new Promise((resolve) => {
    const check = () => {
      const call = manager.getCall(callId);
      if (!call || !match(call)) return false;
      unsubscribe();
      resolve(call);
      return true;
    };
    const unsubscribe = manager.onChange(() => void check());
    check();
  });
}
