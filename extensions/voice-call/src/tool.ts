import type { AgentTool, AgentToolResult } from "@openclaw/plugin-sdk/core";
import { errorMessage, isOpenClawError } from "@openclaw/plugin-sdk/core";
import type { VoiceCallOperations } from "./surfaces.js";

function result(payload: unknown): AgentToolResult {
  return { content: [{ type: "text", text: JSON.stringify(payload, null, 2) }], details: payload };
}

/**
 * The `voice_call` agent tool. Actions: `initiate_call` (message, to?, mode?), `continue_call`
 * (callId, message: speaks, then waits for the callee's answer), `speak_to_user`
 * (callId, message), `end_call` (callId), `get_status` (callId). Errors are returned as
 * `{ error, code }` payloads, never thrown at the agent.
 */
export function createVoiceCallTool(operations: VoiceCallOperations): AgentTool {
  return {
    name: "voice_call",
    label: "Voice Call",
    description: "Place, speak on, end and inspect phone calls through the Voice Call plugin.",
    parameters: {
      type: "object",
      required: ["action"],
      properties: {
        action: {
          type: "string",
          enum: ["initiate_call", "continue_call", "speak_to_user", "end_call", "get_status"],
        },
        message: { type: "string", description: "Text to speak" },
        to: { type: "string", description: "Callee in E.164 form, e.g. +15550001234" },
        mode: { type: "string", enum: ["notify", "conversation"] },
        callId: { type: "string", description: "Call id returned by initiate_call" },
      },
    },
    async execute(_toolCallId, params) {
      try {
        switch (params.action) {
          case "initiate_call":
            return result(await operations.initiate(params));
          case "continue_call":
            return result(await operations.continue(params));
          case "speak_to_user":
            return result(await operations.speak(params));
          case "end_call":
            return result(await operations.end(params));
          case "get_status":
            return result(operations.status(params));
          default:
            return result({
              error: `unknown action: ${String(params.action)}`,
              code: "VOICE_INVALID_PARAMS",
            });
        }
      } catch (error) {
        return result({
          error: errorMessage(error),
          ...(isOpenClawError(error) ? { code: error.code } : {}),
        });
      }
    },
  };
}
