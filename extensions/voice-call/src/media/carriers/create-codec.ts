import type { CarrierStreamCodec, StreamCarrier } from "./carrier-codec.js";
import { PlivoStreamCodec } from "./plivo-codec.js";
import { TelnyxStreamCodec } from "./telnyx-codec.js";
import { TwilioStreamCodec } from "./twilio-codec.js";

/** A fresh codec for one connection of `carrier`. */
export function createStreamCodec(carrier: StreamCarrier): CarrierStreamCodec {
  if (carrier === "twilio") return new TwilioStreamCodec();
  if (carrier === "telnyx") return new TelnyxStreamCodec();
  return new PlivoStreamCodec();
}
