import { BASE_CONFIG_SCHEMA } from "@openclaw/plugin-loader";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_HANDSHAKE_TIMEOUT_MS,
  DEFAULT_MAX_UNAUTHENTICATED_CONNECTIONS,
  MAX_HANDSHAKE_TIMEOUT_MS,
  MAX_UNAUTHENTICATED_CONNECTIONS,
  PendingConnections,
  resolveAdmissionLimits,
} from "../src/ws/admission.js";

type Schema = { properties: Record<string, Schema>; minimum?: number; maximum?: number };
const gatewaySchema = (BASE_CONFIG_SCHEMA as unknown as Schema).properties.gateway as Schema;

describe("resolveAdmissionLimits", () => {
  it("defaults to 10 s and 64 connections", () => {
    expect(resolveAdmissionLimits(undefined)).toEqual({
      handshakeTimeoutMs: DEFAULT_HANDSHAKE_TIMEOUT_MS,
      maxUnauthenticated: DEFAULT_MAX_UNAUTHENTICATED_CONNECTIONS,
    });
    expect(DEFAULT_HANDSHAKE_TIMEOUT_MS).toBe(10_000);
    expect(DEFAULT_MAX_UNAUTHENTICATED_CONNECTIONS).toBe(64);
  });

  it("clamps values into the config schema's range (which the validator reports)", () => {
    expect(
      resolveAdmissionLimits({ handshakeTimeoutMs: 2 ** 40, maxUnauthenticatedConnections: 1e9 }),
    ).toEqual({
      handshakeTimeoutMs: MAX_HANDSHAKE_TIMEOUT_MS,
      maxUnauthenticated: MAX_UNAUTHENTICATED_CONNECTIONS,
    });
    expect(resolveAdmissionLimits({ handshakeTimeoutMs: 0, maxUnauthenticatedConnections: -3 })).toEqual({
      handshakeTimeoutMs: gatewaySchema.properties.handshakeTimeoutMs?.minimum,
      maxUnauthenticated: gatewaySchema.properties.maxUnauthenticatedConnections?.minimum,
    });
  });

  it("uses the same maxima as the config schema", () => {
    expect(gatewaySchema.properties.handshakeTimeoutMs?.maximum).toBe(MAX_HANDSHAKE_TIMEOUT_MS);
    expect(gatewaySchema.properties.maxUnauthenticatedConnections?.maximum).toBe(
      MAX_UNAUTHENTICATED_CONNECTIONS,
    );
    // A deadline must fit setTimeout's 2^31-1 ms.
    expect(MAX_HANDSHAKE_TIMEOUT_MS).toBeLessThan(2 ** 31 - 1);
  });
});

describe("PendingConnections", () => {
  it("reserves up to the cap, and a slot released twice frees one place only", () => {
    const pending = new PendingConnections(2);
    const a = pending.tryReserve();
    const b = pending.tryReserve();
    expect(pending.tryReserve()).toBeUndefined();
    a?.release();
    a?.release();
    expect(pending.count).toBe(1);
    expect(pending.tryReserve()).toBeDefined();
    expect(pending.tryReserve()).toBeUndefined();
    b?.release();
    expect(pending.count).toBe(1);
  });
});
