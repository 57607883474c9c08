import { errorMessage, OpenClawError } from "@openclaw/plugin-sdk/core";

/** JSON text of a value, or the coded reason it has none. */
export type EncodedJson = { ok: true; json: string } | { ok: false; error: OpenClawError };

/**
 * `JSON.stringify` that never throws: a value JSON cannot encode (a BigInt, a circular reference, a
 * `toJSON` or getter that throws) yields a `GATEWAY_PAYLOAD_UNSERIALIZABLE` error instead, so one
 * method's answer can never take a transport (or the process) down.
 */
export function encodeJson(value: unknown): EncodedJson {
  try {
    return { ok: true, json: JSON.stringify(value) };
  } catch (error) {
    return {
      ok: false,
      error: new OpenClawError(
        "GATEWAY_PAYLOAD_UNSERIALIZABLE",
        `the answer cannot be encoded as JSON: ${errorMessage(error).split("\n")[0]}`,
        { cause: error, hint: "The method must answer with JSON values only (no BigInt, no cycles)." },
      ),
    };
  }
}
