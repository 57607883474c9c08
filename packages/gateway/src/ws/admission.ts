import type { GatewayConfig } from "@openclaw/plugin-sdk/core";

/** Default of `gateway.handshakeTimeoutMs`: how long a `/ws` client may stay unauthenticated (ms). */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;
/** Largest accepted `gateway.handshakeTimeoutMs` (ms); the config schema declares the same maximum. */
export const MAX_HANDSHAKE_TIMEOUT_MS = 300_000;
/** Default of `gateway.maxUnauthenticatedConnections`. */
export const DEFAULT_MAX_UNAUTHENTICATED_CONNECTIONS = 64;
/** Largest accepted `gateway.maxUnauthenticatedConnections`; the config schema declares the same maximum. */
export const MAX_UNAUTHENTICATED_CONNECTIONS = 10_000;

/** Limits on `/ws` connections that have not authenticated yet. */
export interface AdmissionLimits {
  /** Deadline to authenticate after the upgrade, in ms. */
  handshakeTimeoutMs: number;
  /** How many connections may wait to authenticate at once. */
  maxUnauthenticated: number;
}

const clamp = (value: unknown, min: number, max: number, fallback: number): number =>
  typeof value === "number" && Number.isFinite(value)
    ? Math.min(max, Math.max(min, Math.floor(value)))
    : fallback;

/**
 * The limits from the `gateway` config section. Out-of-range values (the config validator reports
 * them but the gateway still starts) are clamped into the schema's range: 100..300 000 ms and
 * 1..10 000 connections.
 */
export function resolveAdmissionLimits(config: GatewayConfig | undefined): AdmissionLimits {
  return {
    handshakeTimeoutMs: clamp(
      config?.handshakeTimeoutMs,
      100,
      MAX_HANDSHAKE_TIMEOUT_MS,
      DEFAULT_HANDSHAKE_TIMEOUT_MS,
    ),
    maxUnauthenticated: clamp(
      config?.maxUnauthenticatedConnections,
      1,
      MAX_UNAUTHENTICATED_CONNECTIONS,
      DEFAULT_MAX_UNAUTHENTICATED_CONNECTIONS,
    ),
  };
}

/** One reserved slot among the unauthenticated connections; releasing it twice is harmless. */
export interface PendingSlot {
  release(): void;
}

/** Counts `/ws` connections that have not authenticated, up to a cap. */
export class PendingConnections {
  #count = 0;

  constructor(private readonly max: number) {}

  /** Connections currently waiting to authenticate. */
  get count(): number {
    return this.#count;
  }

  /** Reserves a slot, or returns `undefined` when the cap is reached. */
  tryReserve(): PendingSlot | undefined {
    if (this.#count >= this.max) return undefined;
    this.#count += 1;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#count -= 1;
      },
    };
  }
}
