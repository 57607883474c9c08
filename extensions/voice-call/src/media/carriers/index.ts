export * from "./carrier-codec.js";
export { createStreamCodec } from "./create-codec.js";
export { PlivoStreamCodec, tokenFromExtraHeaders } from "./plivo-codec.js";
export { TELNYX_AUTH_HEADER, TelnyxStreamCodec } from "./telnyx-codec.js";
export { TwilioStreamCodec } from "./twilio-codec.js";
