import type { PluginRegistry } from "@openclaw/plugin-registry";
import {
  errorMessage,
  type GatewayRequestHandler,
  isOpenClawError,
  isOpenClawErrorCode,
  OpenClawError,
  type OpenClawErrorJSON,
} from "@openclaw/plugin-sdk/core";

import type { PluginCallOptions } from "./plugin-calls.js";
import { runPluginMethod } from "./plugin-methods.js";

/** An RPC request: `{ method, params? }`. */
export interface RpcRequest {
  method: string;
  params?: Record<string, unknown>;
}

/** An RPC response: `{ ok: true, payload }` or `{ ok: false, error }` (a coded error, never a stack). */
export type RpcResponse = { ok: true; payload: unknown } | { ok: false; error: OpenClawErrorJSON };

/** Core methods, keyed by name; they win over nothing because plugins cannot register these names. */
export type CoreMethods = ReadonlyMap<string, GatewayRequestHandler>;

/** Options of {@link dispatchRpc}. */
export interface DispatchOptions {
  registry: PluginRegistry;
  coreMethods: CoreMethods;
  client: { id: string; transport: "http" | "ws" | "internal" };
  /** Aborted when the caller went away; handed to the method handler. */
  signal?: AbortSignal;
  /** Budget and failure logging of plugin methods (see {@link runPluginMethod}). */
  pluginCalls?: PluginCallOptions;
}

function toErrorJSON(value: unknown, fallbackMessage: string): OpenClawErrorJSON {
  if (isOpenClawError(value)) return value.toJSON();
  if (typeof value === "object" && value !== null) {
    const candidate = value as { code?: unknown; message?: unknown; hint?: unknown; error?: unknown };
    const message =
      typeof candidate.message === "string"
        ? candidate.message
        : typeof candidate.error === "string"
          ? candidate.error
          : fallbackMessage;
    const code = isOpenClawErrorCode(candidate.code) ? candidate.code : "GATEWAY_METHOD_FAILED";
    return { code, message, ...(typeof candidate.hint === "string" ? { hint: candidate.hint } : {}) };
  }
  return {
    code: "GATEWAY_METHOD_FAILED",
    message: value === undefined ? fallbackMessage : errorMessage(value),
  };
}

/**
 * Runs one RPC request against the core methods and the registry's plugin methods. Never throws: a
 * handler that throws, answers `ok: false`, or returns without answering yields a coded error.
 */
export async function dispatchRpc(request: RpcRequest, options: DispatchOptions): Promise<RpcResponse> {
  if (typeof request?.method !== "string" || request.method.trim() === "") {
    return {
      ok: false,
      error: new OpenClawError("GATEWAY_BAD_REQUEST", "RPC request needs a method").toJSON(),
    };
  }
  const method = request.method.trim();
  const params = request.params;
  if (params !== undefined && (typeof params !== "object" || params === null || Array.isArray(params))) {
    return {
      ok: false,
      error: new OpenClawError("GATEWAY_BAD_REQUEST", "RPC params must be an object").toJSON(),
    };
  }
  const handler = options.coreMethods.get(method) ?? options.registry.gatewayMethods.get(method)?.handler;
  if (!handler) {
    return {
      ok: false,
      error: new OpenClawError("GATEWAY_METHOD_NOT_FOUND", `unknown method: ${method}`, {
        hint: "Call gateway.methods to list the methods this gateway serves.",
      }).toJSON(),
    };
  }
  let answer: RpcResponse | undefined;
  const args: Parameters<GatewayRequestHandler>[0] = {
    params: params ?? {},
    client: options.client,
    ...(options.signal ? { signal: options.signal } : {}),
    respond(ok, payload, error) {
      if (answer) return;
      answer = ok
        ? { ok: true, payload }
        : { ok: false, error: toErrorJSON(error ?? payload, `${method} failed`) };
    },
  };
  const plugin = options.coreMethods.has(method) ? undefined : options.registry.gatewayMethods.get(method);
  try {
    if (plugin) await runPluginMethod(options.registry, plugin, args, options.pluginCalls);
    else await handler(args);
  } catch (error) {
    answer ??= { ok: false, error: toErrorJSON(error, `${method} failed`) };
  }
  return (
    answer ?? {
      ok: false,
      error: new OpenClawError(
        "GATEWAY_METHOD_FAILED",
        `method ${method} returned without responding`,
      ).toJSON(),
    }
  );
}
