import type { CallManager } from "./call-manager.js";
import { voiceError } from "./errors.js";
import type { CallMode, CallRecord } from "./types.js";

/** Reads a required non-empty string parameter. */
export function requireString(params: Record<string, unknown>, key: string): string {
  const value = params[key];
  if (typeof value !== "string" || value.trim() === "") {
    throw voiceError("VOICE_INVALID_PARAMS", `${key} is required`, {
      details: { param: key },
      hint: `Pass ${key} (see the @openclaw/voice-call README for each operation's parameters).`,
    });
  }
  return value.trim();
}

function optionalMode(value: unknown): CallMode | undefined {
  if (value === undefined) return undefined;
  if (value === "notify" || value === "conversation") return value;
  throw voiceError("VOICE_INVALID_PARAMS", `mode must be "notify" or "conversation"`, {
    hint: "notify speaks the message and hangs up; conversation keeps the call open for turns.",
  });
}

/** The operations every surface (RPC, tool, CLI through RPC) shares. */
export interface VoiceCallOperations {
  initiate(params: Record<string, unknown>): Promise<{ callId: string; initiated: true; state: string }>;
  speak(params: Record<string, unknown>): Promise<{ success: true; state: string }>;
  continue(params: Record<string, unknown>): Promise<{ success: true; transcript: string }>;
  end(params: Record<string, unknown>): Promise<{ success: true; call: CallRecord }>;
  status(params: Record<string, unknown>): { found: true; call: CallRecord } | { found: false };
  list(): { calls: CallRecord[] };
}

/** Builds the shared operations over the manager returned by `manager()` (throws when not running). */
export function createOperations(manager: () => CallManager): VoiceCallOperations {
  return {
    async initiate(params) {
      const message = requireString(params, "message");
      const mode = optionalMode(params.mode);
      const call = await manager().initiateCall({
        message,
        ...(typeof params.to === "string" ? { to: params.to } : {}),
        ...(mode ? { mode } : {}),
      });
      return { callId: call.callId, initiated: true, state: call.state };
    },
    async continue(params) {
      const result = await manager().continueCall(
        requireString(params, "callId"),
        requireString(params, "message"),
      );
      return { success: true, transcript: result.transcript };
    },
    async speak(params) {
      const call = await manager().speak(requireString(params, "callId"), requireString(params, "message"));
      return { success: true, state: call.state };
    },
    async end(params) {
      const call = await manager().endCall(requireString(params, "callId"));
      return { success: true, call };
    },
    status(params) {
      const id =
        typeof params.callId === "string" ? params.callId : typeof params.sid === "string" ? params.sid : "";
      if (id.trim() === "")
        throw voiceError("VOICE_INVALID_PARAMS", "callId is required", {
          hint: "Pass the callId that initiate returned (or the carrier's call id).",
        });
      const call = manager().getCall(id.trim());
      return call ? { found: true, call } : { found: false };
    },
    list() {
      return { calls: manager().listCalls() };
    },
  };
}
