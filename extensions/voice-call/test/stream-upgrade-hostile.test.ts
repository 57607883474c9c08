import type { IncomingMessage } from "node:http";
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { streamUpgradeUrls } from "../src/streaming/stream-upgrade-urls.js";
import { verifyTwilioStreamUpgrade } from "../src/verification/stream-upgrade.js";

const AUTH_TOKEN = "twilio-auth-token-0123";

function upgrade(headers: Record<string, string | string[]>, remoteAddress = "203.0.113.9"): IncomingMessage {
  return {
    headers,
    url: "/voice/stream",
    method: "GET",
    socket: { remoteAddress },
  } as unknown as IncomingMessage;
}

const context = (urls: string[]) => ({ urls, isIssuedToken: () => false });

describe("Twilio stream upgrade against a hostile client", () => {
  it("untrusted forwarding headers never choose the URL the signature is checked against", () => {
    const spoofed = upgrade({
      host: "voice.example.com",
      "x-forwarded-host": "attacker.example.net",
      "x-original-host": "attacker.example.net",
      "x-forwarded-proto": "http",
    });
    expect(streamUpgradeUrls(spoofed, "wss://voice.example.com/voice/stream", undefined, {})).toEqual([
      "wss://voice.example.com/voice/stream",
    ]);
    // Trusted only from the listed proxy: the same headers from another peer are ignored.
    const security = { allowedHosts: ["attacker.example.net"], trustedProxyIPs: ["10.0.0.1"] };
    expect(streamUpgradeUrls(spoofed, "", undefined, security)).toEqual([
      "wss://voice.example.com/voice/stream",
    ]);
    // A signature the attacker made with its own token for its own host is refused.
    const forged = twilio.getExpectedTwilioSignature(
      "attacker-token",
      "wss://attacker.example.net/voice/stream",
      {},
    );
    const verdict = verifyTwilioStreamUpgrade(
      upgrade({ ...(spoofed.headers as Record<string, string>), "x-twilio-signature": forged }),
      AUTH_TOKEN,
      context(streamUpgradeUrls(spoofed, "", undefined, {})),
      twilio.validateRequest,
    );
    expect(verdict.ok).toBe(false);
  });

  it("several signature headers, a signature glued to a valid one, or a huge Host are refused, not crashed on", () => {
    const url = "wss://voice.example.com/voice/stream";
    const valid = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, {});
    const cases: Array<Record<string, string | string[]>> = [
      { "x-twilio-signature": ["bad", valid], host: "voice.example.com" },
      { "x-twilio-signature": `${valid}, ${valid}`, host: "voice.example.com" },
      { "x-twilio-signature": `${valid}\r\nx-injected: 1`, host: "voice.example.com" },
      { "x-twilio-signature": "A".repeat(16_000), host: `${"h".repeat(16_000)}:1` },
    ];
    for (const headers of cases) {
      const verdict = verifyTwilioStreamUpgrade(
        upgrade(headers),
        AUTH_TOKEN,
        context([url]),
        twilio.validateRequest,
      );
      expect(verdict.ok).toBe(false);
    }
    const hugeHost = upgrade({ host: `${"a".repeat(16_000)}.example.com` });
    expect(() => streamUpgradeUrls(hugeHost, url, undefined, {})).not.toThrow();
  });
});
