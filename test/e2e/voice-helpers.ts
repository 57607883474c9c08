import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Home, RunningGateway } from "./helpers.js";

/** One RPC over `POST /rpc` with the gateway token, as any client would send it. */
export async function rpc<T>(
  home: Home,
  gateway: RunningGateway,
  method: string,
  params: Record<string, unknown>,
): Promise<T> {
  const token = readFileSync(join(home.stateDir, "gateway/token"), "utf8").trim();
  const response = await fetch(`${gateway.url}/rpc`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ method, params }),
  });
  const body = (await response.json()) as { ok: boolean; payload: T; error?: { code: string } };
  if (!body.ok) throw new Error(`${method} failed: ${body.error?.code}`);
  return body.payload;
}

/**
 * Resolves once `voicecall.status` reports `state` for the call: a condition awaited by querying the
 * gateway (one RPC round trip apart), not a fixed sleep; fails after `timeoutMs`.
 */
export async function waitForCallState(
  home: Home,
  gateway: RunningGateway,
  callId: string,
  state: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    const status = await rpc<{ found: boolean; call?: { state: string } }>(
      home,
      gateway,
      "voicecall.status",
      { callId },
    );
    last = status.call?.state ?? "not found";
    if (last === state) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`call ${callId} did not reach ${state} within ${timeoutMs} ms (last: ${last})`);
}
