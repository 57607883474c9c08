/**
 * `@openclaw/plugin-sdk/voice-call` (also `openclaw/plugin-sdk/voice-call`): telephony helpers
 * (E.164) for voice plugins, plus the generic plugin API.
 * @packageDocumentation
 */
export * from "../core.js";
export { isE164, maskPhoneNumber, normalizeE164 } from "../voice.js";
