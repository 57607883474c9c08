import type { EventEmitter } from "node:events";
import { OpenClawError } from "@openclaw/plugin-sdk/core";

/** Event namespaces core owns; plugins cannot broadcast in them. */
export const CORE_EVENT_NAMESPACES: readonly string[] = [
  "gateway",
  "plugins",
  "config",
  "agent",
  "approvals",
];

/** Name of the host event that carries a plugin event to the WebSocket side: `(event, payload)`. */
export const PLUGIN_EVENT = "gateway.event";

/**
 * Checks a plugin event name: `<namespace>.<what>`, letters, digits, `-`, `_` and dots, outside the
 * core namespaces.
 * @throws {@link OpenClawError} `GATEWAY_EVENT_RESERVED`.
 */
export function checkPluginEventName(event: string): void {
  const namespace = event.split(".")[0] ?? "";
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/.test(event) || CORE_EVENT_NAMESPACES.includes(namespace)) {
    throw new OpenClawError("GATEWAY_EVENT_RESERVED", `a plugin cannot broadcast event "${event}"`, {
      hint: `Name plugin events <namespace>.<what> outside ${CORE_EVENT_NAMESPACES.map((n) => `${n}.`).join(", ")}, e.g. voicecall.call.`,
    });
  }
}

/**
 * The `api.runtime.gateway.broadcast` function of a gateway: checks the name, then emits
 * {@link PLUGIN_EVENT} on `host`, which the server forwards to every authenticated `/ws` client.
 */
export function pluginEventBroadcaster(host: EventEmitter): (event: string, payload?: unknown) => void {
  return (event, payload) => {
    checkPluginEventName(event);
    host.emit(PLUGIN_EVENT, event, payload);
  };
}
